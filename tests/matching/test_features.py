"""Features and the cold-start score: what moves the score, and by how much."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy import sparse

from marketplace.matching.features import FEATURE_NAMES, feature_matrix
from marketplace.matching.geometry import great_circle_km
from marketplace.matching.pool import CandidatePool
from marketplace.matching.records import (
    DAY_PARTS,
    KINDS,
    KINDS_OPEN_TO_ALL,
    CandidateRecord,
    availability_mask,
    bit_names,
    bitmask,
    day_number,
    level_rank,
)
from marketplace.matching.scoring import rank_candidates, ranking_keys
from marketplace.opportunities import vocab
from marketplace.opportunities.vocab import OpportunityKind
from tests.matching.helpers import ANTWERP, MECHELEN, candidate, pool_of, spec_of


def features_of(spaces, *records, **opportunity_fields) -> dict[str, dict[str, float]]:
    pool = pool_of(spaces, *records)
    X, names = feature_matrix(pool, spec_of(spaces, **opportunity_fields))
    return {record.id: dict(zip(names, row, strict=True)) for record, row in zip(records, X,
                                                                                  strict=True)}


def scores_of(spaces, *records, **opportunity_fields) -> dict[str, float]:
    ranking = rank_candidates(pool_of(spaces, *records), spec_of(spaces, **opportunity_fields),
                              top_k=len(records))
    return {s.id: s.score for s in ranking}


def test_occupation_relation_orders_same_family_isco4_isco3_isco2_none(spaces):
    records = [
        candidate("same", experience=[("welder", 2)]),
        candidate("family", experience=[("pipe welder", 2)]),
        candidate("isco4", experience=[("solderer", 2)]),
        candidate("isco3", experience=[("sheet metal worker", 2)]),
        candidate("isco2", experience=[("blacksmith", 2)]),
        candidate("none", experience=[("cook", 2)]),
    ]
    ranking = rank_candidates(pool_of(spaces, *records), spec_of(spaces), top_k=10)
    assert [s.id for s in ranking] == ["same", "family", "isco4", "isco3", "isco2", "none"]
    assert len(set(ranking.scores.tolist())) == 6


def test_years_of_experience_count_with_diminishing_returns(spaces):
    years = [0, 1, 2, 4, 8, 16]
    occupation = [
        features_of(spaces, candidate("c", experience=[("welder", y)]))["c"]["occupation"]
        for y in years
    ]
    gains = np.diff(occupation)
    assert (gains > 0).all()
    assert (np.diff(gains / np.diff(years)) < 0).all()  # each extra year adds less
    assert occupation[0] == pytest.approx(0.85)
    assert occupation[-1] < 1.0


def test_years_never_lift_a_candidate_above_a_closer_relation(spaces):
    scores = scores_of(spaces, candidate("same", experience=[], wished_occupations=["welder"]),
                       candidate("isco4", experience=[("solderer", 40)]))
    assert scores["same"] > scores["isco4"]


def test_years_in_several_entries_of_one_occupation_add_up(spaces):
    features = features_of(spaces, candidate("split", experience=[("welder", 2), ("welder", 3)]),
                           candidate("whole", experience=[("welder", 5)]))
    assert features["split"]["occupation"] == features["whole"]["occupation"]


def test_the_best_of_experience_and_wishes_counts(spaces):
    features = features_of(
        spaces,
        candidate("wish", experience=[("cook", 10)], wished_occupations=["welder"]),
        candidate("experience", experience=[("welder", 0)], wished_occupations=["cook"]),
        candidate("nothing", experience=[], wished_occupations=[]),
    )
    assert features["wish"]["occupation"] == features["experience"]["occupation"] == 0.85
    assert features["nothing"]["occupation"] == 0.0


def test_an_opportunity_without_occupation_is_neutral_on_occupation(spaces):
    features = features_of(spaces, candidate("a"), candidate("b", experience=[("cook", 1)]),
                           occupation=None)
    assert features["a"]["occupation"] == features["b"]["occupation"] == 0.5


@pytest.mark.parametrize(("changes", "feature"), [
    ({"skills": ["first aid"]}, "skills_required"),
    ({"skills": ["welding"]}, "skills_advantage"),
    ({"languages": [("en", "A1")]}, "languages"),
    ({"hours_per_week": 10}, "hours"),
    ({"availability": ["day"]}, "schedule"),
    ({"available_from": "2026-09-01"}, "start_date"),
    ({"wished_sectors": ["Q"]}, "sector"),
    ({"latitude": MECHELEN[0], "longitude": MECHELEN[1]}, "distance"),
    ({"dutch_level": "A2"}, "dutch"),
])
def test_soft_features_lower_the_score_but_never_exclude(spaces, changes, feature):
    good = dict(skills=["welding", "first aid"], languages=[("en", "B2")], hours_per_week=38,
                availability=["day", "night"], available_from="2026-03-01",
                wished_sectors=["C"])
    worse = {**good, **changes}
    opportunity = dict(skills_required=["welding"], skills_advantage=["first aid"],
                       languages=[("en", "B1", True)], schedule=["day", "night"], sector="C")
    records = [candidate("good", **good), candidate("worse", **worse)]
    features = features_of(spaces, *records, **opportunity)
    scores = scores_of(spaces, *records, **opportunity)
    assert set(scores) == {"good", "worse"}  # both suggested
    assert features["worse"][feature] < features["good"][feature]
    assert scores["worse"] < scores["good"]
    others = [name for name in FEATURE_NAMES if name != feature]
    assert [features["worse"][n] for n in others] == [features["good"][n] for n in others]


def test_scores_and_features_lie_between_zero_and_one(spaces):
    rng = np.random.default_rng(3)
    occupations = list(spaces.occupations.ids)
    records = [
        candidate(
            i, dutch_level=["A2", "B1", "C1", "C2"][rng.integers(4)],
            experience=[(occupations[rng.integers(7)], float(rng.integers(0, 30)))],
            skills=list(rng.choice(list(spaces.skills.ids), rng.integers(0, 4), replace=False)),
            hours_per_week=[None, 8, 38][rng.integers(3)],
            latitude=ANTWERP[0] + rng.normal(0, 0.3), longitude=ANTWERP[1],
            available_from=["2025-01-01", "2027-01-01", None][rng.integers(3)],
        )
        for i in range(200)
    ]
    pool = pool_of(spaces, *records)
    spec = spec_of(spaces, skills_required=["welding"], languages=[("fr", "C1", False)],
                   schedule=["weekend"], sector="F")
    X, _names = feature_matrix(pool, spec)
    assert ((X >= 0) & (X <= 1)).all()
    ranking = rank_candidates(pool, spec, top_k=200)
    assert len(ranking) == 200
    assert ((ranking.scores >= 0) & (ranking.scores <= 1)).all()
    assert (np.diff(ranking_keys(ranking.features, ranking.scores)) <= 0).all()


def test_other_languages_count_only_where_the_opportunity_asks_for_them(spaces):
    records = [candidate("polyglot", languages=[("en", "C2"), ("fr", "C2"), ("ar", "C2")]),
               candidate("monolingual", languages=[])]
    unasked = features_of(spaces, *records)
    assert unasked["polyglot"] == unasked["monolingual"]
    asked = features_of(spaces, *records, languages=[("ar", "B1", False)])
    assert asked["polyglot"]["languages"] == 1.0
    assert asked["monolingual"]["languages"] == 0.0


def test_required_languages_weigh_twice_as_much_as_an_advantage(spaces):
    features = features_of(
        spaces, candidate("english", languages=[("en", "B2")]),
        candidate("french", languages=[("fr", "B2")]),
        languages=[("en", "B1", True), ("fr", "B1", False)],
    )
    assert features["english"]["languages"] == pytest.approx(2 / 3)
    assert features["french"]["languages"] == pytest.approx(1 / 3)


def test_a_lower_level_of_an_asked_language_counts_in_part(spaces):
    features = features_of(spaces, candidate("c", languages=[("en", "A1")]),
                           languages=[("en", "B2", True)])
    assert features["c"]["languages"] == pytest.approx(1 / 4)


def test_skills_credit_narrower_skills_fully_and_broader_or_sibling_skills_in_part(spaces):
    features = features_of(
        spaces,
        candidate("exact", skills=["welding"]),
        candidate("narrower", skills=["arc welding"]),
        candidate("broader", skills=["metal work"]),
        candidate("none", skills=["cooking"]),
        skills_required=["welding"],
    )
    assert [features[c]["skills_required"] for c in ("exact", "narrower", "broader", "none")] == [
        1.0, 1.0, 0.5, 0.0]
    sibling = features_of(spaces, candidate("gas", skills=["gas welding"]),
                          skills_required=["arc welding"])
    assert sibling["gas"]["skills_required"] == 0.5


def test_nothing_asked_is_fully_met_and_unknown_is_neutral(spaces):
    features = features_of(spaces, candidate("c", hours_per_week=None, available_from=None),
                           starts_on=None)["c"]
    assert features["skills_required"] == features["skills_advantage"] == 1.0
    assert features["languages"] == features["schedule"] == 1.0
    assert features["hours"] == features["start_date"] == features["sector"] == 0.5


@pytest.mark.parametrize(("candidate_level", "required", "expected"), [
    ("A2", "B1", 0.25), ("B1", "B1", 0.5), ("B2", "B1", 0.75), ("C1", "B1", 1.0),
    ("C2", "none", 1.0),
])
def test_the_dutch_margin_feature(spaces, candidate_level, required, expected):
    features = features_of(spaces, candidate("c", dutch_level=candidate_level),
                           dutch_level=required, language_support=True)
    assert features["c"]["dutch"] == expected


def test_distance_halves_every_ten_km(spaces):
    features = features_of(spaces, candidate("here"),
                           candidate("mechelen", latitude=MECHELEN[0], longitude=MECHELEN[1]),
                           candidate("unknown", latitude=None, longitude=None))
    km = float(great_circle_km(*ANTWERP, *MECHELEN))
    assert 21 < km < 23
    assert features["here"]["distance"] == 1.0
    assert features["mechelen"]["distance"] == pytest.approx(2 ** (-km / 10))
    assert features["unknown"]["distance"] == 0.5


def test_personal_details_are_not_inputs_at_all(spaces):
    """Gender, birth year, notes and where experience was gained change nothing: the
    records have no such fields and the pool ignores them when a dict carries them."""
    fields = {f.name for f in dataclasses.fields(CandidateRecord)}
    assert not fields & {"gender", "birth_year", "age", "notes", "nationality", "country"}
    base = dict(id="c", consent=True, dutch_level="B1", experience=[
        {"occupation": "welder", "years": 3}])
    plain = CandidatePool.from_records([base], spaces)
    personal = CandidatePool.from_records([{
        **base, "gender": "female", "birth_year": 1970, "notes": "prefers mornings",
        "experience": [{"occupation": "welder", "years": 3, "country": "SY"}],
    }], spaces)
    spec = spec_of(spaces)
    assert (feature_matrix(plain, spec)[0] == feature_matrix(personal, spec)[0]).all()
    for name in ("experience_years", "wished", "skills", "language_rank"):
        assert (getattr(plain, name) != getattr(personal, name)).nnz == 0


def test_pool_build_reads_records_into_columns(spaces):
    pool = CandidatePool.from_records([
        {"id": 1, "dutch_level": "b2", "consent": True, "wished_kinds": ["Job", "volunteering"],
         "experience": [("welder", 1), ("cook", 0)], "wished_occupations": ["nurse", "nurse"],
         "skills": ["welding"], "languages": [{"code": "EN", "level": "C1"}],
         "availability": ["evening"], "wished_sectors": ["q"], "available_from": "1970-01-11"},
    ], spaces)
    assert pool.dutch_rank.tolist() == [4]
    # job and volunteering, and try-outs, which anyone with wishes is open to
    assert pool.wished_kinds.tolist() == [0b10101]
    assert pool.availability.tolist() == [0b10]
    assert pool.wished_sectors.tolist() == [1 << 16]
    assert pool.available_from.tolist() == [10.0]
    assert pool.experience_years.toarray()[0].tolist() == [1, 0, 0, 0, 0, 0, 0]
    assert pool.experience_years.nnz == 2  # cook with 0 years is kept
    assert pool.wished.toarray()[0].tolist() == [0, 0, 0, 0, 0, 0, 1]
    languages = dict(zip(spaces.languages.ids, pool.language_rank.toarray()[0], strict=True))
    assert languages == {"nl": 4, "en": 5, "fr": 0, "ar": 0}
    assert isinstance(pool.skills, sparse.csr_matrix)


@pytest.mark.parametrize(("record", "message"), [
    ({"id": "x", "dutch_level": "B3"}, "'x'"),
    ({"id": "x", "experience": [("astronaut", 1)]}, "astronaut"),
    ({"id": "x", "wished_kinds": ["holiday"]}, "holiday"),
    ({"id": "x", "allowed_to_work": "maybe"}, "maybe"),
])
def test_bad_records_are_refused_naming_the_candidate_or_value(spaces, record, message):
    with pytest.raises((KeyError, ValueError), match=message):
        CandidatePool.from_records([record], spaces)


@pytest.mark.parametrize(("parts", "expected"), [
    (["day", "night"], {"day", "night"}),
    (["mornings"], {"day"}),
    (["afternoon", "weekends"], {"day", "weekend"}),
    (["morning", "evening"], {"day", "evening", "shifts"}),
    (["nights", "shifts"], {"night", "shifts"}),
    ([], set()),
])
def test_candidate_day_parts_map_onto_the_opportunity_schedule(parts, expected):
    assert set(bit_names(availability_mask(parts), DAY_PARTS)) == expected


def test_unknown_day_parts_are_refused():
    with pytest.raises(ValueError, match="lunchtime"):
        availability_mask(["lunchtime"])


def test_conversions():
    assert [level_rank(x) for x in ("none", "A1", "c2", None, 3)] == [0, 1, 6, 0, 3]
    assert day_number("1970-01-02") == 1.0
    assert np.isnan(day_number(None))
    assert bitmask(["night", "DAY"], ("day", "evening", "night")) == 0b101


def test_the_matching_knows_every_kind_of_opportunity_and_which_are_open_to_all():
    """The ranking maths keeps its own copy of the kinds (it must not import the
    opportunities' views); the copy has the same values in the same meaning."""
    assert set(KINDS) == {str(kind) for kind in OpportunityKind}
    assert set(KINDS_OPEN_TO_ALL) == {str(kind) for kind in vocab.KINDS_OPEN_TO_ALL}
