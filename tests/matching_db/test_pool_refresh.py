"""Fresh after every edit without a rebuild: the next ranking after an edit refreshes
the rows of the changed candidates only, and what it ranks from is array for array
what a full build of the new version gives."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select, update

from marketplace import data_versions
from marketplace.candidates.erasure import erase_candidate
from marketplace.candidates.models import Candidate
from marketplace.candidates.operations import (
    ExperienceEntry,
    profile_of,
    update_candidate,
    withdraw_consent,
)
from marketplace.data_versions import DataChange, DataVersion, current_version
from marketplace.extensions import db
from marketplace.jobs import tasks
from marketplace.matching import operations
from marketplace.matching.refresh import RefreshedCandidatePool
from marketplace.matching.snapshot import MappedCandidatePool
from marketplace.taxonomy.queries import get_occupation_by_uri, get_skill_by_uri
from tests.factories import FORKLIFT, TEAMWORK, WAREHOUSE, make_candidate
from tests.matching.helpers import assert_same_rows as assert_same_pools
from tests.matching_db.test_bridge import ranked_ids


def assert_same_rows(rows, built) -> None:
    """Every array of the two prepared pools and their metadata are equal."""
    assert_same_pools(rows, built)
    assert rows.version == built.version
    for candidate_id in built.pool.ids:
        assert rows.row_of[candidate_id] == built.row_of[candidate_id]


def refreshed_and_full() -> tuple:
    rows = operations.candidate_rows()
    return rows, operations._build_candidate_rows(current_version("candidates"))


@pytest.fixture
def caseload(opportunity, users):
    """Four candidates of coach A with consent, one with a full profile, ranked once:
    this process holds the rows of their version."""
    warehouse = get_occupation_by_uri(WAREHOUSE)
    made = [make_candidate(users["coach_a"], commit=True, pseudonym=f"C{n}") for n in range(3)]
    made.append(make_candidate(
        users["coach_a"], commit=True, pseudonym="Full", languages={"ar": "C2", "en": "B1"},
        skills=frozenset({get_skill_by_uri(TEAMWORK).id}),
        wished_occupations=frozenset({get_occupation_by_uri(FORKLIFT).id}),
        wished_kinds=frozenset({"job"}), day_parts=frozenset({"mornings", "afternoons"}),
        hours_per_week=30, max_commute_km=15,
    ))
    update_candidate(made[3], replace(profile_of(made[3]), experiences=[
        ExperienceEntry(warehouse.id, "magazijnier", 3.5, "SY")]),
        expected_version=made[3].version)
    db.session.commit()
    assert isinstance(operations.candidate_rows().pool, MappedCandidatePool)
    return made


def save(candidate, coach, **changes) -> None:
    update_candidate(candidate, replace(profile_of(candidate), **changes),
                     expected_version=candidate.version)
    db.session.commit()


def test_a_profile_change_is_refreshed_and_equals_a_full_build(caseload, opportunity, users):
    candidate = caseload[0]
    save(candidate, users["coach_a"], dutch_level="B2", postcode="2000", hours_per_week=20)
    rows, built = refreshed_and_full()
    assert isinstance(rows.pool, RefreshedCandidatePool)
    assert rows.pool.dutch_rank[rows.row_of[candidate.id]] == 4
    assert_same_rows(rows, built)
    assert candidate.id in ranked_ids(opportunity)


def test_child_rows_changed_are_refreshed(caseload, users):
    full = caseload[3]
    save(full, users["coach_a"], languages={"fr": "A1"}, skills=frozenset(),
         wished_occupations=frozenset(), experiences=[], wished_sectors=frozenset({"H"}))
    rows, built = refreshed_and_full()
    assert isinstance(rows.pool, RefreshedCandidatePool)
    assert rows.pool.skills[rows.row_of[full.id]].nnz == 0
    assert_same_rows(rows, built)


def test_withdrawn_consent_shows_at_the_next_ranking(caseload, opportunity, users):
    candidate = caseload[1]
    withdraw_consent(candidate, withdrawn_on=date(2026, 2, 1), recorded_by=users["coach_a"])
    db.session.commit()
    rows, built = refreshed_and_full()
    assert isinstance(rows.pool, RefreshedCandidatePool)
    assert_same_rows(rows, built)
    found, misses = ranked_ids(opportunity, near=True)
    assert candidate.id not in found and candidate.id in misses


def test_a_paused_candidate_leaves_the_pool(caseload, opportunity, users):
    candidate = caseload[2]
    save(candidate, users["coach_a"], status="paused")
    rows, built = refreshed_and_full()
    assert isinstance(rows.pool, RefreshedCandidatePool)
    assert rows.row_of.get(candidate.id) is None
    assert_same_rows(rows, built)
    assert candidate.id not in ranked_ids(opportunity)
    save(candidate, users["coach_a"], status="active")  # back, in its place by id
    rows, built = refreshed_and_full()
    assert isinstance(rows.pool, RefreshedCandidatePool)
    assert_same_rows(rows, built)
    assert candidate.id in ranked_ids(opportunity)


def test_a_new_candidate_is_added(caseload, opportunity, users):
    new = make_candidate(users["coach_b"], commit=True, pseudonym="New")
    rows, built = refreshed_and_full()
    assert isinstance(rows.pool, RefreshedCandidatePool)
    assert rows.row_of.get(new.id) is not None
    assert_same_rows(rows, built)
    assert new.id in ranked_ids(opportunity)


def test_an_erased_candidate_is_dropped_without_a_full_rebuild(caseload, opportunity, users):
    candidate = caseload[3]
    erase_candidate(candidate, reason="request")
    db.session.commit()
    rows, built = refreshed_and_full()
    assert isinstance(rows.pool, RefreshedCandidatePool)
    assert rows.row_of.get(candidate.id) is None
    assert_same_rows(rows, built)
    assert candidate.id not in ranked_ids(opportunity)


def test_a_save_of_only_the_note_leaves_the_stamp_alone(caseload, users):
    before = current_version("candidates")
    save(caseload[0], users["coach_a"], coach_note="Belt volgende week terug.")
    assert current_version("candidates") == before
    assert isinstance(operations.candidate_rows().pool, MappedCandidatePool)


def test_a_bulk_statement_without_ids_rebuilds_everything(caseload, users):
    db.session.execute(update(Candidate).where(Candidate.id == caseload[0].id)
                       .values(hours_per_week=12))
    db.session.commit()
    rows, built = refreshed_and_full()
    assert not isinstance(rows.pool, RefreshedCandidatePool)
    assert_same_rows(rows, built)


def test_many_changes_rebuild_everything(caseload, users, monkeypatch):
    monkeypatch.setattr(operations, "REFRESH_AT_LEAST", 1)
    monkeypatch.setattr(operations, "REFRESH_SHARE", 0.0)
    save(caseload[0], users["coach_a"], hours_per_week=12)
    save(caseload[1], users["coach_a"], hours_per_week=13)
    rows, built = refreshed_and_full()
    assert not isinstance(rows.pool, RefreshedCandidatePool)
    assert_same_rows(rows, built)


def test_a_version_missing_from_the_log_rebuilds_everything(caseload, users):
    # A writer that does not log (a backup restore raises every stamp by hand).
    db.session.execute(update(DataVersion).where(DataVersion.name == "candidates")
                       .values(version=DataVersion.version + 1))
    db.session.commit()
    rows, built = refreshed_and_full()
    assert not isinstance(rows.pool, RefreshedCandidatePool)
    assert_same_rows(rows, built)


def test_two_processes_holding_different_versions_both_end_up_right(caseload, users):
    """Process A ranked before three edits, process B after the first: each refreshes
    from what it holds (simulated by putting its rows back into the cache)."""
    held_by_a = operations.process_cache.held("candidates")
    save(caseload[0], users["coach_a"], dutch_level="B1")
    operations.candidate_rows()
    held_by_b = operations.process_cache.held("candidates")
    save(caseload[1], users["coach_a"], status="paused")
    new = make_candidate(users["coach_b"], commit=True, pseudonym="Late")
    for held in (held_by_a, held_by_b):
        operations.process_cache.replace("candidates", *held)
        rows, built = refreshed_and_full()
        assert isinstance(rows.pool, RefreshedCandidatePool)
        assert_same_rows(rows, built)
        assert rows.row_of.get(new.id) is not None and rows.row_of.get(caseload[1].id) is None


def test_refreshed_rows_give_way_to_the_snapshot_the_job_writes(caseload, users):
    save(caseload[0], users["coach_a"], hours_per_week=25)
    assert isinstance(operations.candidate_rows().pool, RefreshedCandidatePool)
    assert tasks.prepare_candidate_pool_job.call_local() is True
    rows = operations.candidate_rows()
    assert isinstance(rows.pool, MappedCandidatePool)
    assert operations.process_cache.held("candidates")[1] is rows
    assert_same_rows(rows, operations._build_candidate_rows(current_version("candidates")))


def test_without_a_pool_directory_the_rows_in_memory_are_refreshed(
        app, caseload, users, monkeypatch):
    monkeypatch.setitem(app.config, "CANDIDATE_POOL_DIR", None)
    operations.forget_prepared_data(keep_taxonomy=True)
    operations.candidate_rows()
    save(caseload[0], users["coach_a"], max_commute_km=3)
    new = make_candidate(users["coach_a"], commit=True, pseudonym="Another")
    rows, built = refreshed_and_full()
    assert isinstance(rows.pool, RefreshedCandidatePool)
    assert rows.row_of.get(new.id) is not None
    assert_same_rows(rows, built)


def test_the_change_log_is_pruned(caseload, users, monkeypatch):
    monkeypatch.setattr(data_versions, "LOG_VERSIONS", 3)
    monkeypatch.setattr(data_versions, "PRUNE_EVERY", 1)
    for hours in range(10, 16):
        save(caseload[0], users["coach_a"], hours_per_week=hours)
    version = current_version("candidates")
    oldest = db.session.scalar(select(func.min(DataChange.version))
                               .where(DataChange.name == "candidates"))
    assert oldest == version - 2
    # Rows held from before the oldest version kept are rebuilt in full, and right.
    rows, built = refreshed_and_full()
    assert not isinstance(rows.pool, RefreshedCandidatePool)
    assert_same_rows(rows, built)
