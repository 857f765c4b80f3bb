"""Candidate pool snapshots: a mapped pool ranks exactly like the built one; a snapshot
of another key is never opened; a broken one is ignored and rebuilt; two processes
building at once write one snapshot; old ones are removed."""

from __future__ import annotations

import multiprocessing
import os
import time

import numpy as np
import pytest

from marketplace.matching import snapshot
from marketplace.matching.explain import explain_candidates, explain_opportunities
from marketplace.matching.opportunity_table import OpportunitySpec, OpportunityTable
from marketplace.matching.pool import CandidatePool
from marketplace.matching.scoring import rank_candidates, rank_opportunities
from tests.matching.helpers import pool_of
from tests.matching.test_scoring import random_candidate, random_opportunity


@pytest.fixture(scope="module")
def world(spaces):
    """400 random candidates whose ids are not in row order, and 25 opportunities."""
    rng = np.random.default_rng(7)
    ids = rng.permutation(np.arange(1000, 1400)).tolist()
    candidates = []
    for i, candidate_id in enumerate(ids):
        record = random_candidate(rng, spaces, i)
        record.id = candidate_id
        candidates.append(record)
    pool = pool_of(spaces, *candidates)
    records = [random_opportunity(rng, spaces, j, pool.ids) for j in range(25)]
    specs = [OpportunitySpec.from_record(r, spaces) for r in records]
    return pool, specs, OpportunityTable.from_records(records, spaces)


def rows_of(pool: CandidatePool, version: int = 3) -> snapshot.CandidateRows:
    n = len(pool)
    return snapshot.candidate_rows_of(pool, version, np.arange(n) % 5, np.arange(n) % 3 == 0,
                                      [f"candidate-{i:04x}" if i % 9 else None for i in range(n)])


def same_ranking(a, b) -> None:
    assert a.ids == b.ids
    assert [type(i) for i in a.ids] == [type(i) for i in b.ids]
    np.testing.assert_array_equal(a.indices, b.indices)
    np.testing.assert_array_equal(a.scores, b.scores)
    np.testing.assert_array_equal(a.features, b.features)
    np.testing.assert_array_equal(a.effects, b.effects)
    assert a.unmet == b.unmet and a.eligible == b.eligible


def test_a_mapped_pool_ranks_exactly_like_the_pool_it_was_written_from(tmp_path, spaces, world):
    pool, specs, table = world
    built = rows_of(pool)
    mapped = snapshot.open_or_build(tmp_path, "k", spaces, lambda: built)
    assert isinstance(mapped.pool, snapshot.MappedCandidatePool)
    within = np.arange(len(pool)) % 4 != 1
    for spec in specs:
        for kwargs in ({}, {"within": within}):
            a = rank_candidates(pool, spec, 15, True, **kwargs)
            b = rank_candidates(mapped.pool, spec, 15, True, **kwargs)
            same_ranking(a, b)
            same_ranking(a.near_misses, b.near_misses)
            assert explain_candidates(pool, spec, a) == explain_candidates(mapped.pool, spec, b)
    for row in (0, 17, len(pool) - 1):
        a = rank_opportunities(pool, row, table, 10, True)
        b = rank_opportunities(mapped.pool, row, table, 10, True)
        same_ranking(a, b)
        assert (explain_opportunities(pool, row, table, a)
                == explain_opportunities(mapped.pool, row, table, b))


def test_a_mapped_pool_finds_rows_refs_and_coaches_like_the_built_one(tmp_path, spaces, world):
    pool = world[0]
    built = rows_of(pool)
    mapped = snapshot.open_or_build(tmp_path, "k", spaces, lambda: built)
    ids = list(pool.ids)
    assert list(mapped.pool.ids) == ids and mapped.pool.ids[5] == ids[5]
    assert [mapped.row_of[i] for i in ids] == list(range(len(ids)))
    assert mapped.row_of.get(1) is None and mapped.pool.index_of(999_999) is None
    assert [mapped.pool.index_of(i) for i in ids[:20]] == [pool.index_of(i) for i in ids[:20]]
    asked = [ids[3], 5, ids[200], ids[3], ids[0]]
    np.testing.assert_array_equal(mapped.pool.indices_of(asked), pool.indices_of(asked))
    assert list(mapped.refs) == list(built.refs) and mapped.refs[0] is None
    np.testing.assert_array_equal(mapped.coach_ids, built.coach_ids)
    np.testing.assert_array_equal(mapped.shared, built.shared)
    assert mapped.version == 3


def test_the_arrays_are_mapped_read_only_not_copied(tmp_path, spaces, world):
    mapped = snapshot.open_or_build(tmp_path, "k", spaces, lambda: rows_of(world[0]))
    pool = mapped.pool
    for array in (pool.dutch_rank, pool._points, pool.skills_by_skill.indices,
                  pool.occupation_credit.data, mapped.coach_ids, mapped.refs.encoded):
        assert not array.flags.writeable and not array.flags.owndata


def test_a_snapshot_of_another_key_is_not_opened(tmp_path, spaces, world):
    pool = world[0]
    snapshot.open_or_build(tmp_path, snapshot.snapshot_key(3, ("t",)), spaces,
                           lambda: rows_of(pool, 3))
    assert snapshot.open_snapshot(tmp_path, snapshot.snapshot_key(4, ("t",)), spaces) is None
    assert snapshot.open_snapshot(tmp_path, snapshot.snapshot_key(3, ("u",)), spaces) is None
    newer = snapshot.open_or_build(tmp_path, snapshot.snapshot_key(4, ("t",)), spaces,
                                   lambda: rows_of(pool, 4))
    assert newer.version == 4


@pytest.mark.parametrize("damage", ["truncate", "delete", "manifest"])
def test_a_broken_snapshot_is_ignored_and_rebuilt(tmp_path, spaces, world, damage):
    pool = world[0]
    snapshot.open_or_build(tmp_path, "k", spaces, lambda: rows_of(pool))
    if damage == "truncate":
        path = tmp_path / "k" / "skills.indices.npy"
        path.write_bytes(path.read_bytes()[:-40])
    elif damage == "delete":
        (tmp_path / "k" / "refs.npy").unlink()
    else:
        (tmp_path / "k" / snapshot.MANIFEST).write_text("{not json")
    assert snapshot.open_snapshot(tmp_path, "k", spaces) is None
    builds = []
    rebuilt = snapshot.open_or_build(tmp_path, "k", spaces,
                                     lambda: builds.append(1) or rows_of(pool))
    assert builds == [1] and isinstance(rebuilt.pool, snapshot.MappedCandidatePool)
    spec = world[1][0]
    same_ranking(rank_candidates(pool, spec), rank_candidates(rebuilt.pool, spec))


def test_without_writing_the_pool_is_built_in_memory_and_nothing_is_written(
        tmp_path, spaces, world):
    rows = snapshot.open_or_build(tmp_path, "k", spaces, lambda: rows_of(world[0]), write=False)
    assert not isinstance(rows.pool, snapshot.MappedCandidatePool)
    assert not (tmp_path / "k").exists()


def test_only_the_newest_two_snapshots_and_no_half_written_one_are_kept(
        tmp_path, spaces, world):
    pool = world[0]
    (tmp_path / ".building-dead").mkdir()
    for version in range(1, 5):
        key = snapshot.snapshot_key(version, ("t",))
        snapshot.open_or_build(tmp_path, key, spaces, lambda v=version: rows_of(pool, v))
        os.utime(tmp_path / key, (time.time() + version, time.time() + version))
    names = sorted(entry.name for entry in tmp_path.iterdir() if entry.is_dir())
    assert names == sorted(snapshot.snapshot_key(v, ("t",)) for v in (3, 4))
    # the one just written stays, even when the clock says another one is newer
    os.utime(tmp_path / snapshot.snapshot_key(3, ("t",)), (time.time() + 99,) * 2)
    snapshot.open_or_build(tmp_path, "k", spaces, lambda: rows_of(pool))
    names = sorted(entry.name for entry in tmp_path.iterdir() if entry.is_dir())
    assert names == sorted(["k", snapshot.snapshot_key(3, ("t",))])


def _build_in_process(directory, log_path, pool, spaces, start) -> None:
    start.wait()

    def build():
        with open(log_path, "a") as log:
            log.write(f"{os.getpid()}\n")
        time.sleep(0.5)  # long enough for the other process to find no snapshot
        return rows_of(pool)

    rows = snapshot.open_or_build(directory, "k", spaces, build)
    assert isinstance(rows.pool, snapshot.MappedCandidatePool)


def test_two_processes_building_at_once_write_one_snapshot(tmp_path, spaces, world):
    context = multiprocessing.get_context("fork")
    start = context.Event()
    log_path = tmp_path / "builds.log"
    directory = tmp_path / "pool"
    processes = [context.Process(target=_build_in_process,
                                 args=(directory, log_path, world[0], spaces, start))
                 for _ in range(2)]
    for process in processes:
        process.start()
    start.set()
    for process in processes:
        process.join(timeout=60)
    assert [process.exitcode for process in processes] == [0, 0]
    assert len(log_path.read_text().split()) == 1
    assert [entry.name for entry in directory.iterdir() if entry.is_dir()] == ["k"]


def test_a_pool_with_an_array_the_snapshot_does_not_know_is_refused(tmp_path, spaces, world):
    pool = pool_of(spaces, *[])
    pool._something_new = np.zeros(0)
    with pytest.raises(ValueError, match="_something_new"):
        snapshot.write_snapshot(tmp_path, "k", rows_of(pool))


def test_an_empty_pool_is_written_and_mapped(tmp_path, spaces, world):
    rows = snapshot.open_or_build(tmp_path, "k", spaces, lambda: rows_of(pool_of(spaces)))
    assert isinstance(rows.pool, snapshot.MappedCandidatePool) and len(rows.pool) == 0
    ranking = rank_candidates(rows.pool, world[1][0], 10, True)
    assert ranking.ids == () and rows.row_of.get(1) is None
