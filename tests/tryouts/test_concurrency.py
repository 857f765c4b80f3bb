"""Twenty coaches enrol twenty candidates at the same moment for the last seat of a
try-out: exactly one gets it, the others get the clear "every seat is taken" message
and nothing of theirs is written.

Each request runs in its own thread with its own logged-in client (its own app context,
session and database connection), released together by a barrier, on a database whose
data is really committed. On PostgreSQL the enrolment locks the try-out's row
(``SELECT ... FOR UPDATE``), so the seat counts happen one after the other; on SQLite
the single write lock serialises them (``BEGIN IMMEDIATE``). The test runs on both.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.audit.models import AuditEvent
from marketplace.extensions import db
from marketplace.tryouts.models import TryoutEnrolment
from tests import fresh
from tests.conftest import USER_SPECS, login
from tests.factories import make_candidate, make_enrolment, make_tryout
from tests.simultaneous import all_at_once

SIMULTANEOUS = 20


@pytest.fixture(autouse=True)
def db_session():
    """The requests commit for real, in ``committed_app``'s own database."""
    yield None


@pytest.fixture(scope="module")
def committed_app(tmp_path_factory):
    with fresh.migrated_database(tmp_path_factory.mktemp("tryouts")) as url:
        # One connection per simultaneous request, so none waits for the pool.
        app = fresh.make_app(url, SQLALCHEMY_ENGINE_OPTIONS={
            "pool_pre_ping": True, "pool_size": SIMULTANEOUS + 2, "max_overflow": 0})
        yield app
        fresh.dispose(app)


def _user(key: str):
    from marketplace.accounts.models import User

    email = next(spec.email for spec in USER_SPECS if spec.key == key)
    return db.session.scalar(select(User).where(User.email == email))



def test_twenty_simultaneous_enrolments_for_the_last_seat_give_one(committed_app):
    with committed_app.app_context():
        coach = _user("coach_a")
        tryout = make_tryout(_user("employer_a").organisation, places=2, commit=True)
        make_enrolment(coach, make_candidate(coach, commit=True), tryout, commit=True)
        candidates = [make_candidate(coach, pseudonym=f"Kandidaat {n}", commit=True).id
                      for n in range(SIMULTANEOUS)]
        tryout_id = tryout.id
    clients = []
    for _ in range(SIMULTANEOUS):
        client = committed_app.test_client()
        assert login(client, "coach_a").status_code == 302
        clients.append(client)

    responses = all_at_once([
        lambda c=c, cid=cid: c.post(f"/tryouts/{tryout_id}/enrol",
                                    data={"candidate": str(cid), "candidate_agreed": "y"})
        for c, cid in zip(clients, candidates, strict=True)
    ])

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [302] + [409] * (SIMULTANEOUS - 1)
    for response in responses:
        if response.status_code == 409:
            assert "Alle plaatsen van deze proefsessie zijn bezet." in response.get_data(
                as_text=True)
    with committed_app.app_context():
        rows = db.session.execute(
            select(TryoutEnrolment.status, func.count()).where(
                TryoutEnrolment.opportunity_id == tryout_id).group_by(TryoutEnrolment.status)
        ).all()
        assert dict(rows) == {"enrolled": 2}
        events = db.session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "tryout_enrolled"))
        assert events == 2
