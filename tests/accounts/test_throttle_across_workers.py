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

import http.client
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import LoginAttempt
from marketplace.config import Config
from marketplace.extensions import db
from tests import fresh
from tests.browser.server import LiveServer
from tests.conftest import TEST_PASSWORD, USER_SPECS

CONNECTIONS = 8
ATTEMPTS_PER_CONNECTION = 4
ACCOUNT = next(spec.email for spec in USER_SPECS if spec.key == "coach_a")
#: gunicorn's access log line for this test: the worker's pid, method, path, status.
ACCESS_FORMAT = "%(p)s %(m)s %(U)s %(s)s"
ACCESS_LINE = re.compile(r"^<(\d+)> (GET|POST) /login (\d{3})$", re.MULTILINE)
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture(autouse=True)
def db_session():
    """The server writes to its own database; nothing here is rolled back."""
    yield None


class Browser:
    """One visitor with its own cookies; a new connection per request, as gunicorn's
    sync workers close each one."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            # The production cookies are Secure; this plain-HTTP client sends them anyway.
            for header in response.headers.get_all("Set-Cookie") or ():
                jar = SimpleCookie()
                jar.load(header)
                self.cookies.update({name: morsel.value for name, morsel in jar.items()})
            return response.status, text
        finally:
            connection.close()

    def failed_logins(self, how_many: int, barrier: threading.Barrier) -> list[int]:
        status, page = self.request("GET", "/login")
        assert status == 200
        token = CSRF.search(page).group(1)
        barrier.wait(timeout=120)
        form = {"csrf_token": token, "email": ACCOUNT, "password": "not the password"}
        return [self.request("POST", "/login", form)[0] for _ in range(how_many)]


@pytest.fixture(scope="module")
def server_and_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("throttle")
    with fresh.empty_database(folder, "throttle") as url:
        app = fresh.make_app(url)
        fresh.migrate_with_taxonomy_and_users(app)
        fresh.dispose(app)
        server = LiveServer(url, folder / "gunicorn.log",
                            environment={"GUNICORN_CMD_ARGS": f"--access-logformat "
                                                              f"'{ACCESS_FORMAT}'"})
        server.start()
        try:
            yield server, app
        finally:
            server.stop()
            fresh.dispose(app)


def test_failed_logins_are_limited_in_total_across_two_workers(server_and_app):
    server, app = server_and_app
    browsers = [Browser(server.url) for _ in range(CONNECTIONS)]
    barrier = threading.Barrier(CONNECTIONS)
    with ThreadPoolExecutor(max_workers=CONNECTIONS) as pool:
        answers = [status for statuses in pool.map(
            lambda browser: browser.failed_logins(ATTEMPTS_PER_CONNECTION, barrier), browsers)
            for status in statuses]

    limit = Config.LOGIN_MAX_FAILURES_PER_ACCOUNT
    assert sorted(answers) == [401] * limit + [429] * (len(answers) - limit), server.log_tail()
    with app.app_context():
        recorded = db.session.scalar(select(func.count()).select_from(LoginAttempt)
                                     .where(LoginAttempt.email == ACCOUNT))
    assert recorded == limit

    # Now even the right password waits, from an address that is not a usual one.
    status, page = browsers[0].request("POST", "/login", {
        "csrf_token": CSRF.search(browsers[0].request("GET", "/login")[1]).group(1),
        "email": ACCOUNT, "password": TEST_PASSWORD})
    assert status == 429
    assert "Te veel mislukte pogingen." in page

    server.stop()  # the whole access log is written
    served = [(int(pid), int(code)) for pid, method, code in
              ACCESS_LINE.findall(server.log_path.read_text()) if method == "POST"]
    assert len(served) == len(answers) + 1
    assert len({pid for pid, _code in served}) == 2, "both workers answered failed logins"
