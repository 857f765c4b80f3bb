"""Stamps go up with every write to a watched model, in the same transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from marketplace.accounts.models import Organisation
from marketplace.data_versions import current_version, has_uncommitted_stamps
from marketplace.extensions import db


@pytest.fixture
def watched_organisations(monkeypatch):
    # Any model will do to prove the mechanism; organisations are always there.
    monkeypatch.setattr(Organisation, "__data_version__", "opportunities", raising=False)


def test_a_flush_of_a_watched_model_bumps_its_stamp(app_ctx, organisations,
                                                    watched_organisations):
    before = current_version("opportunities")
    organisations["employer_a"].name = "Renamed employer"
    db.session.flush()
    assert current_version("opportunities") == before + 1


def test_a_bulk_statement_bumps_the_stamp(app_ctx, watched_organisations):
    before = current_version("opportunities")
    db.session.execute(update(Organisation).where(Organisation.id < 0).values(name="x"))
    assert current_version("opportunities") == before + 1


def test_unwatched_writes_leave_the_stamp_alone(app_ctx, organisations):
    before = current_version("opportunities")
    organisations["employer_a"].name = "Renamed employer"
    db.session.flush()
    assert current_version("opportunities") == before


def test_a_rolled_back_change_leaves_no_trace(app_ctx, organisations, watched_organisations):
    before = current_version("opportunities")
    savepoint = db.session.begin_nested()
    organisations["employer_a"].name = "Renamed employer"
    db.session.flush()
    savepoint.rollback()
    assert current_version("opportunities") == before


def test_a_transaction_that_raised_a_stamp_says_so_until_it_ends(
        app_ctx, organisations, watched_organisations):
    assert not has_uncommitted_stamps()
    organisations["employer_a"].name = "Renamed employer"
    db.session.flush()
    assert has_uncommitted_stamps()
    db.session.rollback()
    assert not has_uncommitted_stamps()
    organisations["employer_a"].name = "Renamed again"
    db.session.commit()
    assert not has_uncommitted_stamps()


def test_the_matching_cache_keeps_nothing_built_inside_an_uncommitted_write(
        app_ctx, organisations, watched_organisations):
    """A rolled-back stamp comes back with other data: what was built under it must not
    be served later."""
    from marketplace.matching import operations

    operations.forget_prepared_data()
    organisations["employer_a"].name = "Renamed employer"
    db.session.flush()
    first = operations.opportunity_rows()
    assert operations.opportunity_rows() is not first  # built again: nothing was kept
    db.session.rollback()
    kept = operations.opportunity_rows()
    assert operations.opportunity_rows() is kept
