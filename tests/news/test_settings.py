"""A coach's news settings on the account page: the daily digest and the number of
days after which a proposal waits too long; bad input gets a message at the field."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.audit.models import AuditEvent
from marketplace.extensions import db


def reloaded(user) -> User:
    return db.session.scalar(select(User).where(User.id == user.id)
                             .execution_options(populate_existing=True))


def test_a_coach_sees_the_defaults_on_the_account_page(login_as):
    page = login_as("coach_a").get("/account").get_data(as_text=True)
    assert "Nieuws over je kandidaten" in page
    assert 'name="unanswered_after_days"' in page and 'value="7"' in page
    assert 'name="wants_daily_digest"' in page and "checked" not in page


@pytest.mark.parametrize("role", ["employer_a", "admin", "analyst"])
def test_other_roles_have_no_news_settings(login_as, role):
    page = login_as(role).get("/account").get_data(as_text=True)
    assert "Nieuws over je kandidaten" not in page


def test_a_coach_saves_the_digest_and_the_days(login_as, users):
    client = login_as("coach_a")
    version = users["coach_a"].version
    response = client.post("/news/settings", data={"wants_daily_digest": "y",
                                                   "unanswered_after_days": "12"})
    assert response.status_code == 302
    coach = reloaded(users["coach_a"])
    assert (coach.wants_daily_digest, coach.unanswered_after_days) == (True, 12)
    assert coach.version == version
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "news_settings_changed"))
    assert event.details == {"wants_daily_digest": True, "unanswered_after_days": 12}
    page = client.get("/account").get_data(as_text=True)
    assert "Je nieuwsinstellingen zijn bewaard." in page
    assert 'value="12"' in page and "checked" in page


@pytest.mark.parametrize(("typed", "message"), [
    ("0", "Vul een aantal dagen in van 1 tot 60."),
    ("61", "Vul een aantal dagen in van 1 tot 60."),
    ("", "Vul dit veld in."),
    ("veel", "Ongeldig"),
    ("<script>alert(1)</script>", "Ongeldig"),
])
def test_bad_days_get_a_message_at_the_field_and_keep_what_was_typed(login_as, users, typed,
                                                                     message):
    response = login_as("coach_a").post("/news/settings", data={
        "wants_daily_digest": "y", "unanswered_after_days": typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert 'id="unanswered_after_days-error"' in page
    assert 'aria-invalid="true"' in page
    assert "<script>alert(1)</script>" not in page
    if typed:
        assert f'value="{typed.replace("<", "&lt;").replace(">", "&gt;")}"' in page
    assert 'name="wants_daily_digest" type="checkbox" value="y" checked' in page \
        or "checked" in page
    coach = reloaded(users["coach_a"])
    assert (coach.wants_daily_digest, coach.unanswered_after_days) == (False, 7)


def test_the_field_message_is_english_for_an_english_coach(login_as):
    client = login_as("coach_a")
    client.post("/language", data={"locale": "en", "next": "/account"})
    page = client.post("/news/settings", data={"unanswered_after_days": "99"}).get_data(
        as_text=True)
    assert "Fill in a number of days from 1 to 60." in page
