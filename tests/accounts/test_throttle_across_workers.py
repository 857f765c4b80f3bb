"""The login throttle holds in total across two gunicorn workers, not per worker.

The real app runs under gunicorn with two worker processes (as in production: the
production configuration, CSRF on) on a fresh database of this run's backend. Eight
connections, released together, send 32 failed logins for one account through the
real login form. gunicorn's access log names the worker that served each request (a
log format set for this test only; nothing new is shown to users), which proves both
workers answered. Only the first LOGIN_MAX_FAILURES_PER_ACCOUNT (5) attempts are
checked; every other one is refused with 429 (the next check waits LOGIN_FIRST_DELAY,
a minute, after the fifth failure, and refused attempts do not count), and then even
the right password is: this address never logged in to the account, so it is not the
account's usual address (tests/accounts/test_throttle.py shows the usual one gets in).
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import LoginAttempt
from marketplace.config import Config
from marketplace.extensions import db
from tests.conftest import TEST_PASSWORD, USER_SPECS
from tests.live import Visitor, live_server

CONNECTIONS = 8
ATTEMPTS_PER_CONNECTION = 4
ACCOUNT = next(spec.email for spec in USER_SPECS if spec.key == "coach_a")
#: gunicorn's access log line for this test: the worker's pid, method, path, status.
ACCESS_FORMAT = "%(p)s %(m)s %(U)s %(s)s"
ACCESS_LINE = re.compile(r"^<(\d+)> (GET|POST) /login (\d{3})$", re.MULTILINE)


@pytest.fixture(autouse=True)
def db_session():
    """The server writes to its own database; nothing here is rolled back."""
    yield None


def failed_logins(visitor: Visitor, how_many: int, barrier: threading.Barrier) -> list[int]:
    token = visitor.token("/login")
    barrier.wait(timeout=120)
    form = {"csrf_token": token, "email": ACCOUNT, "password": "not the password"}
    return [visitor.request("POST", "/login", form)[0] for _ in range(how_many)]


@pytest.fixture(scope="module")
def server_and_app(tmp_path_factory):
    environment = {"GUNICORN_CMD_ARGS": f"--access-logformat '{ACCESS_FORMAT}'"}
    with live_server(tmp_path_factory.mktemp("throttle"), "throttle", environment) as running:
        yield running


def test_failed_logins_are_limited_in_total_across_two_workers(server_and_app):
    server, app = server_and_app
    browsers = [Visitor(server.url) for _ in range(CONNECTIONS)]
    barrier = threading.Barrier(CONNECTIONS)
    with ThreadPoolExecutor(max_workers=CONNECTIONS) as pool:
        answers = [status for statuses in pool.map(
            lambda browser: failed_logins(browser, ATTEMPTS_PER_CONNECTION, barrier), browsers)
            for status in statuses]

    limit = Config.LOGIN_MAX_FAILURES_PER_ACCOUNT
    assert sorted(answers) == [401] * limit + [429] * (len(answers) - limit), server.log_tail()
    with app.app_context():
        recorded = db.session.scalar(select(func.count()).select_from(LoginAttempt)
                                     .where(LoginAttempt.email == ACCOUNT))
    assert recorded == limit

    # Now even the right password waits, from an address that is not a usual one.
    status, page = browsers[0].request("POST", "/login", {
        "csrf_token": browsers[0].token("/login"), "email": ACCOUNT, "password": TEST_PASSWORD})
    assert status == 429
    assert "Te veel mislukte pogingen." in page

    server.stop()  # the whole access log is written
    served = [(int(pid), int(code)) for pid, method, code in
              ACCESS_LINE.findall(server.log_path.read_text()) if method == "POST"]
    assert len(served) == len(answers) + 1
    assert len({pid for pid, _code in served}) == 2, "both workers answered failed logins"
