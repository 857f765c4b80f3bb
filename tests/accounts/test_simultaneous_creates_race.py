"""Sends of the invitation form for one e-mail address, or of the new-organisation form
for one name, really at the same moment, on PostgreSQL (SQLite lets one writer in at a
time): exactly one row is made, every other send gets the form's field error (from the
form's check or, when it passed that check too, from the unique constraint), none a
server error. Each request runs in its own thread with its own logged-in client,
released together by a barrier, on a database whose data is really committed.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Organisation, User
from marketplace.audit.models import AuditEvent
from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from tests.accounts.test_simultaneous_creates import EMAIL_TAKEN, NAME_TAKEN, count
from tests.simultaneous import all_at_once, logged_in_clients

pytestmark = pytest.mark.postgres_only

SIMULTANEOUS = 8


@pytest.fixture(autouse=True)
def db_session():
    """The requests commit for real, in ``simultaneous_app``'s own database."""
    yield None



def _one_made_the_others_told(responses, message: str) -> None:
    statuses = sorted(response.status_code for response in responses)
    assert statuses.count(302) == 1, statuses
    # The losers were checked by the form (200) or by the constraint (409).
    assert set(statuses) <= {200, 302, 409}, statuses
    for response in responses:
        if response.status_code != 302:
            assert message in response.get_data(as_text=True)


def test_simultaneous_invitations_of_one_address_make_one_user(simultaneous_app):
    clients = logged_in_clients(simultaneous_app, "admin", SIMULTANEOUS)
    with simultaneous_app.app_context():
        partner = db.session.scalar(
            select(Organisation.id).where(Organisation.name == "Partner A Coaching"))
    data = {"email": "samen@test.example", "name": "Samen", "organisation": partner,
            "role": "coach"}

    responses = all_at_once(
        [lambda c=c: c.post("/admin/users/invite", data=data) for c in clients])

    _one_made_the_others_told(responses, EMAIL_TAKEN)
    with simultaneous_app.app_context():
        assert count(User, User.email == "samen@test.example") == 1
        assert count(OutgoingMessage, OutgoingMessage.recipient == "samen@test.example") == 1
        assert count(AuditEvent, AuditEvent.action == "user_invited") == 1


def test_simultaneous_new_organisations_of_one_name_make_one(simultaneous_app):
    clients = logged_in_clients(simultaneous_app, "admin", SIMULTANEOUS)
    data = {"name": "Samen Bakkerij", "kind": "employer", "sector": "C"}

    responses = all_at_once(
        [lambda c=c: c.post("/admin/organisations/new", data=data) for c in clients])

    _one_made_the_others_told(responses, NAME_TAKEN)
    with simultaneous_app.app_context():
        assert count(Organisation, Organisation.name == "Samen Bakkerij") == 1
        assert count(AuditEvent, AuditEvent.action == "organisation_created") == 1
