"""Two sends of one create form at the same moment (a double click that both reach the
server, two tabs) make one record: both pass the check for an earlier send, and the
unique (user, token) pair of ``form_submission`` decides. On PostgreSQL the later
insert waits for the first transaction and fails when it commits; the loser rolls back
what it made and is sent to the winner's record. On SQLite the write lock taken at the
start of every POST already puts them one after the other. Runs on both.

Each request runs in its own thread with its own logged-in client, released together
by a barrier, on a database whose data is really committed.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.audit.models import AuditEvent
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.web.models import FormSubmission
from tests import fresh
from tests.conftest import login
from tests.opportunities.conftest import form_data
from tests.simultaneous import all_at_once
from tests.web.test_once_only import token_in

SIMULTANEOUS = 6


@pytest.fixture(autouse=True)
def db_session():
    """The requests commit for real, in ``committed_app``'s own database."""
    yield None


@pytest.fixture(scope="module")
def committed_app(tmp_path_factory):
    with fresh.migrated_database(tmp_path_factory.mktemp("once")) as url:
        app = fresh.make_app(
            url,
            SQLALCHEMY_ENGINE_OPTIONS={
                "pool_pre_ping": True,
                "pool_size": SIMULTANEOUS + 2,
                "max_overflow": 0,
            },
        )
        yield app
        fresh.dispose(app)



def test_simultaneous_sends_of_one_form_make_one_opportunity(committed_app):
    clients = []
    for _ in range(SIMULTANEOUS):
        client = committed_app.test_client()
        assert login(client, "employer_a").status_code == 302
        clients.append(client)
    token = token_in(clients[0].get("/opportunities/new").get_data(as_text=True))
    data = form_data(title="Eén keer", submission_token=token)

    responses = all_at_once([lambda c=c: c.post("/opportunities/new", data=data) for c in clients])

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [302] + [303] * (SIMULTANEOUS - 1)
    assert len({response.headers["Location"] for response in responses}) == 1
    with committed_app.app_context():
        made = db.session.scalars(
            select(Opportunity.id).where(Opportunity.title == "Eén keer")
        ).all()
        assert len(made) == 1
        assert responses[0].headers["Location"] == f"/opportunities/{made[0]}"
        assert (
            db.session.scalar(
                select(func.count(FormSubmission.id)).where(FormSubmission.token == token)
            )
            == 1
        )
        # The losers' audit events were rolled back with their opportunities.
        assert (
            db.session.scalar(
                select(func.count(AuditEvent.id)).where(AuditEvent.action == "opportunity_created")
            )
            == 1
        )
