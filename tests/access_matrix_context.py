"""``matrix_context``: the objects the access matrix's routes are tried on, all owned
by organisation A (so that employer B and coach B must get 404 where they must), and
committed: a candidate with a barrier and a step, an opportunity with proposals and an
interview, a try-out with an enrolment, a suggestion list and a dismissal, a mail with
an attachment, a ranking model, a failed job run, a rejected import, an API token.

Built once per module (``matrix_data``, in a ``shared_connection``) and read by each
test in a savepoint that is rolled back: building it costs about 230 statements, and a
thousand tests try routes on it. A plugin of ``tests/conftest.py``.
"""

from __future__ import annotations

import pytest
from sklearn.linear_model import LogisticRegression

from marketplace.extensions import db
from marketplace.jobs.operations import record_failure
from marketplace.mail.models import OutgoingMessage
from marketplace.mail.operations import Attachment, queue_message
from marketplace.opportunities.models import Opportunity
from marketplace.ranking.operations import store_trained_model
from marketplace.records.operations import run_import, store_upload
from marketplace.suggestions.operations import dismiss_suggestion, log_suggestion_list
from marketplace.suggestions.ranking import Entry, SuggestionResult
from tests.conftest import organisations_by_key, session_on, shared_connection, users_by_key
from tests.factories import (
    make_api_token,
    make_barrier,
    make_candidate,
    make_enrolment,
    make_interview,
    make_opportunity,
    make_proposal,
    make_step,
    make_tryout,
    make_user,
)


@pytest.fixture(scope="module")
def matrix_data(app) -> dict:
    """The ids (and versions) of the records, which the module's shared connection holds."""
    with shared_connection(app) as connection:
        with app.app_context(), session_on(connection):
            values = _build(users_by_key(), organisations_by_key())
        yield values


@pytest.fixture
def matrix_context(matrix_data, users, organisations):
    """The records by name: ids, versions, and the opportunity, users and organisations
    as objects of the test's own session."""
    opportunity = db.session.get(Opportunity, matrix_data["opportunity_id"])
    return {**matrix_data, "users": users, "organisations": organisations,
            "opportunity": opportunity}


def _build(users: dict, organisations: dict) -> dict:
    message = db.session.get(OutgoingMessage, queue_message(
        "someone@test.example", "Subject", "Body",
        (Attachment("interview.ics", "text/calendar; method=REQUEST", b"BEGIN:VCALENDAR\r\n"),)))
    candidate = make_candidate(users["coach_a"], commit=True)
    opportunity = make_opportunity(organisations["employer_a"], commit=True)
    proposal = make_proposal(users["coach_a"], candidate, opportunity,
                             motivation="Sterk in logistiek.", commit=True)
    invited = make_proposal(users["coach_a"], make_candidate(users["coach_a"], commit=True),
                            opportunity, commit=True)
    interview = make_interview(invited, users["employer_a"], commit=True)
    entry_id, dismissal_id = _suggestion_log(users["coach_a"], candidate, opportunity)
    step = make_step(candidate, users["coach_a"], commit=True)
    ranking_model = _ranking_model()
    job_run = _failed_job_run()
    record_import = _record_import()
    barrier = make_barrier(candidate, support="Doorverwezen naar Atlas.", commit=True)
    tryout = make_tryout(organisations["employer_a"], commit=True)
    enrolment = make_enrolment(users["coach_a"], candidate, tryout, commit=True)
    token, _secret = make_api_token(organisations["employer_a"], commit=True)
    # A colleague of coach A, so the admin's caseload handover has someone to offer.
    make_user(organisations["partner_a"], role="coach", name="Collega A", commit=True)
    return {"token_id": token.id, "tryout_id": tryout.id, "enrolment_id": enrolment.id,
            "enrolment_version": enrolment.version, "barrier_id": barrier.id,
            "message_id": message.id, "opportunity_id": opportunity.id,
            "candidate_id": candidate.id,
            "proposal_id": proposal.id, "proposal_version": proposal.version,
            "interview_proposal_id": invited.id,
            "interview_version": interview.version, "attachment": {
                "message_id": message.id, "attachment_id": message.attachments[0].id},
            "entry_id": entry_id, "dismissal_id": dismissal_id, "step_id": step.id,
            "ranking_model_id": ranking_model.id, "job_run_id": job_run.id,
            "record_import_id": record_import.id}


def _failed_job_run():
    run = record_failure(None, "close_expired_opportunities", (), RuntimeError("stopped"))
    db.session.commit()
    return run


def _record_import():
    record = store_upload("records.jsonl", b"{oops\n")
    db.session.commit()  # as the upload's hand-over to the job does
    run_import(record.id)
    db.session.commit()
    return record


def _suggestion_log(coach, candidate, opportunity) -> tuple[int, int]:
    """A list shown to ``coach`` with ``candidate`` at rank 1; a second opportunity's
    suggestion of the candidate dismissed."""
    result = SuggestionResult(True, "cold-start-1", [
        Entry(candidate.id, opportunity.id, score=0.8, features=[0.5] * 10)])
    entry = log_suggestion_list(coach, result, opportunity_id=opportunity.id).entries[0]
    other = make_opportunity(opportunity.organisation, commit=True)
    shown = log_suggestion_list(coach, SuggestionResult(False, "unranked", [
        Entry(candidate.id, other.id)]), candidate_id=candidate.id)
    dismissal = dismiss_suggestion(shown.entries[0], coach, reason="practical")
    db.session.commit()
    return entry.id, dismissal.id


def _ranking_model():
    """A stored model that training did not promote (so switching to it is possible)."""
    estimator = LogisticRegression().fit([[0.0] * 10, [1.0] * 10], [0, 1])
    model = store_trained_model(estimator, algorithm="test", rows=2, lists=1, metrics={},
                                promote=False)
    db.session.commit()
    return model
