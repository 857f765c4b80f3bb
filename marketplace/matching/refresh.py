"""Prepared candidate rows of a newer data version, made from the older rows and the
candidates that changed, instead of a rebuild from the database.

Rebuilding the pool reads every active candidate (seconds at 100,000), while an edit
changes one. The bridge (``operations.py``) asks the change log which candidates
changed since the version it holds (``data_versions.changes_since``), loads just those
with the same code as the full build (restricted by id) and hands both here:
:func:`refreshed_rows` drops the old rows of the changed ids (a candidate no longer
active or erased simply has no fresh row), adds the fresh ones and puts the rows in id
order, so the result is array for array what a full build of the new version gives.

Every array is row-wise, and an edit changes a few rows: the merged rows are a few
long runs of old rows with fresh rows between them (:class:`Splice`), copied as
slices, which for a CSR matrix also keeps each row's columns sorted; the column-major
copies are made again from their merged CSR matrix, when first read. (A row selection
over every row,
``take`` and a CSR row index, cost twice as much at 70,000 candidates.)
The old rows may be mapped from a snapshot: they are read, never written, and the
result lives in this process's memory (a :class:`RefreshedCandidatePool`). Which
arrays exist is the snapshot's list (``snapshot.PLAIN_ARRAYS``, ``SPARSE_ARRAYS``),
so a new derived array in ``pool.py`` fails here as it fails there.

The opportunity table is refreshed the same way (:func:`refreshed_table`): the changed
opportunities are read and made into a small table, and the rows are merged by the
same row selections (making the whole table again from 10,000 specs cost 40 to 100 ms
of every worker after every answer that freed a candidate). Nothing of it loops in
Python over the unchanged rows: the specs and refs are picked by ``map``, the row index
is the sorted ids (``IdIndex``), and who was proposed where is updated for the
candidates of the changed rows only (``opportunity_table.ProposedRows``).

Pure: numpy and scipy.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from operator import attrgetter

import numpy as np
from scipy import sparse

from marketplace.matching.opportunity_table import OpportunityTable
from marketplace.matching.pool import CandidatePool
from marketplace.matching.snapshot import (
    PLAIN_ARRAYS,
    SPARSE_ARRAYS,
    CandidateRows,
    IdArray,
    IdIndex,
    Refs,
    unknown_arrays,
)

COLUMN_COPIES = {
    "_credit_by_occupation": "occupation_credit",
    "skills_by_skill": "skills",
    "language_rank_by_language": "language_rank",
}
"""The column-major matrices of the pool and the row-major one each copies
(``CandidatePool.__post_init__``)."""


class RefreshedCandidatePool(CandidatePool):
    """A :class:`CandidatePool` merged from older rows and fresh ones: ``ids`` is an
    :class:`IdArray` and rows are found by binary search, as in a mapped pool.

    Its column-major copies (``COLUMN_COPIES``) are made when first read, not by the
    refresh: a coach's suggestion page ranks a pool of the visible rows
    (``CandidatePool.take``), which makes its own, so the whole pool's were most of a
    refresh's CPU (three conversions of 100,000 rows, on the first suggestion page of
    every worker after every save of a profile) for nothing. Two threads reading one
    at once both make the same matrix; either is kept."""

    _lookup: IdIndex

    def __getattr__(self, name: str):
        # Only called for an attribute not set: a column copy not made yet.
        source = COLUMN_COPIES.get(name)
        if source is None:
            raise AttributeError(name)
        copy = vars(self)[name] = getattr(self, source).tocsc()
        return copy

    def index_of(self, candidate_id) -> int | None:
        return self._lookup.get(candidate_id)

    def indices_of(self, candidate_ids) -> np.ndarray:
        return self._lookup.rows(candidate_ids)


def _ids_of(rows: CandidateRows) -> np.ndarray:
    if rows.row_of.order is None:  # in id order: the index holds the ids as they are
        return rows.row_of.sorted_ids
    return np.asarray(rows.pool.ids, dtype=np.int64)


def merge_order(old_ids: np.ndarray, changed: np.ndarray,
                fresh_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where the merged rows come from, and which old rows the ``changed`` ids drop.

    ``take`` holds, for each merged row in id order, its row in the old rows followed
    by the fresh ones (``len(old_ids) + j`` for fresh row ``j``). With ``old_ids``
    ascending (a build's order) no sort is needed: each fresh row goes before the first
    kept row of a larger id (ids are unique); else the ids are sorted."""
    n_old = len(old_ids)
    at = np.searchsorted(old_ids, changed)
    found = at < n_old
    found[found] = old_ids[at[found]] == changed[found]
    ascending = n_old < 2 or bool(np.all(old_ids[1:] > old_ids[:-1]))
    if not ascending:
        gone = np.flatnonzero(np.isin(old_ids, changed))
        kept = np.delete(np.arange(n_old, dtype=np.int64), gone)
        sources = np.concatenate([kept, n_old + np.arange(len(fresh_ids), dtype=np.int64)])
        return sources[np.argsort(np.concatenate([old_ids[kept], fresh_ids]), kind="stable")], gone
    gone = np.unique(at[found])
    kept = np.delete(np.arange(n_old, dtype=np.int64), gone)
    take = np.insert(kept, np.searchsorted(old_ids[kept], fresh_ids),
                     n_old + np.arange(len(fresh_ids), dtype=np.int64))
    return take, gone


@dataclasses.dataclass(frozen=True)
class Splice:
    """A merge as runs of consecutive rows of the old or of the fresh arrays.

    An edit changes a few rows, so the merged rows are a handful of long runs of old
    rows with fresh rows between them. Copying runs as slices (memory copies) is several
    times cheaper than a row selection over every row, and for a CSR matrix it keeps
    the rows' column order, so nothing is sorted again."""

    rows: int
    runs: tuple[tuple[int, int, int], ...]
    """(source: 0 old, 1 fresh; first row; row after the last) in merged order."""

    @classmethod
    def of(cls, take: np.ndarray, n_old: int) -> Splice:
        if not len(take):
            return cls(0, ((0, 0, 0),))
        # A run ends where the next row is not the next one, or where old rows end.
        ends = np.flatnonzero((np.diff(take) != 1) | (take[1:] == n_old)) + 1
        starts = [0, *ends.tolist()]
        stops = [*ends.tolist(), len(take)]
        firsts = take[starts].tolist()
        runs = tuple((1, first - n_old, first - n_old + stop - start) if first >= n_old
                     else (0, first, first + stop - start)
                     for first, start, stop in zip(firsts, starts, stops, strict=True))
        return cls(len(take), runs)

    def dense(self, old: np.ndarray, fresh: np.ndarray) -> np.ndarray:
        """Merged rows of arrays with one row per entry of the last axis."""
        sources = (old, fresh)
        return np.concatenate([sources[source][..., first:stop]
                               for source, first, stop in self.runs], axis=-1)

    def csr(self, old: sparse.csr_matrix, fresh: sparse.csr_matrix) -> sparse.csr_matrix:
        """Merged rows of two CSR matrices of the same width."""
        sources = (old, fresh)
        data, indices, lengths = [], [], []
        for source, first, stop in self.runs:
            matrix = sources[source]
            start, end = matrix.indptr[first], matrix.indptr[stop]
            data.append(matrix.data[start:end])
            indices.append(matrix.indices[start:end])
            lengths.append(np.diff(matrix.indptr[first:stop + 1]))
        indices = np.concatenate(indices)
        indptr = np.zeros(self.rows + 1, dtype=indices.dtype)
        np.cumsum(np.concatenate(lengths), out=indptr[1:])
        merged = type(old)((np.concatenate(data), indices, indptr),
                           shape=(self.rows, old.shape[1]), copy=False)
        if old.has_sorted_indices and fresh.has_sorted_indices:
            merged.has_sorted_indices = True  # runs keep each row's columns in order
        else:
            merged.sort_indices()
        return merged


def refreshed_rows(old: CandidateRows, changed: Iterable[int], fresh: CandidateRows,
                   version: int) -> CandidateRows:
    """``old`` with the rows of the ``changed`` ids replaced by ``fresh`` (which holds
    those of them that are in the pool now), as rows of ``version`` in id order."""
    for rows in (old, fresh):
        unknown = unknown_arrays(rows.pool)
        if unknown:
            raise ValueError(f"a refresh does not know the pool's {sorted(unknown)}")
    old_ids, fresh_ids = _ids_of(old), _ids_of(fresh)
    changed = np.unique(np.fromiter((int(i) for i in changed), dtype=np.int64))
    take, _gone = merge_order(old_ids, changed, fresh_ids)
    splice = Splice.of(take, len(old_ids))
    pool = object.__new__(RefreshedCandidatePool)  # no __post_init__: all is merged
    values = vars(pool)
    for name in PLAIN_ARRAYS:
        values[name] = splice.dense(getattr(old.pool, name), getattr(fresh.pool, name))
    for name, layout in SPARSE_ARRAYS.items():
        if layout == "csr":
            values[name] = splice.csr(getattr(old.pool, name), getattr(fresh.pool, name))
    missing = set(SPARSE_ARRAYS) - set(values) - set(COLUMN_COPIES)
    if missing:  # a new column-major copy must be named in COLUMN_COPIES
        raise ValueError(f"a refresh does not know how to make {sorted(missing)}")
    ids = splice.dense(old_ids, fresh_ids)
    row_of = IdIndex(ids)
    values["ids"] = IdArray(ids)
    values["spaces"] = old.pool.spaces
    values["_lookup"] = row_of
    refs = Refs(splice.dense(old.refs.encoded, fresh.refs.encoded))
    return CandidateRows(pool=pool, version=version,
                         coach_ids=splice.dense(old.coach_ids, fresh.coach_ids),
                         shared=splice.dense(old.shared, fresh.shared), refs=refs, row_of=row_of)


def refreshed_table(old: OpportunityTable, old_ids: np.ndarray,
                    old_refs: Sequence[str | None], changed: Iterable[int],
                    fresh: OpportunityTable, fresh_refs: Sequence[str | None],
                    ) -> tuple[OpportunityTable, np.ndarray, tuple[str | None, ...]]:
    """``old`` (with the ids of its rows, ascending, and their refs) without the rows of
    the ``changed`` ids, with the rows of ``fresh`` (those of them still open, in id
    order) instead: array for array what ``OpportunityTable.from_specs`` makes of the
    merged specs, and the merged ids and refs. Python touches only the changed rows:
    the specs and refs are picked by ``map`` and the arrays by row selections (C loops),
    and who was proposed where is updated for the candidates of the changed rows only
    (``ProposedRows.refreshed``), not made again from every spec."""
    n_old = len(old_ids)
    fresh_ids = np.fromiter(map(attrgetter("id"), fresh.specs), dtype=np.int64,
                            count=len(fresh))
    if np.any(fresh_ids[1:] <= fresh_ids[:-1]):
        raise ValueError("the fresh opportunities are not in id order")
    wanted = np.unique(np.fromiter(changed, dtype=np.int64))
    take, gone = merge_order(old_ids, wanted, fresh_ids)
    splice = Splice.of(take, n_old)
    is_old = take < n_old
    new_row_of_old = np.full(n_old, -1, dtype=np.int64)
    new_row_of_old[take[is_old]] = np.flatnonzero(is_old)
    values = {}
    for name in (f.name for f in dataclasses.fields(OpportunityTable)):
        if name in ("specs", "spaces", "proposed"):
            continue
        before, after = getattr(old, name), getattr(fresh, name)
        if sparse.issparse(before):
            values[name] = splice.csr(before.tocsr(), after.tocsr())
        else:
            values[name] = splice.dense(before, after)
    rows = take.tolist()
    specs, refs = old.specs + fresh.specs, (*old_refs, *fresh_refs)
    proposed = old.proposed.refreshed(new_row_of_old, np.flatnonzero(~is_old),
                                      [old.specs[row] for row in gone.tolist()], fresh.specs)
    table = OpportunityTable(specs=tuple(map(specs.__getitem__, rows)), spaces=old.spaces,
                             proposed=proposed, **values)
    return (table, splice.dense(old_ids, fresh_ids),
            tuple(map(refs.__getitem__, rows)))
