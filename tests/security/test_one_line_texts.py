"""Names, pseudonyms and titles are one line of visible text: every form with such a
field refuses line breaks, control characters, direction overrides and invisible-only
text with a message next to the field and keeps what was typed; real names pass. A
title stored with a line break before the rule (or written around the forms) still
cannot add a line to a mail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from markupsafe import escape
from sqlalchemy import select, update

from marketplace.accounts.models import User
from marketplace.accounts.operations import invite_user
from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from marketplace.mail.operations import deliver_pending
from marketplace.opportunities.models import Opportunity
from tests.candidates.conftest import valid_form
from tests.factories import AGREED_ON, make_candidate, make_opportunity
from tests.opportunities.conftest import form_data
from tests.security.helpers import error_next_to
from tests.test_text_rules import PERSIAN_WITH_ZWNJ
from tests.web.test_mail import smtp  # noqa: F401 - a fixture


@dataclass(frozen=True)
class OneLineField:
    """A form field that holds a name or a title, and how to send its form."""

    role: str
    url: str
    field_id: str
    data: Callable[[str, dict], dict]  # (value, organisations) -> the whole form

    def __str__(self) -> str:
        return f"{self.url}#{self.field_id}"


FIELDS = [
    OneLineField(
        "admin",
        "/admin/organisations/new",
        "name",
        lambda value, orgs: {"name": value, "kind": "employer", "sector": "I"},
    ),
    OneLineField(
        "admin",
        "/admin/users/invite",
        "name",
        lambda value, orgs: {
            "email": "nieuw@test.example",
            "name": value,
            "organisation": orgs["partner_a"].id,
            "role": "coach",
        },
    ),
    OneLineField(
        "coach_a", "/candidates/new", "pseudonym", lambda value, orgs: valid_form(pseudonym=value)
    ),
    OneLineField(
        "coach_a",
        "/candidates/new",
        "experiences-0-title_as_said",
        lambda value, orgs: valid_form(**{"experiences-0-title_as_said": value}),
    ),
    OneLineField(
        "employer_a", "/opportunities/new", "title", lambda value, orgs: form_data(title=value)
    ),
    OneLineField(
        "employer_a",
        "/opportunities/new",
        "certificates",
        lambda value, orgs: form_data(certificates=value),
    ),
]

BAD_TEXTS = [
    ("Magazijnier\r\nBcc: x@evil.example", "Schrijf dit op één regel"),
    ("Jan\tPeeters", "Haal de verborgen stuurtekens weg"),
    ("\u200b", "alleen onzichtbare tekens"),
    ("\u200e\ufeff\u00ad", "alleen onzichtbare tekens"),
    ("Amina \u202eredli", "die de schrijfrichting veranderen"),
]


@pytest.mark.parametrize(("value", "message"), BAD_TEXTS)
@pytest.mark.parametrize("one_line", FIELDS, ids=str)
def test_a_name_or_title_that_is_not_one_visible_line_gets_a_message_and_is_kept(
    client, login_as, organisations, one_line, value, message
):
    login_as(one_line.role)
    response = client.post(one_line.url, data=one_line.data(value, organisations))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in error_next_to(page, one_line.field_id)
    assert f'value="{escape(value)}"' in page


@pytest.mark.parametrize(
    "value", [PERSIAN_WITH_ZWNJ, "Zoë Van den Broeck-Peeters", "D'Hondt", "Jean-Baptiste N'Diaye"]
)
@pytest.mark.parametrize("one_line", FIELDS, ids=str)
def test_real_names_with_joiners_accents_apostrophes_and_hyphens_are_saved(
    client, login_as, organisations, one_line, value
):
    login_as(one_line.role)
    response = client.post(one_line.url, data=one_line.data(value, organisations))
    assert response.status_code == 302, error_next_to(
        response.get_data(as_text=True), one_line.field_id
    )


INJECTED = "Magazijnier\r\nBcc: x@evil.example"


def assert_one_line_values(message: OutgoingMessage, sent) -> None:
    """Subject on one line and no line of the body made from the injected text."""
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "\r" not in message.body
    assert not any(line.startswith("Bcc:") for line in message.body.splitlines())
    assert "Magazijnier Bcc: x@evil.example" in message.body
    assert sent["Bcc"] is None
    assert "\n" not in sent["Subject"] and "\r" not in sent["Subject"]


def test_a_stored_title_with_a_line_break_stays_on_its_line_in_the_mail(
    client,
    app_ctx,
    organisations,
    users,
    login_as,
    smtp,  # noqa: F811
):
    opportunity = make_opportunity(organisations["employer_a"], commit=True)
    db.session.execute(  # written before the rule, or around the forms
        update(Opportunity).where(Opportunity.id == opportunity.id).values(title=INJECTED)
    )
    db.session.commit()
    candidate = make_candidate(users["coach_a"], commit=True)
    login_as("coach_a")
    response = client.post(
        f"/proposals/candidates/{candidate.id}/propose",
        data={
            "opportunity": str(opportunity.id),
            "motivation": "Werkt graag in ploegen.",
            "candidate_agreed": "y",
            "candidate_agreed_on": AGREED_ON.isoformat(),
        },
    )
    assert response.status_code == 302
    response.close()  # messages go out once the answer is out
    messages = db.session.scalars(select(OutgoingMessage).order_by(OutgoingMessage.id)).all()
    assert messages and len(smtp) == len(messages)
    for message, sent in zip(messages, smtp, strict=True):
        assert message.subject.endswith("Magazijnier Bcc: x@evil.example")
        assert_one_line_values(message, sent)


def test_stored_names_with_a_line_break_stay_on_their_line_in_the_invitation(
    app_ctx,
    organisations,
    users,
    smtp,  # noqa: F811
):
    db.session.execute(update(User).where(User.id == users["admin"].id).values(name=INJECTED))
    invite_user(
        "nieuw@test.example",
        "Nieuwe Coach",
        organisations["partner_a"],
        "coach",
        invited_by=users["admin"],
    )
    db.session.commit()
    deliver_pending()
    [message] = db.session.scalars(select(OutgoingMessage)).all()
    assert_one_line_values(message, smtp[0])
