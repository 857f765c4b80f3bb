"""The vectorised scoring agrees with the plain-Python reference; scorers and rankings."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression, LogisticRegression

from marketplace.matching.features import (
    FEATURE_NAMES,
    candidate_distances,
    feature_matrix,
    opportunity_feature_matrix,
)
from marketplace.matching.opportunity_table import OpportunitySpec, OpportunityTable
from marketplace.matching.records import DAY_PARTS, KINDS, NACE_SECTIONS
from marketplace.matching.reference import (
    ReferenceScorer,
    reference_candidates,
    reference_rank_candidates,
)
from marketplace.matching.requirements import unmet_for_candidates, unmet_names
from marketplace.matching.scoring import (
    COLD_START_VERSION,
    COLD_START_WEIGHTS,
    ColdStartScorer,
    Scorer,
    SklearnScorer,
    feature_effects,
    rank_candidates,
    rank_opportunities,
    top_indices,
)
from tests.matching.helpers import ANTWERP, candidate, make_spaces, opportunity, pool_of, spec_of

LEVELS = ("none", "A1", "A2", "B1", "B2", "C1", "C2")


def maybe(rng, value, share=0.7):
    return value if rng.random() < share else None


def some(rng, items, most):
    return [items[k] for k in rng.choice(len(items), int(rng.integers(0, most + 1)),
                                         replace=False)]


def random_candidate(rng, spaces, i):
    occupations, skills = spaces.occupations.ids, spaces.skills.ids
    return candidate(
        f"c{i}",
        dutch_level=LEVELS[rng.integers(7)],
        consent=bool(rng.random() < 0.9),
        allowed_to_work=["yes", "pending", "no"][rng.integers(3)],
        latitude=maybe(rng, ANTWERP[0] + rng.normal(0, 0.15)),
        longitude=ANTWERP[1] + rng.normal(0, 0.15),
        max_commute_km=maybe(rng, float(rng.integers(5, 40)), 0.5),
        wished_kinds=some(rng, KINDS, 2),
        hours_per_week=maybe(rng, float(rng.integers(4, 40))),
        availability=some(rng, DAY_PARTS, 3),
        available_from=maybe(rng, f"2026-0{rng.integers(1, 10)}-1{rng.integers(0, 10)}"),
        wished_sectors=some(rng, NACE_SECTIONS, 2),
        experience=[(occupations[k], float(rng.integers(0, 12)))
                    for k in rng.integers(0, len(occupations), rng.integers(0, 4))],
        wished_occupations=some(rng, occupations, 2),
        skills=some(rng, skills, 3),
        languages=[(code, LEVELS[rng.integers(1, 7)]) for code in some(rng, ("en", "fr", "ar"), 2)],
    )


def random_opportunity(rng, spaces, j, candidate_ids):
    skills = spaces.skills.ids
    required = some(rng, skills, 2)
    return opportunity(
        f"o{j}",
        kind=KINDS[rng.integers(3)],
        occupation=maybe(rng, spaces.occupations.ids[rng.integers(7)], 0.9),
        dutch_level=LEVELS[rng.integers(5)],
        language_support=bool(rng.random() < 0.5),
        latitude=ANTWERP[0] + rng.normal(0, 0.1),
        longitude=ANTWERP[1] + rng.normal(0, 0.1),
        hours_per_week=maybe(rng, float(rng.integers(8, 40))),
        schedule=some(rng, DAY_PARTS, 2),
        starts_on=maybe(rng, "2026-05-01"),
        sector=maybe(rng, NACE_SECTIONS[rng.integers(21)]),
        skills_required=required,
        skills_advantage=[s for s in some(rng, skills, 2) if s not in required],
        languages=[(code, LEVELS[rng.integers(1, 5)], bool(rng.random() < 0.5))
                   for code in some(rng, ("en", "fr", "ar", "nl"), 2)],
        already_proposed=some(rng, candidate_ids, 3),
    )


@pytest.fixture(scope="module")
def random_world(spaces):
    rng = np.random.default_rng(42)
    candidates = [random_candidate(rng, spaces, i) for i in range(400)]
    pool = pool_of(spaces, *candidates)
    records = [random_opportunity(rng, spaces, j, pool.ids) for j in range(25)]
    specs = [OpportunitySpec.from_record(r, spaces) for r in records]
    return pool, specs


def test_vectorised_features_requirements_and_scores_agree_with_the_reference(
        spaces, random_world):
    pool, specs = random_world
    reference = ReferenceScorer(spaces)
    rows = reference_candidates(pool)
    scorer = ColdStartScorer()
    for spec in specs:
        X, _names = feature_matrix(pool, spec)
        unmet = unmet_for_candidates(pool, spec, candidate_distances(pool, spec))
        expected_X = np.array([reference.features(row, spec) for row in rows])
        np.testing.assert_allclose(X, expected_X, rtol=0, atol=1e-9)
        assert [unmet_names(mask) for mask in unmet] == [reference.unmet(r, spec) for r in rows]
        np.testing.assert_allclose(scorer.score(X), [reference.score(r, spec) for r in rows],
                                   atol=1e-9)
        some_rows = np.arange(3, len(pool), 7)
        np.testing.assert_allclose(feature_matrix(pool, spec, some_rows)[0], X[some_rows],
                                   rtol=0, atol=1e-12)


def test_vectorised_ranking_gives_the_reference_top_ten(spaces, random_world):
    pool, specs = random_world
    reference = ReferenceScorer(spaces)
    rows = reference_candidates(pool)
    for spec in specs:
        ranking = rank_candidates(pool, spec, top_k=10)
        expected = reference_rank_candidates(rows, spec, reference, top_k=10)
        assert ranking.indices.tolist() == [row for row, _score in expected]
        np.testing.assert_allclose(ranking.scores, [score for _row, score in expected], atol=1e-9)


def test_ranking_opportunities_agrees_with_the_reference_pair_by_pair(spaces, random_world):
    pool, specs = random_world
    table = OpportunityTable.from_specs(specs, spaces)
    reference = ReferenceScorer(spaces)
    rows = reference_candidates(pool)
    for i in range(0, len(pool), 37):
        X, _names = opportunity_feature_matrix(pool, i, table)
        expected = np.array([reference.features(rows[i], spec) for spec in specs])
        np.testing.assert_allclose(X, expected, rtol=0, atol=1e-9)
        ranking = rank_opportunities(pool, i, table, top_k=len(specs), include_near_misses=True)
        eligible = [j for j, spec in enumerate(specs) if not reference.unmet(rows[i], spec)]
        assert sorted(ranking.indices.tolist()) == eligible
        for suggestion in ranking.near_misses:
            assert suggestion.unmet == reference.unmet(rows[i], specs[suggestion.index])


def test_one_candidate_pool_ranks_opportunities_like_the_full_pool(spaces, random_world):
    _pool, specs = random_world
    table = OpportunityTable.from_specs(specs, spaces)
    record = random_candidate(np.random.default_rng(7), spaces, 999)
    alone = pool_of(spaces, record)
    together = pool_of(spaces, *[candidate(f"other{k}") for k in range(3)], record)
    first = rank_opportunities(alone, 0, table, top_k=25)
    second = rank_opportunities(together, 3, table, top_k=25)
    assert first.ids == second.ids
    np.testing.assert_array_equal(first.scores, second.scores)


def test_cold_start_weights_add_up_to_one_and_cover_every_feature():
    assert set(COLD_START_WEIGHTS) == set(FEATURE_NAMES)
    assert sum(COLD_START_WEIGHTS.values()) == pytest.approx(1.0)
    assert max(COLD_START_WEIGHTS, key=COLD_START_WEIGHTS.get) == "occupation"
    assert ColdStartScorer().version == COLD_START_VERSION == "cold-start-1"


@pytest.mark.parametrize("weights", [
    {name: 0.1 for name in FEATURE_NAMES[:-1]},
    {**dict.fromkeys(FEATURE_NAMES, 0.1), "occupation": 0.2},
    {**dict.fromkeys(FEATURE_NAMES, 0.2), "occupation": -0.8},
])
def test_cold_start_scorer_refuses_weights_that_break_the_zero_to_one_range(weights):
    with pytest.raises(ValueError, match="weights"):
        ColdStartScorer(weights)


def test_effects_of_the_linear_score_add_up_to_the_distance_from_neutral():
    X = np.random.default_rng(0).random((20, len(FEATURE_NAMES)))
    scorer = ColdStartScorer()
    effects = feature_effects(scorer, X)
    neutral = scorer.score(np.full_like(X, 0.5))
    np.testing.assert_allclose(effects.sum(axis=1), scorer.score(X) - neutral)


def test_a_scikit_learn_classifier_can_replace_the_cold_start_score(spaces, random_world):
    pool, specs = random_world
    X = np.vstack([feature_matrix(pool, spec)[0] for spec in specs[:5]])
    labels = (X[:, 0] > 0.5).astype(int)  # "proposed" when the occupation fits
    model = SklearnScorer(LogisticRegression().fit(X, labels), version="logistic-test")
    assert isinstance(model, Scorer)
    ranking = rank_candidates(pool, specs[0], top_k=5, scorer=model)
    assert ranking.scorer_version == "logistic-test"
    assert ((ranking.scores >= 0) & (ranking.scores <= 1)).all()
    assert (ranking.features[:, 0] > 0.5).all()
    effects = ranking.effects[:, 0]
    assert (effects > 0).all()  # a fitting occupation pushed the score up


def test_models_without_probabilities_are_squashed_into_zero_to_one():
    X = np.random.default_rng(1).random((30, len(FEATURE_NAMES)))
    model = SklearnScorer(LinearRegression().fit(X, X[:, 0] * 10 - 5), version="linear")
    scores = model.score(X)
    assert ((scores > 0) & (scores < 1)).all()
    assert np.corrcoef(scores, X[:, 0])[0, 1] > 0.9


def test_top_indices_breaks_ties_by_index_and_respects_the_mask():
    scores = np.array([0.5, 0.9, 0.5, 0.5, 0.1, 0.9])
    allowed = np.array([True, True, True, True, True, False])
    assert top_indices(scores, allowed, 3).tolist() == [1, 0, 2]
    assert top_indices(scores, allowed, 10).tolist() == [1, 0, 2, 3, 4]
    assert top_indices(scores, ~allowed, 3).tolist() == [5]
    assert top_indices(scores, allowed, 0).tolist() == []


def test_a_ranking_lists_suggestions_with_their_features(spaces):
    pool = pool_of(spaces, candidate("a"), candidate("b", experience=[("cook", 1)]))
    spec = OpportunitySpec.from_record(opportunity(), spaces)
    ranking = rank_candidates(pool, spec, top_k=1)
    [suggestion] = list(ranking)
    assert (suggestion.id, suggestion.index, suggestion.unmet) == ("a", 0, ())
    assert set(suggestion.features) == set(FEATURE_NAMES) == set(suggestion.effects)
    assert suggestion.score == pytest.approx(
        sum(COLD_START_WEIGHTS[n] * v for n, v in suggestion.features.items()))
    assert ranking.eligible == 2


def test_a_ranking_within_a_mask_only_shows_the_allowed_candidates():
    spaces = make_spaces()
    pool = pool_of(spaces, candidate("mine"), candidate("other coach's"),
                   candidate("mine, far", latitude=51.0, max_commute_km=5))
    spec = spec_of(spaces)
    within = np.array([True, False, True])
    ranking = rank_candidates(pool, spec, top_k=5, include_near_misses=True, within=within)
    assert list(ranking.ids) == ["mine"]
    assert list(ranking.near_misses.ids) == ["mine, far"]
    assert ranking.eligible == 1
