"""The daily retention review as a job: the same review as ``flask candidates
inactive``, one message to each active admin when anyone is past the period, linking
to the admins' list (refs, organisation, last activity; no names)."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.audit.models import AuditEvent
from marketplace.candidates import jobs as candidates_jobs
from marketplace.extensions import db
from marketplace.jobs.models import JobRun
from marketplace.mail.models import OutgoingMessage
from tests.candidates.test_retention import _inactive_for


def messages() -> list[OutgoingMessage]:
    return db.session.scalars(select(OutgoingMessage).order_by(OutgoingMessage.id)).all()


def test_the_daily_job_mails_each_active_admin_a_link_to_the_list(app, app_ctx, make_candidate,
                                                                 users):
    _inactive_for(make_candidate(pseudonym="Oud"), 800)
    _inactive_for(make_candidate("coach_b", pseudonym="Ook oud"), 900)
    _inactive_for(make_candidate(pseudonym="Recent"), 100)
    assert candidates_jobs.review_retention_job.call_local() == 2
    [message] = messages()
    assert message.recipient == users["admin"].email
    assert message.subject == "2 kandidaten zijn over de bewaartermijn"
    assert "meer dan 730 dagen" in message.body
    assert f"{app.config['PUBLIC_BASE_URL']}/candidates/retention" in message.body
    assert "Oud" not in message.body
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "candidate_retention_review"))
    assert event.details == {"days": 730, "count": 2}
    [run] = db.session.scalars(select(JobRun)).all()
    assert (run.name, run.state) == ("review_candidate_retention", "done")


def test_an_admin_who_chose_english_gets_the_message_in_english(app_ctx, make_candidate,
                                                                 users):
    users["admin"].locale = "en"
    db.session.commit()
    _inactive_for(make_candidate(pseudonym="Oud"), 800)
    candidates_jobs.review_retention_job.call_local()
    [message] = messages()
    assert message.subject == "1 candidate is past the retention period"


def test_without_candidates_past_the_period_no_one_gets_mail(app_ctx, make_candidate):
    _inactive_for(make_candidate(pseudonym="Recent"), 100)
    assert candidates_jobs.review_retention_job.call_local() == 0
    assert messages() == []
    assert db.session.scalar(select(AuditEvent.details).where(
        AuditEvent.action == "candidate_retention_review")) == {"days": 730, "count": 0}


def test_an_inactive_admin_gets_no_message(app_ctx, make_candidate, users):
    users["admin"].active = False
    db.session.commit()
    _inactive_for(make_candidate(pseudonym="Oud"), 800)
    candidates_jobs.review_retention_job.call_local()
    assert messages() == []


def test_the_admins_list_shows_refs_organisations_and_last_activity_only(
    login_as, make_candidate
):
    old = _inactive_for(make_candidate(pseudonym="Oudste"), 900)
    _inactive_for(make_candidate(pseudonym="Recent"), 100)
    page = login_as("admin").get("/candidates/retention").get_data(as_text=True)
    assert "Kandidaten over de bewaartermijn" in page
    assert old.ref in page and "Partner A Coaching" in page
    assert "Oudste" not in page and "Recent" not in page
    assert "1 kandidaat, langst inactief eerst" in page


def test_the_admins_list_is_paginated(login_as, make_candidate):
    for number in range(51):
        _inactive_for(make_candidate(pseudonym=f"Oud {number}"), 800 + number)
    client = login_as("admin")
    first = client.get("/candidates/retention").get_data(as_text=True)
    second = client.get("/candidates/retention?page=2").get_data(as_text=True)
    assert "51 kandidaten" in first
    assert first.count("<tr>") == 51 and second.count("<tr>") == 2  # header + rows
