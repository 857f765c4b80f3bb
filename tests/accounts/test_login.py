"""Logging in and out: neutral errors, safe redirects, fresh sessions, throttling."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select

from marketplace.accounts.models import LoginAttempt, LoginSession, User
from marketplace.extensions import db
from tests.conftest import TEST_PASSWORD, login


def test_login_lands_on_the_role_home_page(client, app_ctx):
    response = login(client, "coach_a")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/start")
    page = client.get("/start").get_data(as_text=True)
    assert "Partner A Coaching" in page


@pytest.mark.parametrize("email", ["employer.a@test.example", "nobody@test.example"])
def test_wrong_password_gets_one_neutral_message(client, app_ctx, email):
    response = client.post("/login", data={"email": email, "password": "wrong password!"})
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "Het e-mailadres of het wachtwoord klopt niet." in page
    assert email in page  # what was typed is kept


def test_email_is_matched_regardless_of_case(client, app_ctx):
    response = client.post(
        "/login", data={"email": "Employer.A@TEST.example", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "evil",
    [
        "//evil.example",
        "/\\evil.example",
        "https://evil.example",
        "javascript:alert(1)",
        "/%0d%0aevil",
        "\\\\evil.example",
    ],
)
def test_next_parameter_never_leaves_the_site(client, app_ctx, evil):
    response = client.post(
        "/login?next=" + evil, data={"email": "admin@test.example", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.endswith("/start"), location


def test_next_parameter_leads_to_a_local_page(client, app_ctx):
    response = client.post(
        "/login?next=/admin/users?q=a",
        data={"email": "admin@test.example", "password": TEST_PASSWORD},
    )
    assert response.headers["Location"] == "/admin/users?q=a"


def test_login_renews_the_session_and_logout_ends_it(client, app_ctx):
    client.post("/language", data={"locale": "en", "next": "/"})
    before = client.get_cookie("werkbrug_session").value
    login(client, "employer_a")
    after = client.get_cookie("werkbrug_session").value
    assert before != after
    assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 1
    assert client.get("/start").status_code == 200

    client.post("/logout")
    assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 0
    # Replaying the cookie from before logout no longer works.
    client.set_cookie("werkbrug_session", after, domain="localhost")
    response = client.get("/start")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_logging_out_keeps_the_language_the_user_reads(client, app_ctx):
    login(client, "coach_a")
    client.post("/language", data={"locale": "en", "next": "/start"})
    response = client.post("/logout", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "You are logged out." in page
    assert client.get("/start").status_code == 302  # but logged out it is


def test_logout_needs_post(client, app_ctx):
    login(client, "employer_a")
    assert client.get("/logout").status_code == 405


def test_too_many_failures_for_an_account_block_it_even_with_the_right_password(
    client, app, app_ctx
):
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit):
        client.post("/login", data={"email": "coach.b@test.example", "password": "nope nope"})
    response = login(client, "coach_b")
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.get_data(as_text=True)
    # Another account from another browser is not blocked.
    assert login(app.test_client(), "coach_a").status_code == 302


def test_failures_from_one_address_are_counted_across_accounts(client, app, app_ctx):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"], saved = (
        3,
        app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
    )
    try:
        for number in range(3):
            client.post("/login", data={"email": f"x{number}@test.example", "password": "x"})
        response = login(app.test_client(), "coach_a")
        assert response.status_code == 429
    finally:
        app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = saved


def test_failed_attempts_are_kept_in_the_database_for_all_workers(client, app_ctx):
    client.post("/login", data={"email": "coach.b@test.example", "password": "nope nope"})
    stored = db.session.scalars(select(LoginAttempt)).all()
    assert [attempt.email for attempt in stored] == ["coach.b@test.example"]


def test_inactive_user_cannot_log_in(client, app_ctx, users):
    users["analyst"].active = False
    db.session.commit()
    assert login(client, "analyst").status_code == 401


def test_a_page_needs_login(client):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_logging_in_records_the_time_without_changing_the_users_version(client, app_ctx, users):
    """Two logins to one account at the same moment must both succeed: the login time is
    written without the optimistic lock that makes an admin's stale edit a conflict."""
    user = db.session.get(User, users["coach_a"].id)
    version_before = user.version
    login(client, "coach_a")
    db.session.expire_all()
    user = db.session.get(User, users["coach_a"].id)
    assert user.last_login_at is not None
    assert user.version == version_before


def test_an_address_longer_than_any_account_can_have_is_refused_not_stored(client):
    """A 500 on PostgreSQL before: the failed attempt's column holds 254 characters."""
    response = client.post("/login", data={"email": "a" * 300 + "@test.example",
                                           "password": "wat dan ook"})
    assert response.status_code == 200
    assert "Dit is geen e-mailadres." in response.get_data(as_text=True)


def test_a_page_that_changes_nothing_in_the_session_sends_no_cookie(client, app_ctx):
    """The login's expiry is its database row's (12 hours from logging in), so pages
    do not sign the cookie anew; a login still sets one, and a stale copy of it still
    ends with the row."""
    response = login(client, "employer_a")
    assert "werkbrug_session=" in response.headers.get("Set-Cookie", "")
    client.get("/start")  # the first page may add its CSRF token
    response = client.get("/start")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    db.session.execute(delete(LoginSession))
    db.session.commit()
    assert client.get("/start").status_code == 302
