"""The real app under gunicorn on a fresh, committed database, and plain HTTP visitors
for it: for tests of what only several processes at once can show (the login throttle
across workers, simultaneous saves).

``live_server`` makes a new database of the run's backend (``tests/fresh.py``) with the
taxonomy and the test users, lets the test add its own data, and starts gunicorn on it
(``tests/browser/server.py``: production configuration, CSRF on, two workers unless the
environment says otherwise). ``Visitor`` is one person with their own cookies, speaking
HTTP directly, so that many can send at the same moment from threads.
"""

from __future__ import annotations

import http.client
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from flask import Flask

from tests import fresh
from tests.browser.server import LiveServer
from tests.conftest import TEST_PASSWORD, USER_SPECS

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@contextmanager
def live_server(
    folder: Path,
    name: str,
    environment: dict[str, str] | None = None,
    prepare: Callable[[Flask], None] | None = None,
) -> Iterator[tuple[LiveServer, Flask]]:
    """gunicorn on a fresh database with the taxonomy, the test users and whatever
    ``prepare(app)`` commits; yields the server and an app on the same database (for
    looking at what the requests wrote)."""
    with fresh.migrated_database(folder, name) as url:
        app = fresh.make_app(url)
        if prepare is not None:
            prepare(app)
        fresh.dispose(app)
        server = LiveServer(url, folder / "gunicorn.log", environment=dict(environment or {}))
        server.start()
        try:
            yield server, app
        finally:
            server.stop()
            fresh.dispose(app)


class Visitor:
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
            body = urlencode(form, doseq=True)
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

    def token(self, path: str) -> str:
        """The CSRF token of the form on the page at ``path``."""
        status, page = self.request("GET", path)
        assert status == 200, f"GET {path}: {status}"
        return CSRF.search(page).group(1)

    def log_in(self, key: str) -> Visitor:
        """Log in as the test user ``key`` (coach_a, employer_a, ...)."""
        email = next(spec.email for spec in USER_SPECS if spec.key == key)
        status, _page = self.request(
            "POST",
            "/login",
            {"csrf_token": self.token("/login"), "email": email, "password": TEST_PASSWORD},
        )
        assert status == 302, f"logging in as {key}: {status}"
        return self
