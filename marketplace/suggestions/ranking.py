"""The suggestion lists a coach sees: ranked with a deadline, or unranked.

Three ways a list is made:

* **Ranked**: the scorer ranks every visible pair that meets the hard requirements and
  the best ones are explained.
* **Switched off** (``ranking_setting``): the pairs that meet every hard requirement,
  built from the requirement bit masks alone (no scorer call), in a neutral order: the
  order in which the candidates or opportunities were added, oldest first.
* **One pair** (``pair_entry``): one candidate and one opportunity through the same
  ranking and explanation, for the employer's answer page, whatever hard requirement
  the pair misses.
* **Fallback**: the ranking raised, or did not finish within
  ``SUGGESTION_RANKING_DEADLINE_SECONDS`` (2 s): the same unranked list, with a notice.
  The error is logged without personal data.

A page shows ``PAGE_SIZE`` entries; ``page`` 2 is places 21 to 40 of the same list
(ranked: ``scoring.rank_candidates(start=...)``, the one order; unranked: the same
neutral order), and a page past the end is the last page (``scoring.part_start``).
The near misses are the best ``top_k`` on every page: they are a list of their own.

Why a worker thread with ``future.result(timeout=...)``: the ranking is numpy and
scikit-learn code that can not be interrupted from outside, and a check of the elapsed
time only helps after it returns. The request thread loads everything from the
database first (the cached pool, the opportunity, who is dismissed), hands the pure
maths to a small pool of worker threads, and waits at most the deadline. On timeout it
builds the unranked list from the same prepared data and answers; the abandoned worker
finishes (or not) in the background without touching the database session, so nothing
is shared between the two threads but read-only arrays. The pool is small and fixed, so
a scorer that hangs every time can occupy at most ``_WORKERS`` threads per process; later
requests then wait in its queue, hit the deadline and still get the unranked list.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field

import numpy as np
from flask import current_app

from marketplace.matching import operations as matching
from marketplace.matching.explain import (
    Explanation,
    explain_candidates,
    explain_opportunities,
)
from marketplace.matching.features import candidate_distances, opportunity_distances
from marketplace.matching.opportunity_table import OpportunityTable
from marketplace.matching.pool import CandidatePool
from marketplace.matching.requirements import (
    HARD_REQUIREMENTS,
    unmet_count,
    unmet_for_candidates,
    unmet_for_opportunities,
    unmet_names,
)
from marketplace.matching.scoring import (
    DEFAULT_MAX_UNMET,
    Ranking,
    Scorer,
    part_start,
    rank_candidates,
    rank_opportunities,
)
from marketplace.ranking.scorer import scorer_of
from marketplace.suggestions import queries
from marketplace.suggestions.vocab import UNRANKED_VERSION

log = logging.getLogger(__name__)

_WORKERS = 4
_executor = ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="ranking")

#: Why a list is unranked.
SWITCHED_OFF, FAILED, TOO_SLOW = "switched_off", "failed", "too_slow"

#: Suggestions on one page (and the places each further page moves on).
PAGE_SIZE = 20


@dataclass(frozen=True)
class Entry:
    """One line of a suggestion list (or of its near misses)."""

    candidate_id: int
    opportunity_id: int
    score: float | None = None
    features: list[float] | None = None
    explanation: Explanation | None = None
    unmet: tuple[str, ...] = ()


@dataclass(frozen=True)
class SuggestionResult:
    ranked: bool
    scorer_version: str
    entries: list[Entry]
    near_misses: list[Entry] = field(default_factory=list)
    eligible: int = 0
    """How many pairs met every hard requirement (and were visible, not dismissed)."""
    unranked_because: str | None = None
    """``SWITCHED_OFF``, ``FAILED`` or ``TOO_SLOW`` for an unranked list."""
    first_rank: int = 1
    """The place of the first entry in the whole list: 21 on the second page of 20."""


def run_with_deadline(work: Callable[[], object], seconds: float):
    """``work()`` in a worker thread; ``TimeoutError`` when it takes over ``seconds``."""
    future = _executor.submit(work)
    try:
        return future.result(timeout=seconds)
    except FutureTimeout as error:
        future.cancel()  # only helps when it had not started yet
        raise TimeoutError(f"ranking took over {seconds} s") from error


def _deadline() -> float:
    return float(current_app.config.get("SUGGESTION_RANKING_DEADLINE_SECONDS", 2.0))


def _without(ids: tuple, excluded: Iterable[int]) -> np.ndarray:
    """A mask over ``ids``: False for the ``excluded`` ones."""
    excluded = list(excluded)
    if not excluded:
        return np.ones(len(ids), dtype=bool)
    return ~np.isin(np.asarray(ids, dtype=np.int64), np.asarray(excluded, dtype=np.int64))


#: Up to this share of the pool visible to the viewer, a ranking of candidates reads a
#: pool of the visible rows only (``_visible_pool``).
VISIBLE_SHARE = 0.25


#: Pools of visible rows kept (``_visible_pool``), at most, and their rows in all: past
#: either the memo starts again. A taken row costs what a row of the whole pool costs
#: (about 1 kB), so the kept pools add at most some 20 MB to a worker.
VISIBLE_POOLS_KEPT = 64
VISIBLE_ROWS_KEPT = 20_000

_visible_pools: dict = {}


def _visible_pool(pool: CandidatePool, within: np.ndarray
                  ) -> tuple[CandidatePool, np.ndarray | None]:
    """The pool a ranking of candidates reads and the mask over it. A coach sees their
    caseload and the shared candidates, a few hundred of 100,000: features, scores and
    sort keys of every other row were most of the ranking's CPU for nothing. A pool of
    just the visible rows (``CandidatePool.take``, the pool the answer page ranks one
    pair in) gives the same entries, values and order: every feature is computed row by
    row, and equal keys keep pool order, which the taken rows keep.

    The taken pool is kept per pool and rows (a coach's pages for one opportunity after
    another take the same rows of the same pool: about 1 ms each time). The pool is
    held weakly, so a kept entry never keeps a replaced pool of 100,000 rows alive, and
    an entry counts only for the very pool it was taken from (a new pool may reuse an
    old one's ``id``); the kept rows are bounded (``VISIBLE_ROWS_KEPT``), so the memo
    stays small beside the pool. Two threads may take the same rows at once; either
    is kept."""
    rows = np.flatnonzero(within)
    if len(rows) > len(pool) * VISIBLE_SHARE:
        return pool, within
    key = (id(pool), rows.tobytes())
    kept = _visible_pools.get(key)
    if kept is not None and kept[0]() is pool:
        return kept[1], None
    taken = pool.take(rows)
    if len(rows) > VISIBLE_ROWS_KEPT:
        return taken, None
    if (len(_visible_pools) >= VISIBLE_POOLS_KEPT
            or sum(len(kept[1]) for kept in list(_visible_pools.values())) + len(rows)
            > VISIBLE_ROWS_KEPT):
        _visible_pools.clear()
    _visible_pools[key] = (weakref.ref(pool), taken)
    return taken, None


def _ranked(ranking: Ranking, explanations: list[Explanation], pair) -> list[Entry]:
    return [
        Entry(*pair(suggestion.id), score=suggestion.score,
              features=[float(v) for v in ranking.features[k]], explanation=explanation,
              unmet=suggestion.unmet)
        for k, (suggestion, explanation) in enumerate(zip(ranking, explanations, strict=True))
    ]


def _start(page: int, top_k: int) -> int:
    """How many places come before page ``page`` (1 and below: none)."""
    return (max(page, 1) - 1) * top_k


def _unranked(ids: tuple, unmet: np.ndarray, within: np.ndarray, top_k: int, start: int,
              near_misses: bool, pair) -> tuple[list[Entry], list[Entry], int, int]:
    """The ``top_k`` pairs (in ``ids`` order) meeting every requirement from place
    ``start + 1`` on (the last ones when that lies past the end), the first near
    misses, how many pairs met every requirement and where the entries start; no
    scores."""
    eligible = np.flatnonzero((unmet == 0) & within)
    start = part_start(start, top_k, len(eligible))
    entries = [Entry(*pair(ids[i])) for i in eligible[start:start + top_k]]
    near = []
    if near_misses:
        count = unmet_count(unmet)
        near_rows = np.flatnonzero((count > 0) & (count <= DEFAULT_MAX_UNMET) & within)[:top_k]
        near = [Entry(*pair(ids[i]), unmet=unmet_names(unmet[i])) for i in near_rows]
    return entries, near, len(eligible), start


def _fallback(reason: str, build) -> SuggestionResult:
    entries, near, eligible, start = build()
    return SuggestionResult(False, UNRANKED_VERSION, entries, near, eligible, reason,
                            first_rank=start + 1)


def _with_deadline(subject: str, scorer: Scorer, rank, unranked,
                   wait: bool) -> SuggestionResult:
    """Rank within the deadline, else the unranked list (logged, no personal data).
    Without ``wait`` (a command, not a page) the ranking runs here and an error
    propagates: a command must not print an unranked list as if it were ranked."""
    if not wait:
        return rank()
    try:
        return run_with_deadline(rank, _deadline())
    except TimeoutError:
        log.warning("Ranking %s with %s took longer than %s s: the unranked list was shown.",
                    subject, scorer.version, _deadline())
        return _fallback(TOO_SLOW, unranked)
    except Exception as error:  # any failure of the ranking: the page still answers
        log.error("Ranking %s with %s failed (%s): the unranked list was shown.",
                  subject, scorer.version, type(error).__name__, exc_info=True)
        return _fallback(FAILED, unranked)


def candidates_for(opportunity, viewer, *, enabled: bool | None = None,
                   top_k: int = PAGE_SIZE, page: int = 1, near_misses: bool = False,
                   excluded: Iterable[int] = (), deadline: bool = True) -> SuggestionResult:
    """Candidates for ``opportunity`` that ``viewer`` may see, leaving out ``excluded``
    (dismissed) candidate ids; ranked when ``enabled`` (None: as the admins' switch
    says), else unranked. ``page``: which ``top_k`` places (module docstring)."""
    stamps = queries.list_stamps()
    enabled = stamps.ranking_enabled if enabled is None else enabled
    rows = matching.candidate_rows(stamps.candidates)
    spec = matching.opportunity_spec(opportunity, matching.opportunity_rows(stamps.opportunities))
    within = matching.visible_candidates(rows, viewer) & _without(rows.pool.ids, excluded)

    def pair(candidate_id):
        return candidate_id, opportunity.id

    def unranked():
        unmet = unmet_for_candidates(rows.pool, spec, candidate_distances(rows.pool, spec))
        return _unranked(rows.pool.ids, unmet, within, top_k, _start(page, top_k),
                         near_misses, pair)

    if not enabled:
        return _fallback(SWITCHED_OFF, unranked)
    scorer = scorer_of(stamps.active_model)

    def rank() -> SuggestionResult:
        pool, mask = _visible_pool(rows.pool, within)
        ranking = rank_candidates(pool, spec, top_k=top_k, include_near_misses=near_misses,
                                  scorer=scorer, within=mask, start=_start(page, top_k))
        return _result(ranking, lambda r: explain_candidates(pool, spec, r), pair)

    return _with_deadline("candidates", scorer, rank, unranked, deadline)


def opportunities_for(candidate, *, enabled: bool | None = None, top_k: int = PAGE_SIZE,
                      page: int = 1, near_misses: bool = False, excluded: Iterable[int] = (),
                      deadline: bool = True) -> SuggestionResult:
    """Open opportunities for ``candidate``, leaving out ``excluded`` (dismissed)
    opportunity ids; ranked when ``enabled`` (None: as the admins' switch says). An
    inactive candidate gets an empty list. ``page`` as in :func:`candidates_for`."""
    stamps = queries.list_stamps()
    enabled = stamps.ranking_enabled if enabled is None else enabled
    candidates = matching.candidate_rows(stamps.candidates)
    opportunities = matching.opportunity_rows(stamps.opportunities)
    index = candidates.row_of.get(candidate.id)
    if index is None:  # not active: nothing is suggested for them
        version = scorer_of(stamps.active_model).version if enabled else UNRANKED_VERSION
        return SuggestionResult(enabled, version, [], [], 0,
                                None if enabled else SWITCHED_OFF)
    pool: CandidatePool = candidates.pool
    table: OpportunityTable = opportunities.table
    within = _without(table.ids, excluded)

    def pair(opportunity_id):
        return candidate.id, opportunity_id

    def unranked():
        distances = opportunity_distances(pool, index, table)
        unmet = unmet_for_opportunities(pool, index, table, distances)
        return _unranked(table.ids, unmet, within, top_k, _start(page, top_k), near_misses,
                         pair)

    if not enabled:
        return _fallback(SWITCHED_OFF, unranked)
    scorer = scorer_of(stamps.active_model)

    def rank() -> SuggestionResult:
        ranking = rank_opportunities(pool, index, table, top_k=top_k,
                                     include_near_misses=near_misses, scorer=scorer,
                                     within=within, start=_start(page, top_k))
        return _result(ranking, lambda r: explain_opportunities(pool, index, table, r), pair)

    return _with_deadline("opportunities", scorer, rank, unranked, deadline)


def _result(ranking: Ranking, explain, pair) -> SuggestionResult:
    near = ranking.near_misses
    return SuggestionResult(
        ranked=True,
        scorer_version=ranking.scorer_version,
        entries=_ranked(ranking, explain(ranking), pair),
        near_misses=_ranked(near, explain(near), pair) if near else [],
        eligible=ranking.eligible,
        first_rank=ranking.start + 1,
    )



def pair_entry(candidate_id: int, opportunity, *,
               enabled: bool | None = None) -> Entry | None:
    """The entry of one candidate for one opportunity, ranked and explained as in the
    lists (unranked, with only its unmet requirements, when the ranking is off, fails
    or is too slow); ranked when ``enabled`` (None: as the admins' switch says). The
    pair is kept whatever it misses; being proposed there already is not held against
    it (this is the proposed pair). None when the candidate is not in the pool (no
    longer active). The stamps, the switch and the active model are read in one
    statement (``queries.list_stamps``), as the lists read them, not in four."""
    stamps = queries.list_stamps()
    enabled = stamps.ranking_enabled if enabled is None else enabled
    rows = matching.candidate_rows(stamps.candidates)
    index = rows.row_of.get(candidate_id)
    if index is None:
        return None
    # Only the pair's row: the same ranking and explanation as in the whole pool,
    # without the cost of every other candidate.
    pool = rows.pool.take([index])
    spec = matching.pair_opportunity_spec(opportunity)

    def pair(_candidate_id):
        return candidate_id, opportunity.id

    def unranked():
        unmet = unmet_for_candidates(pool, spec, candidate_distances(pool, spec))
        return [Entry(candidate_id, opportunity.id, unmet=unmet_names(unmet[0]))], [], 0, 0

    if not enabled:
        result = _fallback(SWITCHED_OFF, unranked)
    else:
        scorer = scorer_of(stamps.active_model)

        def rank() -> SuggestionResult:
            ranking = rank_candidates(pool, spec, top_k=1, include_near_misses=True,
                                      scorer=scorer, max_unmet=len(HARD_REQUIREMENTS))
            return _result(ranking, lambda r: explain_candidates(pool, spec, r), pair)

        result = _with_deadline("one pair", scorer, rank, unranked, True)
    entries = [*result.entries, *result.near_misses]
    return entries[0] if entries else None
