"""Throttling slows a guesser down without locking the real person out.

After LOGIN_MAX_FAILURES_PER_ACCOUNT (5) failures an account's next check waits one
minute, and each further failure doubles the wait (the answer is 429 with Retry-After,
never a sleeping worker). The right password from the account's usual address (one it
logged in from in the last 30 days) still gets in: there only that address's own
failures count. Reset requests are throttled the same way, for every address alike.
Time passes on the throttle's own clock, moved by the tests, not by waiting.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from marketplace.accounts import throttle
from marketplace.accounts.models import LoginAddress, LoginAttempt
from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from tests.conftest import TEST_PASSWORD

HOME = "198.51.100.7"  # where coach B usually logs in
STRANGER = "203.0.113.9"
ELSEWHERE = "192.0.2.44"
ACCOUNT = "coach.b@test.example"


def attempt(client, address: str, password: str, email: str = ACCOUNT):
    return client.post(
        "/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def failures(client, address: str, how_many: int, email: str = ACCOUNT) -> list[int]:
    return [
        attempt(client, address, "not the password", email).status_code for _ in range(how_many)
    ]


class Clock:
    """The throttle's clock, moved by the test: waits are exact, whatever the load."""

    def __init__(self):
        self.now = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def passes(self, seconds: int) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture(autouse=True)
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(throttle, "utcnow", clock)
    return clock


@pytest.fixture
def usual_address(app, app_ctx):
    """Coach B logged in from HOME once, and logged out."""
    browser = app.test_client()
    assert attempt(browser, HOME, TEST_PASSWORD).status_code == 302
    browser.post("/logout", environ_base={"REMOTE_ADDR": HOME})
    return HOME


def test_a_strangers_failures_do_not_lock_out_the_right_password_from_the_usual_address(
    app, client, usual_address
):
    assert failures(client, STRANGER, 6) == [401] * 5 + [429]
    assert attempt(app.test_client(), usual_address, TEST_PASSWORD).status_code == 302


def test_the_right_password_from_another_address_waits_and_is_told_how_long(
    app, client, usual_address
):
    failures(client, STRANGER, 5)
    response = attempt(app.test_client(), ELSEWHERE, TEST_PASSWORD)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "60"
    page = response.get_data(as_text=True)
    assert "Te veel mislukte pogingen. Wacht 1 minuut en probeer opnieuw" in page


def test_each_failure_beyond_the_limit_doubles_the_wait(client, app_ctx, clock):
    assert failures(client, STRANGER, 5) == [401] * 5
    assert attempt(client, STRANGER, "not the password").headers["Retry-After"] == "60"
    clock.passes(61)
    assert failures(client, STRANGER, 2) == [401, 429]  # the 6th is checked, then 2 min
    assert attempt(client, STRANGER, "x").headers["Retry-After"] == "120"
    clock.passes(121)
    assert failures(client, STRANGER, 2) == [401, 429]
    assert attempt(client, STRANGER, "x").headers["Retry-After"] == "240"


def test_refused_attempts_do_not_make_the_wait_longer(client, app_ctx):
    failures(client, STRANGER, 5)
    assert failures(client, STRANGER, 10) == [429] * 10
    assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 5
    assert attempt(client, STRANGER, "x").headers["Retry-After"] == "60"


def test_failures_from_the_usual_address_itself_still_count(app, client, usual_address):
    assert failures(client, usual_address, 6) == [401] * 5 + [429]
    assert attempt(app.test_client(), usual_address, TEST_PASSWORD).status_code == 429


def test_an_address_stops_being_usual_after_30_days(app, client, usual_address, clock):
    clock.passes(31 * 24 * 3600)
    failures(client, STRANGER, 5)
    assert attempt(app.test_client(), usual_address, TEST_PASSWORD).status_code == 429


def test_a_login_from_the_usual_address_keeps_the_strangers_failures(app, client, usual_address):
    failures(client, STRANGER, 5)
    assert attempt(app.test_client(), usual_address, TEST_PASSWORD).status_code == 302
    assert attempt(client, STRANGER, TEST_PASSWORD).status_code == 429


def test_known_addresses_are_stored_as_keyed_hashes(app_ctx, usual_address):
    stored = db.session.scalars(select(LoginAddress.address_hash)).all()
    assert len(stored) == 1 and HOME not in stored[0] and len(stored[0]) == 64


def test_an_unknown_address_is_throttled_like_a_real_account(client, app_ctx):
    assert failures(client, STRANGER, 6, "nobody@test.example") == [401] * 5 + [429]


# --- reset requests -----------------------------------------------------------------


def ask_reset(client, email: str, address: str = STRANGER):
    return client.post(
        "/password/forgot", data={"email": email}, environ_base={"REMOTE_ADDR": address}
    )


def mails_to(email: str) -> int:
    return db.session.scalar(
        select(func.count()).select_from(OutgoingMessage).where(OutgoingMessage.recipient == email)
    )


@pytest.mark.parametrize("email", [ACCOUNT, "nobody@test.example"])
def test_reset_requests_are_throttled_per_account_alike_for_every_address(
    app, client, app_ctx, email
):
    limit = app.config["PASSWORD_RESET_MAX_PER_ACCOUNT"]
    statuses = [
        ask_reset(app.test_client(), email, f"192.0.2.{n}").status_code for n in range(limit + 1)
    ]
    assert statuses == [200] * limit + [429]
    response = ask_reset(client, email, ELSEWHERE)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "60"
    page = response.get_data(as_text=True)
    assert "Je vroeg al een paar keer een nieuwe link. Wacht 1 minuut" in page
    assert email in page  # what was typed is kept
    assert mails_to(email) == (limit if email == ACCOUNT else 0)


def test_reset_requests_are_throttled_per_address(app, client, app_ctx):
    limit = app.config["PASSWORD_RESET_MAX_PER_ADDRESS"]
    statuses = [ask_reset(client, f"person{n}@test.example").status_code for n in range(limit + 1)]
    assert statuses == [200] * limit + [429]


def test_reset_requests_do_not_slow_down_logging_in(app, client, app_ctx):
    for _ in range(app.config["PASSWORD_RESET_MAX_PER_ACCOUNT"]):
        ask_reset(client, ACCOUNT)
    assert attempt(client, STRANGER, TEST_PASSWORD).status_code == 302


def test_old_login_records_are_forgotten_on_the_command_line(app, client, usual_address, clock):
    failures(client, STRANGER, 2, "nobody@test.example")
    clock.passes(31 * 24 * 3600)
    failures(client, STRANGER, 1)  # recent: kept
    result = app.test_cli_runner().invoke(args=["users", "forget-logins"])
    assert result.exit_code == 0, result.output
    assert "3 old login record(s) deleted." in result.output
    assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 1
    assert db.session.scalar(select(func.count()).select_from(LoginAddress)) == 0
