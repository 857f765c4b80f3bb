"""Stamps go up with every write to a watched model, in the same transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from marketplace.accounts.models import Organisation
from marketplace.data_versions import current_version
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
