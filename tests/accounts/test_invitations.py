"""Invitations and password resets: signed, single-use links that expire after 48 hours."""

from __future__ import annotations

import re

from sqlalchemy import select

from marketplace.accounts.models import LoginSession, User
from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from tests.conftest import login

NEW_PASSWORD = "a long new password"


def last_link(recipient: str) -> str:
    message = db.session.scalars(
        select(OutgoingMessage)
        .where(OutgoingMessage.recipient == recipient)
        .order_by(OutgoingMessage.id.desc())
    ).first()
    assert message is not None, f"no message for {recipient}"
    return re.search(r"http://localhost(/password/set/\S+)", message.body).group(1)


def invite(client, organisations, email="new.person@test.example", role="employer"):
    return client.post(
        "/admin/users/invite",
        data={
            "email": email,
            "name": "New Person",
            "organisation": organisations["employer_a"].id,
            "role": role,
        },
    )


def test_admin_invites_a_user_who_sets_a_password_and_logs_in(
    client, app, app_ctx, organisations, login_as
):
    login_as("admin")
    response = invite(client, organisations)
    assert response.status_code == 302
    link = last_link("new.person@test.example")

    # The admin reads the message in the development outbox.
    outbox = client.get("/admin/outbox/").get_data(as_text=True)
    assert "new.person@test.example" in outbox
    client.post("/logout")

    invited = app.test_client()
    form = invited.get(link)
    assert form.status_code == 200
    response = invited.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert invited.get("/start").status_code == 200

    # The link works once.
    used = app.test_client().get(link)
    assert used.status_code == 410
    assert "al gebruikt" in used.get_data(as_text=True)
    assert login(app.test_client(), "new.person@test.example", NEW_PASSWORD).status_code == 302


def test_expired_invitation_link_says_what_to_do(
    client, app_ctx, organisations, login_as, monkeypatch
):
    login_as("admin")
    invite(client, organisations)
    link = last_link("new.person@test.example")
    import itsdangerous.timed

    real_time = itsdangerous.timed.time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real_time() + 49 * 3600)
    response = client.get(link)
    assert response.status_code == 410
    page = response.get_data(as_text=True)
    assert "ouder dan 48 uur" in page
    assert "/password/forgot" in page


def test_tampered_link_is_refused(client, app_ctx):
    response = client.get("/password/set/eyJ1IjoxfQ.forged.signature")
    assert response.status_code == 404
    assert "niet volledig" in response.get_data(as_text=True)


def test_duplicate_email_on_invite_is_a_field_error_whatever_the_case(
    client, app_ctx, organisations, login_as
):
    login_as("admin")
    response = invite(client, organisations, email="Coach.A@Test.Example")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Er is al een gebruiker met dit e-mailadres." in page
    assert 'value="Coach.A@Test.Example"' in page
    assert 'value="New Person"' in page


def test_role_must_fit_the_organisation(client, app_ctx, organisations, login_as):
    login_as("admin")
    response = invite(client, organisations, role="coach")
    assert response.status_code == 200
    assert "Deze rol past niet bij dit soort organisatie." in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "new.person@test.example")) is None


def test_invite_form_rejects_bad_input_and_keeps_it(client, app_ctx, organisations, login_as):
    login_as("admin")
    response = client.post(
        "/admin/users/invite",
        data={
            "email": "not an address",
            "name": "",
            "organisation": organisations["employer_a"].id,
            "role": "employer",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Dit is geen e-mailadres." in page
    assert "Vul dit veld in." in page
    assert 'value="not an address"' in page


def test_password_reset_sends_a_link_and_ends_other_sessions(client, app, app_ctx, users):
    other_browser = app.test_client()
    login(other_browser, "coach_a")
    response = client.post("/password/forgot", data={"email": "COACH.A@test.example"})
    assert response.status_code == 200
    link = last_link("coach.a@test.example")
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    # The browser that was logged in before is logged out: its session row is gone.
    assert other_browser.get("/start").status_code == 302
    sessions = db.session.scalars(select(LoginSession)).all()
    assert len(sessions) == 1


def without_csrf_token(response) -> str:
    return re.sub(r'name="csrf_token"[^>]*value="[^"]*"', "", response.get_data(as_text=True))


def test_password_reset_for_unknown_address_looks_the_same(client, app_ctx):
    known = client.post("/password/forgot", data={"email": "coach.a@test.example"})
    unknown = client.post("/password/forgot", data={"email": "nobody@test.example"})
    assert known.status_code == unknown.status_code == 200
    # The CSRF token carries a timestamp: under load the two may be a second apart.
    assert without_csrf_token(known) == without_csrf_token(unknown)
    assert (
        db.session.scalar(
            select(OutgoingMessage).where(OutgoingMessage.recipient == "nobody@test.example")
        )
        is None
    )


def test_set_password_form_checks_length_and_match(client, app_ctx, organisations, login_as):
    login_as("admin")
    invite(client, organisations)
    link = last_link("new.person@test.example")
    page = client.post(link, data={"password": "short", "confirm": "other"}).get_data(as_text=True)
    assert "Gebruik minstens 10 tekens." in page
    assert "De twee wachtwoorden zijn niet gelijk." in page


def test_the_invitation_form_has_no_default_role(client, app_ctx, organisations, login_as):
    """A role is a choice the admin makes: the form starts empty, and an invitation
    without one is refused with a message, keeping what was typed."""
    login_as("admin")
    page = client.get("/admin/users/invite").get_data(as_text=True)
    role_select = page[page.index('name="role"'):]
    role_select = role_select[:role_select.index("</select>")]
    assert "selected" not in role_select
    response = client.post("/admin/users/invite", data={
        "email": "no.role@test.example", "name": "Nobody Chosen",
        "organisation": organisations["employer_a"].id, "role": "",
    }, headers={"Accept-Language": "nl"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Kies een rol." in body and "no.role@test.example" in body
    assert db.session.scalar(select(User).where(User.email == "no.role@test.example")) is None


def test_the_invitation_page_opens_in_the_language_of_the_invitation(
    client, app, app_ctx, organisations, login_as
):
    """An admin working in English invites someone: their mail is in English, and so is
    the page its link opens in a browser where nobody chose a language yet."""
    login_as("admin")
    client.post("/language", data={"locale": "en"})
    invite(client, organisations, email="english.reader@test.example")
    link = last_link("english.reader@test.example")
    invited = app.test_client()
    page = invited.get(link).get_data(as_text=True)
    assert '<html lang="en"' in page and "Choose" in page
    # A language chosen in the browser wins: that reader asked for it.
    dutch = app.test_client()
    dutch.post("/language", data={"locale": "nl"})
    assert '<html lang="nl"' in dutch.get(link).get_data(as_text=True)
