"""The audit log holds no free text: every text people type about a candidate, seeded
with a canary and saved through the real pages, never shows up in any audit event.
It records views, changes, exports, logins and refused attempts, including a lookup of
another organisation's record (a 404).

That the application cannot change or delete audit rows is in tests/test_audit_log.py.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Text, select

from marketplace.audit.models import AuditEvent
from marketplace.candidates.models import Candidate
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.proposals.models import Proposal
from marketplace.suggestions.models import SuggestionDismissal
from marketplace.trajectories.queries import decisions_of, timeline_of
from tests.candidates.conftest import valid_form
from tests.conftest import login
from tests.factories import make_candidate, make_opportunity, make_user
from tests.security.helpers import parse_page

#: Free-text columns about people, and the canary this test types into each.
CANARIES = {
    ("candidate", "pseudonym"): "AuditKanarieNaam",
    ("candidate", "email"): "audit.kanarie@voorbeeld.be",
    ("candidate", "phone"): "+32 470 31 41 59",
    ("candidate", "coach_note"): "AUDIT-KANARIE-NOTITIE",
    ("candidate_experience", "title_as_said"): "AUDIT-KANARIE-TITEL",
    ("candidate_handover", "note"): "AUDIT-KANARIE-OVERDRACHT",
    ("caseload_handover", "note"): "AUDIT-KANARIE-CASELOAD",
    ("proposal", "motivation"): "AUDIT-KANARIE-MOTIVATIE",
    ("proposal", "decline_note"): "AUDIT-KANARIE-AFWIJZING",
    ("suggestion_dismissal", "note"): "AUDIT-KANARIE-OPZIJ",
    ("trajectory_decision", "note"): "AUDIT-KANARIE-BESLISSING",
    ("trajectory_step", "note"): "AUDIT-KANARIE-STAP",
}
#: The second value a changed note gets (the change must not be logged either).
CHANGED_NOTE = "AUDIT-KANARIE-NIEUWE-NOTITIE"

#: Free-text columns whose values the audit log does keep, and why.
KEPT_IN_THE_LOG = {
    # An employer's own public text about a job, not about a person: the opportunity's
    # history page shows old and new values from the audit log.
    ("opportunity", "description"),
    ("opportunity", "notes_for_coaches"),
}
#: Tables no person types into through the site: reference data, generated mail and the
#: errors of background jobs (written by the worker from exceptions and server answers),
#: the line problems of uploaded records files (written by the import job), the partner
#: API's stored answers to creates (JSON the API wrote, never logged: ``api/idempotency.py``).
NOT_TYPED = {"isco_group", "language", "nace_section", "postcode", "skill", "occupation",
             "outgoing_message", "job_run", "record_import", "api_idempotency_key"}


def test_every_free_text_column_is_either_checked_or_kept_on_purpose(app):
    text_columns = {
        (table.name, column.name)
        for table in db.metadata.sorted_tables if table.name not in NOT_TYPED
        for column in table.columns if isinstance(column.type, Text)
    }
    assert text_columns - set(CANARIES) - KEPT_IN_THE_LOG == set()


def _form(client, url: str) -> dict:
    forms, _links = parse_page(client.get(url).get_data(as_text=True), f"http://localhost{url}")
    return next(form for form in forms if form.method == "post"
                and form.action.endswith(url)).data()


def _all_details() -> str:
    return "\n".join(json.dumps(details, ensure_ascii=False)
                     for details in db.session.scalars(select(AuditEvent.details)))


@pytest.fixture
def coach(app, app_ctx):
    client = app.test_client()
    assert login(client, "coach_a").status_code == 302
    return client


@pytest.fixture
def employer(app, app_ctx):
    client = app.test_client()
    assert login(client, "employer_a").status_code == 302
    return client


def test_texts_typed_about_a_candidate_never_reach_the_audit_log(
    app, coach, employer, users, organisations
):
    opportunity = make_opportunity(organisations["employer_a"], commit=True)
    response = coach.post("/candidates/new", data=valid_form(
        pseudonym=CANARIES[("candidate", "pseudonym")],
        email=CANARIES[("candidate", "email")], phone=CANARIES[("candidate", "phone")],
        coach_note=CANARIES[("candidate", "coach_note")],
        **{"experiences-0-title_as_said": CANARIES[("candidate_experience", "title_as_said")]},
    ))
    assert response.status_code == 302
    candidate = db.session.scalar(select(Candidate).where(
        Candidate.pseudonym == CANARIES[("candidate", "pseudonym")]))
    base = f"/candidates/{candidate.id}"

    consent = _form(coach, f"{base}/consent")
    consent.update(given_on="2026-01-05", method="signed_form")
    assert coach.post(f"{base}/consent", data=consent).status_code == 302

    today = local_today().isoformat()
    assert coach.post(f"{base}/trajectory/decision", data={
        **_form(coach, f"{base}/trajectory/decision"), "trajectory": "integrated",
        "decided_on": today, "partner": str(organisations["partner_a"].id),
        "note": CANARIES[("trajectory_decision", "note")]}).status_code == 302
    assert coach.post(f"{base}/trajectory/steps/new", data={
        **_form(coach, f"{base}/trajectory/steps/new"), "kind": "intake", "started_on": today,
        "note": CANARIES[("trajectory_step", "note")]}).status_code == 302

    entry = _shown_suggestion(users["coach_a"], candidate,
                              make_opportunity(organisations["employer_a"], commit=True))
    assert coach.post(f"/suggestions/entries/{entry.id}/dismiss", data={
        "reason": "practical", "note": CANARIES[("suggestion_dismissal", "note")],
    }).status_code == 302
    dismissal = db.session.scalar(select(SuggestionDismissal).where(
        SuggestionDismissal.entry_id == entry.id))
    assert coach.post(f"/suggestions/dismissals/{dismissal.id}/restore",
                      data={"back": "candidate"}).status_code == 302

    edit = _form(coach, f"{base}/edit")
    edit["coach_note"] = CHANGED_NOTE
    assert coach.post(f"{base}/edit", data=edit).status_code == 302

    assert coach.post(f"/proposals/candidates/{candidate.id}/propose", data={
        "opportunity": str(opportunity.id), "motivation": CANARIES[("proposal", "motivation")],
        "candidate_agreed": "y", "candidate_agreed_on": "2026-01-06"}).status_code == 302
    proposal = db.session.scalar(select(Proposal).where(Proposal.candidate_id == candidate.id))

    answer = _form(employer, f"/proposals/{proposal.id}/answer")
    answer.update(answer="decline", decline_reason="profile",
                  decline_note=CANARIES[("proposal", "decline_note")])
    assert employer.post(f"/proposals/{proposal.id}/answer", data=answer).status_code == 302

    assert coach.get(f"{base}/export.json").status_code == 200
    handover = _form(coach, f"{base}/handover")
    handover.update(to_coach=str(users["coach_b"].id),
                    note=CANARIES[("candidate_handover", "note")])
    assert coach.post(f"{base}/handover", data=handover).status_code == 302

    db.session.expire_all()
    stored = db.session.get(Candidate, candidate.id)
    assert stored.coach_note == CHANGED_NOTE and stored.handovers[0].note  # really saved
    assert db.session.get(Proposal, proposal.id).decline_note
    logged = _all_details()
    assert [value for value in [*CANARIES.values(), CHANGED_NOTE] if value in logged] == []
    actions = set(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.subject_id.in_([candidate.id, proposal.id]))))
    assert db.session.get(SuggestionDismissal, dismissal.id).note  # really saved
    assert timeline_of(candidate.id)[0].note and decisions_of(candidate.id)[0].note
    assert {"suggestion_dismissed", "suggestion_restored"} <= set(db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.subject_id == dismissal.id)))
    assert {"candidate_created", "candidate_viewed", "candidate_changed", "consent_given",
            "proposal_made", "proposal_answered", "candidate_exported",
            "candidate_handed_over"} <= actions


def test_the_note_of_a_whole_caseload_handover_never_reaches_the_audit_log(
    app, app_ctx, users, organisations
):
    colleague = make_user(organisations["partner_a"], role="coach", commit=True)
    candidate = make_candidate(users["coach_a"], commit=True)
    admin = app.test_client()
    assert login(admin, "admin").status_code == 302
    url = f"/candidates/caseloads/{users['coach_a'].id}/handover"
    handover = _form(admin, url)
    handover.update(to_coach=str(colleague.id), note=CANARIES[("caseload_handover", "note")])
    assert admin.post(url, data=handover).status_code == 302  # the tests' queue runs the job
    db.session.expire_all()
    [record] = db.session.get(Candidate, candidate.id).handovers
    assert record.note == CANARIES[("caseload_handover", "note")]  # really saved
    assert CANARIES[("caseload_handover", "note")] not in _all_details()
    assert {"caseload_handed_over", "candidate_handed_over"} <= set(
        db.session.scalars(select(AuditEvent.action)))


def _shown_suggestion(coach, candidate, opportunity):
    """An entry of a suggestion list shown to ``coach`` (logged as the pages log it)."""
    from marketplace.suggestions.operations import log_suggestion_list
    from marketplace.suggestions.ranking import Entry, SuggestionResult

    shown = log_suggestion_list(coach, SuggestionResult(True, "cold-start-1", [
        Entry(candidate.id, opportunity.id, score=0.7, features=[0.5] * 10)]),
        candidate_id=candidate.id)
    db.session.commit()
    return shown.entries[0]


def test_searching_and_failed_logins_log_no_typed_text(app, app_ctx, login_as, client):
    typed = "AUDIT-KANARIE-ZOEKTEKST"
    client.post("/login", data={"email": "kanarie@voorbeeld.be", "password": typed})
    login_as("admin")
    assert client.get("/candidates/privacy-requests", query_string={"q": typed}).status_code \
        == 200
    assert client.get("/audit/", query_string={"action": typed}).status_code == 200
    logged = _all_details()
    assert typed not in logged and "kanarie@voorbeeld.be" not in logged


def test_a_lookup_of_another_organisations_record_is_logged(app, app_ctx, users, login_as,
                                                            client):
    candidate = make_candidate(users["coach_a"], commit=True)
    login_as("coach_b")
    assert client.get(f"/candidates/{candidate.id}").status_code == 404
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "record_not_found"))
    assert event.actor_id == users["coach_b"].id
    assert event.details == {"endpoint": "candidates.profile", "method": "GET",
                             "ids": {"candidate_id": candidate.id}}


def test_a_page_that_does_not_exist_is_not_an_audit_event(app_ctx, login_as, client):
    login_as("coach_b")
    assert client.get("/no-such-page").status_code == 404
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "record_not_found")) is None
