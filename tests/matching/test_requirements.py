"""Hard requirements: each one excludes a pair and is named among the near misses."""

from __future__ import annotations

import pytest

from marketplace.matching.explain import explain_candidates, explain_opportunities
from marketplace.matching.opportunity_table import OpportunityTable
from marketplace.matching.scoring import rank_candidates, rank_opportunities
from tests.matching.helpers import MECHELEN, candidate, opportunity, pool_of, spec_of


def suggested_ids(ranking):
    return [s.id for s in ranking]


def near_miss_reasons(ranking):
    return {s.id: s.unmet for s in ranking.near_misses}


def test_a_candidate_meeting_every_requirement_is_suggested(spaces):
    ranking = rank_candidates(pool_of(spaces, candidate("ok")), spec_of(spaces))
    assert suggested_ids(ranking) == ["ok"]
    assert ranking.eligible == 1


@pytest.mark.parametrize(("fields", "requirement"), [
    ({"consent": False}, "consent"),
    ({"allowed_to_work": "no"}, "allowed_to_work"),
    ({"allowed_to_work": False}, "allowed_to_work"),
    ({"wished_kinds": ["internship", "volunteering"]}, "kind"),
    ({"dutch_level": "A1"}, "dutch_level"),
    ({"latitude": MECHELEN[0], "longitude": MECHELEN[1], "max_commute_km": 15}, "distance"),
])
def test_each_hard_requirement_excludes_and_is_named_as_a_near_miss(spaces, fields, requirement):
    pool = pool_of(spaces, candidate("ok"), candidate("miss", **fields))
    ranking = rank_candidates(pool, spec_of(spaces), include_near_misses=True)
    assert suggested_ids(ranking) == ["ok"]
    assert near_miss_reasons(ranking) == {"miss": (requirement,)}


def test_already_proposed_or_placed_candidates_are_excluded(spaces):
    pool = pool_of(spaces, candidate("ok"), candidate("proposed"))
    spec = spec_of(spaces, already_proposed=["proposed", "someone-not-in-the-pool"])
    ranking = rank_candidates(pool, spec, include_near_misses=True)
    assert suggested_ids(ranking) == ["ok"]
    assert near_miss_reasons(ranking) == {"proposed": ("already_proposed",)}


def test_near_misses_are_only_given_on_request(spaces):
    pool = pool_of(spaces, candidate("ok"), candidate("miss", consent=False))
    assert rank_candidates(pool, spec_of(spaces)).near_misses is None


def test_near_misses_fail_at_most_max_unmet_requirements_and_list_them_all(spaces):
    pool = pool_of(spaces, candidate("one", consent=False),
                   candidate("two", consent=False, dutch_level="none"))
    ranking = rank_candidates(pool, spec_of(spaces), include_near_misses=True)
    assert near_miss_reasons(ranking) == {"one": ("consent",)}
    ranking = rank_candidates(pool, spec_of(spaces), include_near_misses=True, max_unmet=2)
    assert near_miss_reasons(ranking) == {"one": ("consent",), "two": ("consent", "dutch_level")}


@pytest.mark.parametrize(("level", "support", "accepted"), [
    ("B1", False, True),
    ("A2", False, False),
    ("A2", True, True),
    ("A1", True, False),
    ("C2", False, True),
])
def test_one_dutch_level_below_is_accepted_only_with_language_support(
        spaces, level, support, accepted):
    pool = pool_of(spaces, candidate("c", dutch_level=level))
    spec = spec_of(spaces, dutch_level="B1", language_support=support)
    assert (suggested_ids(rank_candidates(pool, spec)) == ["c"]) is accepted


def test_a_work_permission_pending_is_allowed(spaces):
    pool = pool_of(spaces, candidate("c", allowed_to_work="pending"))
    assert suggested_ids(rank_candidates(pool, spec_of(spaces))) == ["c"]
    assert pool.work_permission_pending.tolist() == [True]


def test_a_try_out_is_open_to_every_wish_and_a_course_only_to_those_who_wish_one(spaces):
    pool = pool_of(spaces, candidate("worker", wished_kinds=["job"]),
                   candidate("learner", wished_kinds=["training"]), candidate("any"))
    tryout = rank_candidates(pool, spec_of(spaces, kind="tryout"))
    course = rank_candidates(pool, spec_of(spaces, kind="training"), include_near_misses=True)
    assert sorted(suggested_ids(tryout)) == ["any", "learner", "worker"]
    assert sorted(suggested_ids(course)) == ["any", "learner"]
    assert near_miss_reasons(course) == {"worker": ("kind",)}


def test_no_wished_kinds_means_every_kind_is_fine(spaces):
    pool = pool_of(spaces, candidate("any"), candidate("volunteer", wished_kinds=["volunteering"]))
    for kind, expected in (("job", ["any"]), ("volunteering", ["any", "volunteer"])):
        ranking = rank_candidates(pool, spec_of(spaces, kind=kind))
        assert sorted(suggested_ids(ranking)) == expected


@pytest.mark.parametrize(("fields", "kept"), [
    ({"max_commute_km": 30}, True),
    ({"max_commute_km": 15}, False),
    ({"max_commute_km": None}, True),
    ({"max_commute_km": 15, "latitude": None, "longitude": None}, True),
])
def test_distance_excludes_only_beyond_a_given_maximum_commute(spaces, fields, kept):
    fields = {"latitude": MECHELEN[0], "longitude": MECHELEN[1], **fields}
    pool = pool_of(spaces, candidate("c", **fields))
    assert (suggested_ids(rank_candidates(pool, spec_of(spaces))) == ["c"]) is kept


def test_hard_requirements_hold_when_ranking_opportunities_for_a_candidate(spaces):
    pool = pool_of(spaces, candidate("c", dutch_level="A2", max_commute_km=15,
                                     wished_kinds=["job"]))
    records = [
        opportunity("fits", dutch_level="A2"),
        opportunity("dutch", dutch_level="B2", language_support=True),
        opportunity("far", latitude=MECHELEN[0], longitude=MECHELEN[1]),
        opportunity("kind", kind="internship"),
        opportunity("proposed", already_proposed=["c"]),
        opportunity("bridged", dutch_level="B1", language_support=True),
    ]
    table = OpportunityTable.from_records(records, spaces)
    ranking = rank_opportunities(pool, 0, table, top_k=10, include_near_misses=True)
    assert sorted(suggested_ids(ranking)) == ["bridged", "fits"]
    assert near_miss_reasons(ranking) == {
        "dutch": ("dutch_level",), "far": ("distance",), "kind": ("kind",),
        "proposed": ("already_proposed",),
    }


def test_a_candidate_without_consent_or_permission_gets_no_opportunity(spaces):
    table = OpportunityTable.from_records([opportunity("a"), opportunity("b")], spaces)
    for fields, requirement in (({"consent": False}, "consent"),
                                ({"allowed_to_work": "no"}, "allowed_to_work")):
        pool = pool_of(spaces, candidate("c", **fields))
        ranking = rank_opportunities(pool, 0, table, include_near_misses=True)
        assert len(ranking) == 0
        assert set(near_miss_reasons(ranking).values()) == {(requirement,)}


@pytest.mark.parametrize(("available", "schedule", "met"), [
    (["evenings"], ["day"], False),  # "cannot work during the day"
    (["nights"], ["day", "evening"], False),
    (["mornings"], ["day"], True),  # partial overlap: only the score drops
    (["afternoons"], ["day", "night"], True),
    (["evenings"], ["shifts"], True),  # shifts need mornings, afternoons or evenings
    (["weekends"], ["shifts"], False),
    (["shifts"], ["day"], True),
    ([], ["night"], True),  # no day parts recorded: no limits
    (["nights"], [], True),  # no working time stated
])
def test_working_time_excludes_only_without_any_overlap(spaces, available, schedule, met):
    pool = pool_of(spaces, candidate("c", availability=available))
    ranking = rank_candidates(pool, spec_of(spaces, schedule=schedule), include_near_misses=True)
    assert (suggested_ids(ranking) == ["c"]) is met
    assert near_miss_reasons(ranking) == ({} if met else {"c": ("working_time",)})


def test_working_time_holds_when_ranking_opportunities_for_a_candidate(spaces):
    pool = pool_of(spaces, candidate("c", availability=["evenings"]))
    table = OpportunityTable.from_records(
        [opportunity("day", schedule=["day"]), opportunity("late", schedule=["evening"]),
         opportunity("shifts", schedule=["shifts"])], spaces)
    ranking = rank_opportunities(pool, 0, table, top_k=10, include_near_misses=True)
    assert sorted(suggested_ids(ranking)) == ["late", "shifts"]
    assert near_miss_reasons(ranking) == {"day": ("working_time",)}


def test_a_working_time_near_miss_is_explained_in_both_directions(spaces):
    pool = pool_of(spaces, candidate("c", availability=["evenings"]))
    spec = spec_of(spaces, schedule=["day"])
    ranking = rank_candidates(pool, spec, include_near_misses=True)
    (explanation,) = explain_candidates(pool, spec, ranking.near_misses)
    (reason,) = explanation.unmet
    assert reason.params == {"requirement": "working_time", "needed": ["day"],
                             "available": ["evening"]}
    table = OpportunityTable.from_records([opportunity("day", schedule=["day"])], spaces)
    ranking = rank_opportunities(pool, 0, table, include_near_misses=True)
    (explanation,) = explain_opportunities(pool, 0, table, ranking.near_misses)
    assert explanation.unmet[0].params["needed"] == ["day"]
