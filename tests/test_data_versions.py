"""Stamps go up with every write to a watched model, in the same transaction."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select, update

import marketplace.models  # noqa: F401 - every model registered
from marketplace.accounts.models import Organisation
from marketplace.candidates.models import Candidate
from marketplace.candidates.operations import create_candidate, profile_of, update_candidate
from marketplace.candidates.profile_rows import CandidateSkill
from marketplace.data_versions import (
    CHANGED_ROWS,
    DataChange,
    changes_since,
    current_version,
    has_uncommitted_stamps,
)
from marketplace.extensions import db
from marketplace.taxonomy.queries import get_skill_by_uri
from tests.factories import TEAMWORK, candidate_profile


def _new_sector(organisation) -> None:
    """A write the matching cache sees: it reads an employer's sector with each of its
    opportunities (``Organisation.__data_version__``)."""
    organisation.sector = "Q" if organisation.sector != "Q" else "I"


def test_a_flush_of_a_watched_model_bumps_its_stamp(app_ctx, organisations):
    before = current_version("opportunities")
    _new_sector(organisations["employer_a"])
    db.session.flush()
    assert current_version("opportunities") == before + 1


def test_a_bulk_statement_bumps_the_stamp(app_ctx):
    before = current_version("opportunities")
    db.session.execute(update(Organisation).where(Organisation.id < 0).values(name="x"))
    assert current_version("opportunities") == before + 1


def test_unwatched_writes_and_ignored_columns_leave_the_stamp_alone(app_ctx, organisations,
                                                                   users):
    before = current_version("opportunities"), current_version("candidates")
    users["coach_a"].name = "Renamed coach"  # no cache reads users
    organisations["employer_a"].name = "Renamed employer"  # nor an employer's name
    db.session.flush()
    assert (current_version("opportunities"), current_version("candidates")) == before


def test_a_rolled_back_change_leaves_no_trace(app_ctx, organisations):
    before = current_version("opportunities")
    savepoint = db.session.begin_nested()
    _new_sector(organisations["employer_a"])
    db.session.flush()
    savepoint.rollback()
    assert current_version("opportunities") == before


def test_a_transaction_that_raised_a_stamp_says_so_until_it_ends(app_ctx, organisations):
    assert not has_uncommitted_stamps()
    _new_sector(organisations["employer_a"])
    db.session.flush()
    assert has_uncommitted_stamps()
    db.session.rollback()
    assert not has_uncommitted_stamps()
    _new_sector(organisations["employer_a"])
    db.session.commit()
    assert not has_uncommitted_stamps()


def test_the_matching_cache_keeps_nothing_built_inside_an_uncommitted_write(
        app_ctx, organisations):
    """A rolled-back stamp comes back with other data: what was built under it must not
    be served later."""
    from marketplace.matching import operations

    operations.forget_prepared_data()
    _new_sector(organisations["employer_a"])
    db.session.flush()
    first = operations.opportunity_rows()
    assert operations.opportunity_rows() is not first  # built again: nothing was kept
    db.session.rollback()
    kept = operations.opportunity_rows()
    assert operations.opportunity_rows() is kept


def logged(since: int) -> list[tuple[int, int | None]]:
    return db.session.execute(
        select(DataChange.version, DataChange.row_id)
        .where(DataChange.name == "candidates", DataChange.version > since)
        .order_by(DataChange.version, DataChange.row_id)
    ).all()


#: Models whose change is about every row of their stamp (``__data_version_key__ =
#: None``), each for a reason: the ranking reads an employer's sector with each of its
#: opportunities. Changed rarely (an admin's edit), so a full rebuild is fine.
ABOUT_EVERY_ROW = {Organisation}


@pytest.mark.parametrize("stamp", ["candidates", "opportunities"])
def test_every_model_of_a_refreshed_stamp_names_its_row(stamp):
    """A model of the stamp without a key would raise it without logging: the caches
    would then rebuild in full (a missing version), never be wrong, but never refresh."""
    stamped = [mapper.class_ for mapper in db.Model.registry.mappers
               if getattr(mapper.class_, "__data_version__", None) == stamp]
    assert len(stamped) >= 3
    owner = {"candidates": "candidate_id", "opportunities": "opportunity_id"}[stamp]
    for model in stamped:
        allowed = {None} if model in ABOUT_EVERY_ROW else {"id", owner}
        assert getattr(model, "__data_version_key__", "missing") in allowed, model


def test_a_change_about_every_row_is_logged_as_everything(app_ctx, organisations):
    before = current_version("opportunities")
    _new_sector(organisations["employer_a"])
    db.session.flush()
    assert changes_since("opportunities", before, before + 1, limit=1000) is None
    db.session.execute(update(Organisation).where(Organisation.id < 0).values(sector="Q")
                       .execution_options(**{CHANGED_ROWS: [1, 2]}))
    assert changes_since("opportunities", before + 1, before + 2, limit=1000) is None


def test_a_saved_candidate_and_its_child_rows_are_logged_by_candidate(app_ctx, users):
    before = current_version("candidates")
    candidate = create_candidate(users["coach_a"], candidate_profile())
    db.session.flush()
    created = current_version("candidates")
    assert {row_id for _version, row_id in logged(before)} == {candidate.id}
    skill = get_skill_by_uri(TEAMWORK).id
    update_candidate(candidate, replace(profile_of(candidate), skills=frozenset({skill})),
                     expected_version=candidate.version)
    assert logged(created) == [(created + 1, candidate.id)]
    assert changes_since("candidates", before, current_version("candidates"), 10) == {
        candidate.id}


def test_the_log_rolls_back_with_the_stamp(app_ctx, users):
    before = current_version("candidates")
    savepoint = db.session.begin_nested()
    create_candidate(users["coach_a"], candidate_profile())
    db.session.flush()
    savepoint.rollback()
    assert logged(before) == []


def test_a_bulk_statement_logs_everything_unless_it_names_its_rows(app_ctx):
    before = current_version("candidates")
    db.session.execute(update(Candidate).where(Candidate.id < 0).values(hours_per_week=10))
    assert logged(before) == [(before + 1, None)]
    assert changes_since("candidates", before, before + 1, 10) is None
    db.session.execute(update(CandidateSkill).where(CandidateSkill.candidate_id == -7)
                       .values(skill_id=1), execution_options={CHANGED_ROWS: [-7]})
    assert logged(before + 1) == [(before + 2, -7)]
    assert changes_since("candidates", before + 1, before + 2, 10) == {-7}


def test_the_log_cannot_tell_beyond_its_limit_or_a_missing_version(app_ctx, users):
    before = current_version("candidates")
    for n in range(3):
        create_candidate(users["coach_a"], candidate_profile(f"P{n}"))
        db.session.flush()
    now = current_version("candidates")
    assert len(changes_since("candidates", before, now, 3)) == 3
    assert changes_since("candidates", before, now, 2) is None
    assert changes_since("candidates", now, before, 10) is None  # a stamp that went back
    assert changes_since("candidates", now, now, 10) == set()
    assert changes_since("candidates", before, now + 1, 10) is None  # not logged
