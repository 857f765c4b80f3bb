"""Refreshed candidate rows (pure): the old rows with changed candidates replaced,
dropped or added equal, array for array, the rows built from the final records, from
rows in memory and from a mapped snapshot alike; and so does a refreshed opportunity
table, refresh after refresh."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from marketplace.matching import snapshot
from marketplace.matching.opportunity_table import OpportunityTable
from marketplace.matching.refresh import RefreshedCandidatePool, refreshed_rows, refreshed_table
from tests.matching.helpers import assert_same_rows, assert_same_table, pool_of
from tests.matching.test_scoring import random_candidate, random_opportunity


def rows_of(spaces, records, version=1):
    pool = pool_of(spaces, *records)
    coach = [record.id % 7 for record in records]
    shared = [record.id % 3 == 0 for record in records]
    refs = [f"c-{record.id}" if record.id % 4 else None for record in records]
    return snapshot.candidate_rows_of(pool, version, coach, shared, refs)




@pytest.mark.parametrize("mapped", [False, True])
def test_replaced_dropped_and_added_rows_equal_a_build_of_the_final_records(
        spaces, tmp_path, mapped):
    rng = np.random.default_rng(15)
    records = []
    for i in range(60):
        record = random_candidate(rng, spaces, i)
        record.id = 10 + 2 * i  # gaps: a new id can fall between two
        records.append(record)
    old = rows_of(spaces, records)
    if mapped:
        snapshot.write_snapshot(tmp_path, "k", old)
        old = snapshot.open_snapshot(tmp_path, "k", spaces)
    final = {record.id: record for record in records}
    changed = {10, 40, 41, 128, 200}  # replaced, replaced, new between two, dropped, new
    for n, candidate_id in enumerate(sorted(changed - {128})):
        record = copy.copy(random_candidate(rng, spaces, 100 + n))
        record.id = candidate_id
        final[candidate_id] = record
    del final[128]
    fresh = rows_of(spaces, [final[i] for i in sorted(changed) if i in final], version=2)
    rows = refreshed_rows(old, changed, fresh, 2)
    assert isinstance(rows.pool, RefreshedCandidatePool) and rows.version == 2
    built = rows_of(spaces, [final[i] for i in sorted(final)], version=2)
    assert_same_rows(rows, built)
    assert rows.row_of.get(128) is None and rows.pool.index_of(41) == built.row_of[41]


def test_refreshed_tables_equal_a_build_of_the_final_opportunities_refresh_after_refresh(
        spaces):
    rng = np.random.default_rng(15)
    candidates = list(range(1, 30))  # few: the opportunities share them

    def record(opportunity_id):
        made = random_opportunity(rng, spaces, opportunity_id, candidates)
        made.id = opportunity_id
        return made

    def table_of(ids):
        return OpportunityTable.from_records([final[i] for i in ids], spaces)

    final = {10 + 2 * j: record(10 + 2 * j) for j in range(50)}  # gaps between ids
    ids = np.array(sorted(final), dtype=np.int64)
    table, refs = table_of(ids), tuple(f"o-{i}" for i in ids)
    rounds = [
        ({12, 14}, set()),  # replaced in place: no row moves
        ({10, 40, 41, 58, 200}, {58}),  # replaced, new between two, closed, new at the end
        ({9, 41, 60, 108, 300}, {41, 300}),  # new first, closed again, last one replaced
    ]
    for changed, closed in rounds:
        for opportunity_id in changed:
            final.pop(opportunity_id, None)
            if opportunity_id not in closed:
                final[opportunity_id] = record(opportunity_id)
        fresh_ids = sorted(changed & final.keys())
        table, ids, refs = refreshed_table(
            table, ids, refs, changed, table_of(fresh_ids), [f"o-{i}" for i in fresh_ids])
        built_ids = sorted(final)
        assert ids.tolist() == built_ids and refs == tuple(f"o-{i}" for i in built_ids)
        assert_same_table(table, table_of(built_ids))



@pytest.mark.parametrize(("changed", "kept_out"), [
    ("all", "all"),  # every row dropped: no rows at all
    ("first, last, after last", ()),  # runs start at the first row and end past the last
    ("all", ()),  # every row replaced: no old row kept
    ("none", ()),  # nothing changed
])
def test_refreshes_at_the_edges_equal_a_build(spaces, changed, kept_out):
    """The merge copies runs of old rows between fresh ones; at the edges too."""
    rng = np.random.default_rng(16)
    records = []
    for i in range(12):
        record = random_candidate(rng, spaces, i)
        record.id = 5 + 3 * i
        records.append(record)
    ids = [record.id for record in records]
    changed = {"all": set(ids), "none": set(),
               "first, last, after last": {ids[0], ids[-1], ids[-1] + 1}}[changed]
    gone = set(ids) if kept_out == "all" else set()
    final = {record.id: record for record in records}
    for n, candidate_id in enumerate(sorted(changed)):
        final.pop(candidate_id, None)
        if candidate_id not in gone:
            record = copy.copy(random_candidate(rng, spaces, 50 + n))
            record.id = candidate_id
            final[candidate_id] = record
    fresh = rows_of(spaces, [final[i] for i in sorted(changed) if i in final], version=2)
    rows = refreshed_rows(rows_of(spaces, records), changed, fresh, 2)
    assert_same_rows(rows, rows_of(spaces, [final[i] for i in sorted(final)], version=2))
