"""The audit log is append-only from the application and records logins and refusals."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from marketplace.audit.models import AuditEvent, AuditLogIsAppendOnly
from marketplace.audit.operations import record_event
from marketplace.extensions import db


def test_audit_events_cannot_be_changed(app_ctx):
    event = record_event("test_event", "thing", 1, {"a": 1})
    event.action = "something_else"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()


def test_audit_events_cannot_be_deleted(app_ctx):
    event = record_event("test_event", "thing", 1)
    db.session.delete(event)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()


@pytest.mark.parametrize("statement", [
    update(AuditEvent).values(action="x"), delete(AuditEvent)])
def test_bulk_changes_to_the_audit_log_are_refused(app_ctx, statement):
    record_event("test_event", "thing", 1)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(statement)


def test_logins_and_failed_logins_are_recorded(client, app_ctx, users, login_as):
    client.post("/login", data={"email": "coach.a@test.example", "password": "wrong one!"})
    login_as("coach_a")
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["login_failed", "login"]
