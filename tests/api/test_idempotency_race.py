"""Sends of one create with one ``Idempotency-Key`` really at the same moment, on
PostgreSQL (SQLite lets one writer in at a time): one record is made and every send
gets its answer, the first as it was made, the others replayed.

Each send finds no stored key and makes its record; the unique (token, key) pair of
``api_idempotency_key`` decides, or for a proposal already the unique (candidate,
opportunity) pair of the proposal: the later insert waits for the first transaction
and fails when it commits, and the later call rolls back and answers the first's
answer. Each request runs in its own thread with its own test client, released
together by a barrier, on a database whose data is really committed.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Organisation, User
from marketplace.api.models import ApiIdempotencyKey
from marketplace.audit.models import AuditEvent
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.proposals.models import Proposal
from tests.api.test_opportunity_writes import job
from tests.factories import make_api_token, make_candidate, make_opportunity
from tests.simultaneous import all_at_once

pytestmark = pytest.mark.postgres_only

SIMULTANEOUS = 8


@pytest.fixture(autouse=True)
def db_session():
    """The requests commit for real, in ``simultaneous_app``'s own database."""
    yield None


def _organisation(name: str) -> Organisation:
    return db.session.scalar(select(Organisation).where(Organisation.name == name))


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _send_all_at_once(app, secret: str, path: str, body: dict, key: str) -> list:
    clients = [app.test_client() for _ in range(SIMULTANEOUS)]
    headers = {"Authorization": f"Bearer {secret}", "Idempotency-Key": key}
    return all_at_once([lambda c=c: c.post(path, json=body, headers=headers)
                        for c in clients])


def _one_made_the_others_replayed(responses) -> int:
    """Every send got 201 and the same body, one of them first; returns the id."""
    assert sorted(r.status_code for r in responses) == [201] * SIMULTANEOUS, [
        r.get_data(as_text=True)[:300] for r in responses if r.status_code != 201]
    assert len({r.get_data() for r in responses}) == 1
    assert sorted(r.headers.get("Idempotent-Replayed") for r in responses
                  if r.headers.get("Idempotent-Replayed")) == ["true"] * (SIMULTANEOUS - 1)
    return responses[0].get_json()["id"]


def test_simultaneous_sends_of_one_key_make_one_opportunity(simultaneous_app):
    with simultaneous_app.app_context():
        _token, secret = make_api_token(_organisation("Employer A Logistics"), commit=True)

    responses = _send_all_at_once(simultaneous_app, secret, "/api/v1/opportunities",
                                  job(title="Eén keer via de API"), "race-opportunity")

    made_id = _one_made_the_others_replayed(responses)
    with simultaneous_app.app_context():
        assert _count(Opportunity, Opportunity.title == "Eén keer via de API") == 1
        assert _count(ApiIdempotencyKey, ApiIdempotencyKey.key == "race-opportunity") == 1
        # The losers' audit events were rolled back with their opportunities.
        assert _count(AuditEvent, AuditEvent.action == "opportunity_created",
                      AuditEvent.subject_id == made_id) == 1


def test_simultaneous_sends_of_one_key_make_one_proposal(simultaneous_app):
    """The proposal's own unique pair refuses the later ones first (a 409 "already
    proposed" without a key); with the key they get the first one's answer."""
    with simultaneous_app.app_context():
        coach = db.session.scalar(select(User).where(User.email == "coach.a@test.example"))
        candidate = make_candidate(coach, commit=True)
        opportunity = make_opportunity(_organisation("Employer A Logistics"), commit=True)
        _token, secret = make_api_token(coach.organisation, commit=True)
        body = {"candidate_id": candidate.id, "opportunity_id": opportunity.id,
                "motivation": "Werkt graag in ploegen.",
                "candidate_agreed_on": local_today().isoformat()}

    responses = _send_all_at_once(simultaneous_app, secret, "/api/v1/proposals", body,
                                  "race-proposal")

    _one_made_the_others_replayed(responses)
    with simultaneous_app.app_context():
        assert _count(Proposal, Proposal.candidate_id == body["candidate_id"]) == 1
        assert _count(ApiIdempotencyKey, ApiIdempotencyKey.key == "race-proposal") == 1
