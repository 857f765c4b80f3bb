"""A ranking of candidates reads only the rows the viewer may see, with the same result
as ranking the whole pool with the viewer's mask (``ranking._visible_pool``)."""

from __future__ import annotations

import random

import numpy as np

from marketplace.matching.explain import explain_candidates
from marketplace.matching.opportunity_table import OpportunitySpec
from marketplace.matching.scoring import rank_candidates
from marketplace.suggestions import ranking
from marketplace.suggestions.ranking import _visible_pool
from tests.matching.helpers import (
    ANTWERP,
    MECHELEN,
    OCCUPATIONS,
    candidate,
    make_spaces,
    opportunity,
    pool_of,
)


def _pool(spaces, size: int):
    rng = random.Random(7)
    return pool_of(spaces, *(
        candidate(f"c{i}", experience=[(rng.choice(list(OCCUPATIONS)), rng.choice((0.5, 2, 9)))],
                  dutch_level=rng.choice(("A1", "A2", "B1", "B2")),
                  hours_per_week=rng.choice((None, 20, 38)),
                  latitude=rng.choice((ANTWERP[0], MECHELEN[0])),
                  longitude=rng.choice((ANTWERP[1], MECHELEN[1])),
                  max_commute_km=rng.choice((None, 10, 40)),
                  skills=rng.sample(["welding", "arc welding", "cooking", "first aid"], 2))
        for i in range(size)))


def test_the_visible_rows_rank_and_explain_as_in_the_whole_pool():
    spaces = make_spaces()
    pool = _pool(spaces, 60)
    spec = OpportunitySpec.from_record(opportunity(skills_required=["welding"],
                                                   skills_advantage=["first aid"]), spaces)
    within = np.zeros(len(pool), dtype=bool)
    within[[3, 4, 9, 17, 20, 33, 41, 42, 50]] = True
    small, mask = _visible_pool(pool, within)
    assert len(small) == 9 and mask is None
    whole = rank_candidates(pool, spec, top_k=5, include_near_misses=True, within=within)
    taken = rank_candidates(small, spec, top_k=5, include_near_misses=True)
    for a, b in ((whole, taken), (whole.near_misses, taken.near_misses)):
        assert a.ids == b.ids and a.eligible == b.eligible and a.unmet == b.unmet
        assert a.scores.tobytes() == b.scores.tobytes()
        assert a.features.tobytes() == b.features.tobytes()
        assert explain_candidates(pool, spec, a) == explain_candidates(small, spec, b)
    assert len(whole) + len(whole.near_misses) > 3


def test_a_viewer_who_sees_much_of_the_pool_ranks_in_the_whole_pool():
    pool = _pool(make_spaces(), 8)
    within = np.ones(len(pool), dtype=bool)
    within[2] = False
    small, mask = _visible_pool(pool, within)
    assert small is pool and mask is within


def test_taken_pools_are_kept_for_the_same_rows_and_bounded_in_rows(monkeypatch):
    monkeypatch.setattr(ranking, "_visible_pools", {})
    monkeypatch.setattr(ranking, "VISIBLE_ROWS_KEPT", 10)
    pool = _pool(make_spaces(), 60)

    def within(*rows):
        mask = np.zeros(len(pool), dtype=bool)
        mask[list(rows)] = True
        return mask

    first, _mask = _visible_pool(pool, within(1, 2, 3, 4))
    assert _visible_pool(pool, within(1, 2, 3, 4))[0] is first  # kept
    other, _mask = _visible_pool(pool, within(5, 6, 7, 8, 9))
    assert _visible_pool(pool, within(5, 6, 7, 8, 9))[0] is other
    # Four and five rows kept; four more would pass the ten: the memo starts again.
    _visible_pool(pool, within(10, 11, 12, 13))
    assert sum(len(kept[1]) for kept in ranking._visible_pools.values()) <= 10
    assert _visible_pool(pool, within(1, 2, 3, 4))[0] is not first
    # More rows than the whole memo may hold: taken, not kept.
    many = within(*range(20, 32))
    assert _visible_pool(pool, many)[0] is not _visible_pool(pool, many)[0]
