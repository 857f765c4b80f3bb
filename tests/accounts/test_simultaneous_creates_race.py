"""Sends of the invitation form for one e-mail address, or of the new-organisation form
for one name, really at the same moment, on PostgreSQL (SQLite lets one writer in at a
time): exactly one row is made, every other send gets the form's field error (from the
form's check or, when it passed that check too, from the unique constraint), none a
server error. Each request runs in its own thread with its own logged-in client,
released together by a barrier, on a database whose data is really committed.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Organisation, User
from marketplace.audit.models import AuditEvent
from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from tests import fresh
from tests.accounts.test_simultaneous_creates import EMAIL_TAKEN, NAME_TAKEN, count
from tests.conftest import login

pytestmark = pytest.mark.postgres_only

SIMULTANEOUS = 8


@pytest.fixture(autouse=True)
def db_session():
    """The requests commit for real, in ``committed_app``'s own database."""
    yield None


@pytest.fixture(scope="module")
def committed_app(tmp_path_factory):
    with fresh.committed_postgres_app(
        tmp_path_factory.mktemp("accounts_race"),
        "simultaneous writers need PostgreSQL: SQLite lets one writer in at a time",
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "pool_size": SIMULTANEOUS + 2,
                                   "max_overflow": 0},
    ) as app:
        yield app


def _admins(app) -> list:
    clients = []
    for _ in range(SIMULTANEOUS):
        client = app.test_client()
        assert login(client, "admin").status_code == 302
        clients.append(client)
    return clients


def _all_at_once(requests) -> list:
    barrier = threading.Barrier(len(requests))

    def run(request):
        barrier.wait(timeout=60)
        return request()

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(run, requests))


def _one_made_the_others_told(responses, message: str) -> None:
    statuses = sorted(response.status_code for response in responses)
    assert statuses.count(302) == 1, statuses
    # The losers were checked by the form (200) or by the constraint (409).
    assert set(statuses) <= {200, 302, 409}, statuses
    for response in responses:
        if response.status_code != 302:
            assert message in response.get_data(as_text=True)


def test_simultaneous_invitations_of_one_address_make_one_user(committed_app):
    clients = _admins(committed_app)
    with committed_app.app_context():
        partner = db.session.scalar(
            select(Organisation.id).where(Organisation.name == "Partner A Coaching"))
    data = {"email": "samen@test.example", "name": "Samen", "organisation": partner,
            "role": "coach"}

    responses = _all_at_once(
        [lambda c=c: c.post("/admin/users/invite", data=data) for c in clients])

    _one_made_the_others_told(responses, EMAIL_TAKEN)
    with committed_app.app_context():
        assert count(User, User.email == "samen@test.example") == 1
        assert count(OutgoingMessage, OutgoingMessage.recipient == "samen@test.example") == 1
        assert count(AuditEvent, AuditEvent.action == "user_invited") == 1


def test_simultaneous_new_organisations_of_one_name_make_one(committed_app):
    clients = _admins(committed_app)
    data = {"name": "Samen Bakkerij", "kind": "employer", "sector": "C"}

    responses = _all_at_once(
        [lambda c=c: c.post("/admin/organisations/new", data=data) for c in clients])

    _one_made_the_others_told(responses, NAME_TAKEN)
    with committed_app.app_context():
        assert count(Organisation, Organisation.name == "Samen Bakkerij") == 1
        assert count(AuditEvent, AuditEvent.action == "organisation_created") == 1
