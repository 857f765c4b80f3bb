"""Declining with "another reason" tells the coach nothing on its own: the employer
then writes a short note, on the answer page as through the partner API."""

from __future__ import annotations

import re

import pytest

from marketplace.extensions import db
from marketplace.proposals.models import Proposal
from tests.factories import make_candidate, make_proposal
from tests.security.helpers import error_next_to


@pytest.fixture
def proposal(users, opportunity):
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    return make_proposal(users["coach_a"], candidate, opportunity, commit=True)


def _decline(client, proposal, note: str):
    return client.post(f"/proposals/{proposal.id}/answer", data={
        "answer": "decline", "version": proposal.version, "decline_reason": "other",
        "decline_note": note})


def test_another_reason_needs_a_note_next_to_the_note_field(client, login_as, proposal):
    login_as("employer_a")
    response = _decline(client, proposal, "   ")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert error_next_to(page, "decline_note").endswith(
        "Schrijf kort waarom je afwijst. Bij “Een andere reden” weet de coach anders niet "
        "waarom.")
    # The form keeps what was chosen.
    assert '<option selected value="other">' in page
    assert re.search(r'<input checked [^>]*value="decline">', page)
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).state == "proposed"
    client.post("/language", data={"locale": "en", "next": "/"})
    page = _decline(client, proposal, "").get_data(as_text=True)
    assert error_next_to(page, "decline_note").endswith(
        "Say in a few words why you decline. With “Another reason” the coach does not "
        "know why otherwise.")


def test_another_reason_with_a_note_declines_and_the_note_is_kept(client, login_as,
                                                                  proposal):
    login_as("employer_a")
    response = _decline(client, proposal, "We nemen tijdelijk niemand aan.")
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Proposal, proposal.id)
    assert (saved.state, saved.decline_reason) == ("declined", "other")
    assert saved.decline_note == "We nemen tijdelijk niemand aan."


def test_a_listed_reason_still_needs_no_note(client, login_as, proposal):
    login_as("employer_a")
    response = client.post(f"/proposals/{proposal.id}/answer", data={
        "answer": "decline", "version": proposal.version, "decline_reason": "language"})
    assert response.status_code == 302
