"""Two sends of the invitation form for one e-mail address, or of the new-organisation
form for one name, at the same moment: both pass the form's check, the unique
constraint decides. The later one is answered like the form's check answers (the field's
error, the form shown again with what was typed, 409), never with a server error.

These tests make the race in one process, on both databases: the form's check is told
the address or name is free while its row is there. ``test_simultaneous_creates_race``
sends the same form from several admins at once on PostgreSQL.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Organisation, User
from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage

EMAIL_TAKEN = "Er is al een gebruiker met dit e-mailadres."
NAME_TAKEN = "Er is al een organisatie met deze naam."


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _rename(client, organisation, name: str, *, sector: str, postcode: str):
    """The admin's edit form of ``organisation`` sent back with ``name``, with the
    version the form carries."""
    page = client.get(f"/admin/organisations/{organisation.id}").get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"', page) or re.search(
        r'value="(\d+)"[^>]*name="version"', page)
    return client.post(f"/admin/organisations/{organisation.id}", data={
        "name": name, "sector": sector, "postcode": postcode, "is_active": "y",
        "version": version.group(1),
    })


def test_an_invitation_that_loses_the_race_shows_the_field_error(
    client, app_ctx, organisations, login_as, monkeypatch
):
    login_as("admin")
    # The check runs before the other send's row is there: it finds nobody.
    monkeypatch.setattr("marketplace.accounts.forms.find_user_by_email", lambda _email: None)
    monkeypatch.setattr("marketplace.accounts.operations.find_user_by_email", lambda _email: None)
    response = client.post("/admin/users/invite", data={
        "email": "Coach.A@test.example", "name": "Tweede Keer",
        "organisation": organisations["partner_a"].id, "role": "coach",
    })
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert EMAIL_TAKEN in page
    assert 'value="Coach.A@test.example"' in page and 'value="Tweede Keer"' in page
    assert count(User, User.email == "coach.a@test.example") == 1
    assert count(User, User.name == "Tweede Keer") == 0
    assert count(OutgoingMessage, OutgoingMessage.recipient == "coach.a@test.example") == 0


# The same name, or one that differs only in capitals: "EMPLOYER A logistics" is the
# same organisation to the people who choose from the lists.
@pytest.mark.parametrize("name", ["Employer A Logistics", "EMPLOYER A logistics"])
def test_a_new_organisation_that_loses_the_race_shows_the_field_error(
    client, app_ctx, login_as, monkeypatch, name
):
    login_as("admin")
    monkeypatch.setattr(
        "marketplace.accounts.forms.organisation_name_taken", lambda *_args: False)
    response = client.post("/admin/organisations/new", data={
        "name": name, "kind": "employer", "sector": "H", "postcode": "2000",
    })
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert NAME_TAKEN in page
    assert f'value="{name}"' in page and 'value="2000"' in page
    assert count(Organisation, func.lower(Organisation.name) == "employer a logistics") == 1


@pytest.mark.parametrize("name", ["Employer A Logistics", "employer a LOGISTICS"])
def test_a_rename_that_loses_the_race_shows_the_field_error(
    client, app_ctx, organisations, login_as, monkeypatch, name
):
    # Renaming is the same race: another admin gave an organisation this name (or the
    # same in other capitals) a moment ago.
    login_as("admin")
    monkeypatch.setattr(
        "marketplace.accounts.forms.organisation_name_taken", lambda *_args: False)
    renamed = organisations["employer_b"]
    response = _rename(client, renamed, name, sector="Q", postcode="2100")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert NAME_TAKEN in page and f'value="{name}"' in page
    db.session.expire_all()
    assert renamed.name == "Employer B Care"
    assert count(Organisation, func.lower(Organisation.name) == "employer a logistics") == 1


def test_an_organisation_may_change_the_capitals_of_its_own_name(
    client, app_ctx, organisations, login_as
):
    login_as("admin")
    renamed = organisations["employer_a"]
    response = _rename(client, renamed, "EMPLOYER A Logistics", sector="H", postcode="2030")
    assert response.status_code == 302
    db.session.expire_all()
    assert renamed.name == "EMPLOYER A Logistics"
