"""Simultaneous requests on PostgreSQL: one proposal per pair, no more hires than places,
and every suggestion list of the same people logged with its fairness places.

Each test sends 20 real requests at the same moment: 20 threads, each with its own
logged-in client (so its own app context, session and database connection), released
together by a barrier. The data they work on is committed in a fresh database, so every
connection sees it. PostgreSQL only: it is the database where writers really run side
by side (SQLite lets one writer at a time in; the CI PostgreSQL pass runs these).
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.audit.models import AuditEvent
from marketplace.candidates.fairness_traits import refresh_fairness_traits
from marketplace.candidates.report_copies import FairnessPlace
from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from marketplace.proposals import operations
from marketplace.proposals.models import Proposal
from marketplace.suggestions.operations import log_suggestion_list
from marketplace.suggestions.ranking import Entry, SuggestionResult
from tests.conftest import USER_SPECS
from tests.factories import AGREED_ON, make_candidate, make_opportunity
from tests.simultaneous import all_at_once, logged_in_clients

pytestmark = pytest.mark.postgres_only

SIMULTANEOUS = 20


@pytest.fixture(autouse=True)
def db_session():
    """The requests commit for real, in ``simultaneous_app``'s own database."""
    yield None


@pytest.fixture
def ctx(simultaneous_app):
    with simultaneous_app.app_context():
        yield


def user(key: str):
    email = next(spec.email for spec in USER_SPECS if spec.key == key)
    return db.session.scalar(select(User).where(User.email == email))


def organisation_of(key: str):
    return user(key).organisation



def count(statement) -> int:
    return db.session.scalar(select(func.count()).select_from(statement.subquery()))


def test_simultaneous_proposals_of_one_pair_give_one_proposal_and_a_clear_refusal(
    simultaneous_app, ctx
):
    opportunity = make_opportunity(organisation_of("employer_a"), commit=True)
    candidate = make_candidate(user("coach_a"), commit=True)
    mails_before = count(select(OutgoingMessage.id))
    clients = logged_in_clients(simultaneous_app, "coach_a", SIMULTANEOUS)
    form = {"opportunity": str(opportunity.id), "motivation": "Werkt graag in ploegen.",
            "candidate_agreed": "y", "candidate_agreed_on": AGREED_ON.isoformat()}
    url = f"/proposals/candidates/{candidate.id}/propose"

    responses = all_at_once([lambda c=c: c.post(url, data=form) for c in clients])

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [302] + [409] * (SIMULTANEOUS - 1)
    for response in responses:
        if response.status_code == 409:
            assert "Deze persoon is al voorgesteld voor dit aanbod." in (
                response.get_data(as_text=True))
    db.session.expire_all()
    proposals = count(select(Proposal.id).where(Proposal.candidate_id == candidate.id))
    assert proposals == 1
    # The one proposal came with its one mail to the employer and one audit event.
    assert count(select(OutgoingMessage.id)) == mails_before + 1
    assert count(select(AuditEvent.id).where(AuditEvent.action == "proposal_made",
                                             AuditEvent.subject_type == "proposal")) == 1


def test_simultaneous_hires_on_a_one_place_opportunity_give_one_hire(simultaneous_app, ctx):
    opportunity = make_opportunity(organisation_of("employer_a"), title="Magazijnier",
                                      places=1, commit=True)
    coach = user("coach_a")
    proposals = []
    for _ in range(SIMULTANEOUS):
        proposals.append(operations.propose_candidate(
            coach, make_candidate(coach, commit=True), opportunity, motivation="Nauwkeurig.",
            candidate_agreed_on=AGREED_ON))
    db.session.commit()
    answers = [(p.id, p.version) for p in proposals]
    clients = logged_in_clients(simultaneous_app, "employer_a", SIMULTANEOUS)

    responses = all_at_once([
        lambda c=c, pid=pid, version=version: c.post(
            f"/proposals/{pid}/answer", data={"answer": "hire", "version": version},
            follow_redirects=True)
        for c, (pid, version) in zip(clients, answers, strict=True)
    ])

    assert [r.status_code for r in responses] == [200] * SIMULTANEOUS
    pages = [r.get_data(as_text=True) for r in responses]
    saved = [page for page in pages if "Antwoord bewaard." in page]
    refused = [page for page in pages if "Alle plaatsen van dit aanbod" in page]
    assert (len(saved), len(refused)) == (1, SIMULTANEOUS - 1)
    db.session.expire_all()
    states = db.session.scalars(
        select(Proposal.state).where(Proposal.opportunity_id == opportunity.id)).all()
    assert sorted(states) == ["hired"] + ["proposed"] * (SIMULTANEOUS - 1)
    assert count(select(AuditEvent.id).where(AuditEvent.action == "proposal_answered")) == 1


def test_simultaneous_lists_of_the_same_people_keep_every_fairness_place(simultaneous_app, ctx):
    """Ten coaches' pages list the same ten people while their places are rewritten (as
    a profile save does): every list is logged and each place is there once."""
    opportunity = make_opportunity(organisation_of("employer_a"), commit=True)
    coach = user("coach_a")
    people = [make_candidate(coach, commit=True) for _ in range(10)]
    ids, opportunity_id, coach_id = [p.id for p in people], opportunity.id, coach.id
    result = SuggestionResult(ranked=True, scorer_version="cold-start-1", entries=[
        Entry(person_id, opportunity_id, score=1.0 - k / 100, features=[0.5] * 10)
        for k, person_id in enumerate(ids)])

    def in_own_session(work):
        def run():
            with simultaneous_app.app_context():
                try:
                    work()
                    db.session.commit()
                    return "ok"
                finally:
                    db.session.remove()
        return run

    def log_list():
        log_suggestion_list(db.session.get(User, coach_id), result,
                            opportunity_id=opportunity_id)

    outcomes = all_at_once([in_own_session(log_list)] * 10
                           + [in_own_session(lambda: refresh_fairness_traits(ids))] * 4)

    assert outcomes == ["ok"] * 14
    db.session.expire_all()
    assert count(select(FairnessPlace.list_id).where(FairnessPlace.candidate_id.in_(ids))) == 100
