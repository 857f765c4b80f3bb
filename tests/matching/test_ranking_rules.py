"""The rule "occupation first, then must-have skills", in both directions.

Among entries equally close in occupation, one holding every must-have skill ranks
above one that does not; a missing must-have never excludes; the score shown stays the
scorer's. The property tests check the order on random pools against the plain-Python
reference's keys (``ReferenceScorer.occupation_level`` and ``holds_must_haves``).
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest

from marketplace.matching.features import FEATURE_NAMES, RELATION_CREDIT
from marketplace.matching.opportunity_table import OpportunitySpec, OpportunityTable
from marketplace.matching.reference import ReferenceScorer, reference_candidates
from marketplace.matching.scoring import (
    LEVEL_CREDITS,
    occupation_levels,
    rank_candidates,
    rank_opportunities,
    ranking_keys,
)
from tests.matching.helpers import MECHELEN, candidate, opportunity, pool_of, spec_of
from tests.matching.test_scoring import random_candidate, random_opportunity


def ranked_ids(ranking) -> list:
    return [suggestion.id for suggestion in ranking]


def test_holding_every_must_have_ranks_above_a_better_score_at_the_same_occupation(spaces):
    complete = candidate("complete", experience=[("welder", 0)], skills=["arc welding"],
                         latitude=MECHELEN[0], longitude=MECHELEN[1], dutch_level="A2")
    missing = candidate("missing", experience=[("welder", 20)], skills=[], dutch_level="C2",
                        hours_per_week=38)
    ranking = rank_candidates(pool_of(spaces, missing, complete),
                              spec_of(spaces, skills_required=["welding"]), top_k=5)
    scores = {s.id: s.score for s in ranking}
    assert scores["missing"] > scores["complete"]  # the score alone would put it first
    assert ranked_ids(ranking) == ["complete", "missing"]  # and it is still suggested
    assert ranking.eligible == 2


def test_a_closer_occupation_ranks_above_holding_the_must_haves(spaces):
    closer = candidate("closer", experience=[("welder", 1)], skills=[])
    further = candidate("further", experience=[("solderer", 20)], skills=["welding"])
    ranking = rank_candidates(pool_of(spaces, further, closer),
                              spec_of(spaces, skills_required=["welding"]), top_k=5)
    assert ranked_ids(ranking) == ["closer", "further"]


def test_the_same_esco_family_is_as_close_as_the_unit_group_for_the_order(spaces):
    """A pipe welder (the welder's ESCO family) without the must-have does not pass a
    solderer (same ISCO unit group) who holds it; the score still prefers the family."""
    family = candidate("family", experience=[("pipe welder", 20)], skills=[], dutch_level="C2")
    unit = candidate("unit", experience=[("solderer", 0)], skills=["welding"])
    ranking = rank_candidates(pool_of(spaces, family, unit),
                              spec_of(spaces, skills_required=["welding"]), top_k=5)
    scores = {s.id: s.score for s in ranking}
    assert scores["family"] > scores["unit"]
    assert ranked_ids(ranking) == ["unit", "family"]


def test_a_partly_held_must_have_is_not_holding_it(spaces):
    broader = candidate("broader", experience=[("welder", 20)], skills=["metal work"],
                        dutch_level="C2")
    exact = candidate("exact", experience=[("welder", 0)], skills=["welding"],
                      latitude=MECHELEN[0], longitude=MECHELEN[1])
    ranking = rank_candidates(pool_of(spaces, broader, exact),
                              spec_of(spaces, skills_required=["welding"]), top_k=5)
    assert ranked_ids(ranking) == ["exact", "broader"]


def test_opportunities_for_a_candidate_follow_the_same_rule(spaces):
    person = pool_of(spaces, candidate("welder", experience=[("welder", 5)],
                                       skills=["welding"], hours_per_week=38))
    specs = [
        OpportunitySpec.from_record(record, spaces) for record in (
            opportunity("asks cooking", skills_required=["cooking"]),
            opportunity("asks welding", skills_required=["welding"], hours_per_week=8,
                        latitude=MECHELEN[0], longitude=MECHELEN[1]),
            opportunity("solderer", occupation="solderer", skills_required=["welding"]),
        )
    ]
    table = OpportunityTable.from_specs(specs, spaces)
    ranking = rank_opportunities(person, 0, table, top_k=5)
    scores = {s.id: s.score for s in ranking}
    assert scores["asks cooking"] > scores["asks welding"]
    assert ranked_ids(ranking) == ["asks welding", "asks cooking", "solderer"]


def test_near_misses_are_ordered_by_the_same_rule(spaces):
    complete = candidate("complete", experience=[("welder", 0)], skills=["welding"],
                         allowed_to_work="no", latitude=MECHELEN[0], longitude=MECHELEN[1])
    missing = candidate("missing", experience=[("welder", 20)], allowed_to_work="no",
                        dutch_level="C2")
    ranking = rank_candidates(pool_of(spaces, missing, complete),
                              spec_of(spaces, skills_required=["welding"]), top_k=5,
                              include_near_misses=True)
    assert ranked_ids(ranking) == []
    assert ranked_ids(ranking.near_misses) == ["complete", "missing"]


class DistanceOnly:
    """A scorer that knows nothing of occupations or skills."""

    version = "distance-only"

    def score(self, X):
        return X[:, FEATURE_NAMES.index("distance")]


def test_the_rule_holds_whatever_the_scorer(spaces):
    near_cook = candidate("near cook", experience=[("cook", 9)])
    far_welder = candidate("far welder", experience=[("welder", 1)],
                           latitude=MECHELEN[0], longitude=MECHELEN[1])
    ranking = rank_candidates(pool_of(spaces, near_cook, far_welder), spec_of(spaces),
                              top_k=5, scorer=DistanceOnly())
    assert ranked_ids(ranking) == ["far welder", "near cook"]
    assert ranking.scores[0] < ranking.scores[1]  # the scorer's own score is shown


def test_occupation_levels_read_the_relation_level_off_the_feature_value():
    factors = (0.85, 0.9, 1.0)
    for credit in RELATION_CREDIT:
        values = np.array([credit * factor for factor in factors])
        assert LEVEL_CREDITS[occupation_levels(values)].tolist() == [credit] * 3
    assert LEVEL_CREDITS[occupation_levels(np.array([0.5]))].tolist() == [0.5]


def test_ranking_keys_put_level_before_must_haves_before_score():
    X = np.full((4, len(FEATURE_NAMES)), 0.5)
    X[:, 0] = [1.0, 0.85, 0.72, 1.0]  # same, same, ESCO family, same
    X[:, 1] = [0.0, 1.0, 1.0, 1.0]
    scores = np.array([1.0, 0.0, 1.0, 0.2])
    assert np.argsort(-ranking_keys(X, scores), kind="stable").tolist() == [3, 1, 0, 2]


# -- properties on random pools -----------------------------------------------------------


@pytest.fixture(scope="module")
def world(spaces):
    rng = np.random.default_rng(15)
    pool = pool_of(spaces, *[random_candidate(rng, spaces, i) for i in range(300)])
    specs = [OpportunitySpec.from_record(random_opportunity(rng, spaces, j, pool.ids), spaces)
             for j in range(30)]
    return pool, specs, reference_candidates(pool), ReferenceScorer(spaces)


def assert_lexicographic(keys: list[tuple[float, bool, float]]) -> None:
    """Best first: (occupation level, holds every must-have) never rises, and within
    equal levels and must-haves the score never rises."""
    for before, after in pairwise(keys):
        assert before[:2] >= after[:2]
        if before[:2] == after[:2]:
            assert before[2] >= after[2] - 1e-9


@pytest.mark.parametrize("top_k", [10, 300])
def test_candidates_are_ordered_by_occupation_then_must_haves_on_random_pools(world, top_k):
    pool, specs, rows, reference = world
    for spec in specs:
        ranking = rank_candidates(pool, spec, top_k=top_k, include_near_misses=True)
        for listed in (ranking, ranking.near_misses):
            keys = [reference.order_key(rows[i], spec) for i in listed.indices]
            assert_lexicographic(keys)
        eligible = [i for i, row in enumerate(rows) if not reference.unmet(row, spec)]
        left_out = set(eligible) - set(ranking.indices.tolist())
        if left_out and len(ranking):
            last = reference.order_key(rows[ranking.indices[-1]], spec)
            assert all(reference.order_key(rows[i], spec) <= last for i in left_out)


def test_opportunities_are_ordered_by_occupation_then_must_haves_on_random_pools(world):
    pool, specs, rows, reference = world
    table = OpportunityTable.from_specs(specs, pool.spaces)
    for i in range(0, len(pool), 7):
        ranking = rank_opportunities(pool, i, table, top_k=len(specs), include_near_misses=True)
        for listed in (ranking, ranking.near_misses):
            assert_lexicographic([reference.order_key(rows[i], specs[j])
                                  for j in listed.indices])
        eligible = [j for j, spec in enumerate(specs) if not reference.unmet(rows[i], spec)]
        assert sorted(ranking.indices.tolist()) == eligible
