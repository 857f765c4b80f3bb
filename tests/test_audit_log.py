"""The audit log is append-only from the application and records logins and refusals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask_login import login_user
from sqlalchemy import delete, select, update

import marketplace
from marketplace.audit.models import AuditEvent, AuditLogIsAppendOnly
from marketplace.audit.operations import insert_event, record_event
from marketplace.audit.sentences import SENTENCES, SUBJECT_KINDS
from marketplace.database import WritesForbidden, writes_forbidden
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


def test_the_log_page_reads_as_sentences_with_names(app_ctx, client, login_as, users):
    """Users and organisations by name, what happened in words, in the page's language."""
    record_event("proposal_answered", "proposal", 7, {"from": "proposed", "to": "interview"},
                 actor=users["employer_a"])
    record_event("some_new_action", "widget", 3, actor=users["employer_a"])
    record_event("ranking_model_trained", "ranking_model", 1)  # a job: nobody logged in
    db.session.commit()
    login_as("admin")
    page = client.get("/audit/").get_data(as_text=True)
    name = users["employer_a"].name
    organisation = users["employer_a"].organisation.name
    assert f'<span translate="no">{name}</span> beantwoordde een voorstel: ' in page
    assert organisation in page and "Voorstel 7" in page
    assert "Some new action" in page  # an action without a sentence still reads as words
    assert "beantwoordde een voorstel: uitgenodigd" in page.lower()
    assert "Werkbrug zelf (een opdracht of een achtergrondtaak)</span> trainde" in page
    english = login_as("admin")
    english.post("/language", data={"locale": "en"})
    assert f"{name}</span> answered a proposal: " in english.get("/audit/").get_data(as_text=True)


def test_every_action_the_code_records_reads_as_a_sentence():
    """An action without a sentence shows as its code in English on a Dutch page."""
    package = Path(marketplace.__file__).parent
    pattern = re.compile(r'(?:record_event\(\s*|log_activity\(\w+, )"([a-z_]+)"')
    recorded = {action for path in package.rglob("*.py")
                for action in pattern.findall(path.read_text(encoding="utf-8"))}
    assert len(recorded) > 30  # the scan finds the calls
    assert sorted(recorded - set(SENTENCES)) == []


def test_every_kind_of_subject_the_code_records_has_a_name():
    """A subject without a name shows in English on a Dutch page ("Candidate barrier 3")."""
    package = Path(marketplace.__file__).parent
    patterns = (re.compile(r'^SUBJECT\w* = "([a-z_]+)"', re.M),
                re.compile(r'record_event\(\s*"[a-z_]+",\s*"([a-z_]+)"'))
    recorded = {kind for path in package.rglob("*.py") for pattern in patterns
                for kind in pattern.findall(path.read_text(encoding="utf-8"))}
    assert {"candidate", "candidate_barrier", "tryout_enrolment", "user"} <= recorded
    assert sorted(recorded - set(SUBJECT_KINDS)) == []


def test_a_read_is_logged_with_the_columns_record_event_writes(app, app_ctx, users):
    """``insert_event`` (here a page that only reads) inserts the row ``record_event`` adds."""
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "192.0.2.7"}):
        login_user(users["coach_a"])
        record_event("candidate_viewed", "candidate", 5, {"page": "profile"})
        insert_event("candidate_viewed", "candidate", 5, {"page": "profile"})
    columns = [column for column in AuditEvent.__table__.c
               if column.name not in ("id", "occurred_at")]
    by_event, by_read = db.session.execute(
        select(AuditEvent.occurred_at, *columns).order_by(AuditEvent.id)).all()
    assert by_event.occurred_at <= by_read.occurred_at  # the column's default, both times
    assert by_read[1:] == by_event[1:]
    assert by_read.actor_id == users["coach_a"].id
    assert by_read.remote_address == "192.0.2.7"


def test_a_read_is_not_logged_while_writes_are_forbidden(app_ctx):
    with writes_forbidden(), pytest.raises(WritesForbidden):
        insert_event("candidate_viewed", "candidate", 5, {"page": "profile"})
