"""The candidate pool snapshot through the bridge: written once for a data version in the
test app's own instance folder, mapped for ranking, refreshed in memory after a change
until the job writes the new version's, rebuilt when broken, never written from
uncommitted data, prepared by the job."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from marketplace.candidates.operations import create_candidate
from marketplace.data_versions import current_version
from marketplace.extensions import db
from marketplace.jobs import tasks
from marketplace.matching import operations
from marketplace.matching.scoring import rank_candidates
from marketplace.matching.snapshot import MappedCandidatePool
from marketplace.taxonomy.version import taxonomy_version
from tests.factories import candidate_profile, make_candidate
from tests.matching_db.test_bridge import ranked_ids


@pytest.fixture
def pool_dir(app) -> Path:
    return Path(app.config["CANDIDATE_POOL_DIR"])


def snapshots(pool_dir: Path) -> list[str]:
    if not pool_dir.is_dir():
        return []
    return sorted(entry.name for entry in pool_dir.iterdir()
                  if entry.is_dir() and not entry.name.startswith("."))


def current_key() -> str:
    return operations._pool_key(current_version("candidates"), taxonomy_version())


def test_the_snapshot_is_in_the_test_apps_own_instance_folder(app, pool_dir):
    assert not str(pool_dir).startswith(str(Path(__file__).parents[2]))


def test_a_ranking_maps_the_snapshot_and_ranks_like_the_pool_built_in_memory(
        opportunity, users, pool_dir):
    mine = [make_candidate(users["coach_a"], pseudonym=f"A{i}", commit=True) for i in range(3)]
    theirs = make_candidate(users["coach_b"], commit=True)
    theirs.shared_with_partnership = True
    db.session.commit()
    rows = operations.candidate_rows()
    assert isinstance(rows.pool, MappedCandidatePool)
    assert snapshots(pool_dir) == [current_key()]
    built = operations._build_candidate_rows(rows.version)
    spec = operations.opportunity_spec(opportunity)
    for viewer in (None, users["coach_a"], users["coach_b"]):
        within_mapped = operations.visible_candidates(rows, viewer)
        within_built = operations.visible_candidates(built, viewer)
        np.testing.assert_array_equal(within_mapped, within_built)
        a = rank_candidates(built.pool, spec, 50, True, within=within_built)
        b = rank_candidates(rows.pool, spec, 50, True, within=within_mapped)
        assert a.ids == b.ids and np.array_equal(a.scores, b.scores) and a.unmet == b.unmet
    for candidate in (*mine, theirs):
        row = rows.row_of[candidate.id]
        assert rows.refs[row] == candidate.ref and rows.pool.ids[row] == candidate.id
        assert row == built.row_of[candidate.id]


def test_a_change_is_refreshed_in_the_process_and_the_job_writes_its_snapshot(
        opportunity, users, pool_dir):
    first = make_candidate(users["coach_a"], commit=True)
    assert first.id in ranked_ids(opportunity)
    old_key = current_key()
    second = make_candidate(users["coach_a"], commit=True)
    assert current_key() != old_key
    found = ranked_ids(opportunity)
    assert {first.id, second.id} <= set(found)
    # The rows of the one new candidate were added in memory: nothing was written.
    assert not isinstance(operations.candidate_rows().pool, MappedCandidatePool)
    assert snapshots(pool_dir) == [old_key]
    assert tasks.prepare_candidate_pool_job.call_local() is True
    assert snapshots(pool_dir) == sorted([old_key, current_key()])
    assert isinstance(operations.candidate_rows().pool, MappedCandidatePool)


def test_a_process_that_finds_no_snapshot_of_its_version_does_not_use_an_old_one(
        opportunity, users, pool_dir):
    first = make_candidate(users["coach_a"], commit=True)
    operations.candidate_rows()
    old_key = current_key()
    operations.forget_prepared_data(keep_taxonomy=True)  # drops this process's pools
    second = make_candidate(users["coach_a"], commit=True)
    assert old_key != current_key()
    rows = operations.candidate_rows()
    assert {first.id, second.id} <= {int(i) for i in rows.pool.ids}


def test_a_broken_snapshot_is_rebuilt(opportunity, users, pool_dir):
    candidate = make_candidate(users["coach_a"], commit=True)
    operations.candidate_rows()
    (pool_dir / current_key() / "skills.data.npy").write_bytes(b"\x93NUMPY broken")
    operations.process_cache.clear(keep=("spaces", "titles"))  # a fresh worker: cache empty
    assert candidate.id in ranked_ids(opportunity)
    assert isinstance(operations.candidate_rows().pool, MappedCandidatePool)
    assert (pool_dir / current_key() / "skills.data.npy").stat().st_size > 20


def test_a_pool_built_before_the_commit_of_its_stamp_is_not_written(
        opportunity, users, pool_dir):
    create_candidate(users["coach_a"], candidate_profile())
    db.session.flush()  # the stamp moved, not committed
    rows = operations.candidate_rows()
    assert not isinstance(rows.pool, MappedCandidatePool)
    assert current_key() not in snapshots(pool_dir)
    db.session.rollback()


def test_the_job_prepares_the_snapshot_once(opportunity, users, pool_dir):
    make_candidate(users["coach_a"], commit=True)
    assert tasks.TASKS["prepare_candidate_pool"] is tasks.prepare_candidate_pool_job
    assert tasks.prepare_candidate_pool_job.call_local() is True
    assert snapshots(pool_dir) == [current_key()]
    written = os.stat(pool_dir / current_key()).st_mtime_ns
    assert tasks.prepare_candidate_pool_job.call_local() is False
    assert os.stat(pool_dir / current_key()).st_mtime_ns == written
    assert isinstance(operations.candidate_rows().pool, MappedCandidatePool)


def test_without_a_pool_directory_each_process_builds_in_memory(app, opportunity, users,
                                                                   pool_dir, monkeypatch):
    monkeypatch.setitem(app.config, "CANDIDATE_POOL_DIR", None)
    candidate = make_candidate(users["coach_a"], commit=True)
    assert candidate.id in ranked_ids(opportunity)
    assert not isinstance(operations.candidate_rows().pool, MappedCandidatePool)
    assert snapshots(pool_dir) == []
    assert tasks.prepare_candidate_pool_job.call_local() is False
