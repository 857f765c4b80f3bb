"""Refreshed candidate rows (pure): the old rows with changed candidates replaced,
dropped or added equal, array for array, the rows built from the final records, from
rows in memory and from a mapped snapshot alike."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from marketplace.matching import snapshot
from marketplace.matching.refresh import RefreshedCandidatePool, refreshed_rows
from tests.matching.helpers import assert_same_rows, pool_of
from tests.matching.test_scoring import random_candidate


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
