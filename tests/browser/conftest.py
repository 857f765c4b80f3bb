"""Fixtures of the browser tests: the real app on a fresh database, one Chromium, and
visitors of every role.

* ``live_server``: gunicorn (2 workers, production settings, CSRF on, no SMTP) on a free
  127.0.0.1 port, on a new SQLite database with migrations, taxonomy and demo data.
* ``browser``: Debian's Chromium driven by Playwright, one per session.
* ``browse(role=None, lang="nl", width=1280, javascript=True)``: a ``Visitor`` (see
  visitor.py) on the role's home page in that language, logged in as the demo user of
  that role through the real login form (once per role; later contexts reuse the
  cookies). Every page a visitor reaches must be checked before the test ends.

The browser tests run in the SQLite pass only (the PostgreSQL pass skips them) and,
under pytest-xdist, all on one worker: one server and one browser for all of them.
Outside CI a missing Chromium skips them with the reason; in CI (``CI=true``) it fails
them.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from marketplace.demo.accounts import DEMO_PASSWORD, USERS
from tests import databases
from tests.browser.checks import AXE_PATH
from tests.browser.server import ROOT, LiveServer, prepare_database
from tests.browser.visitor import Visitor
from tests.conftest import BROWSER_TIMING

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BROWSER_DIR = Path(__file__).parent
ARTIFACTS = ROOT / "test-artifacts"
WIDTHS = {"desktop": 1280, "phone": 375}
ROLES = ("anonymous", "admin", "employer", "coach", "analyst")

#: The demo user who plays each role (the first demo user with it).
DEMO_EMAIL = {role: next(u.email for u in USERS if u.role == role) for role in ROLES[1:]}


def pytest_itemcollected(item):
    """Mark every browser test (under xdist they share one worker: see
    ``pytest_xdist_make_scheduler`` in tests/conftest.py)."""
    if BROWSER_DIR not in item.path.parents:
        return
    item.add_marker(pytest.mark.browser)
    if databases.chosen_backend() != "sqlite":
        item.add_marker(pytest.mark.skip(reason="browser tests run in the SQLite pass only"))


def _missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return (
            f"Chromium is not installed at {CHROMIUM}: "
            "apt-get install -y chromium chromium-driver"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: pip install -e '.[test]'"
    return None


@pytest.fixture(autouse=True)
def db_session():
    """The browser tests talk to a server over HTTP: no rolled-back test session here."""
    yield None


@pytest.fixture(scope="session")
def browser_timing():
    """Time the browser tests: from starting the server to closing the browser."""
    timing = {"start": time.monotonic(), "tests": 0}
    yield timing
    total = time.monotonic() - timing["start"]
    line = (
        f"browser tests: {timing['tests']} tests in {total:.1f} s "
        f"(of which {timing.get('setup', 0.0):.1f} s to build the database and start "
        "the server and Chromium)"
    )
    BROWSER_TIMING.parent.mkdir(exist_ok=True)
    BROWSER_TIMING.write_text(line + "\n")


@pytest.fixture(autouse=True)
def _count_browser_test(browser_timing):
    browser_timing["tests"] += 1


@pytest.fixture(scope="session")
def browser_available():
    """Skip (outside CI) or fail (in CI) when Chromium or Playwright is missing."""
    reason = _missing_browser()
    if reason is not None:
        if databases.in_ci():
            pytest.fail(f"CI runs the browser tests. {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def live_server(browser_available, tmp_path_factory, browser_timing):
    database_url, app = prepare_database(tmp_path_factory.mktemp("browser") / "werkbrug.sqlite")
    server = LiveServer(database_url, ARTIFACTS / "browser-server.log")
    server.start()
    server.app = app
    yield server
    server.stop()
    from marketplace.extensions import db

    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser(browser_available, browser_timing):
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture(scope="session")
def started(live_server, browser, browser_timing):
    """The server and the browser are up; notes how long that took."""
    browser_timing.setdefault("setup", time.monotonic() - browser_timing["start"])


def log_in(page, email: str, password: str) -> None:
    """Log in through the site's login form (in whatever language it shows)."""
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/start"), f"login as {email} failed: {page.url}"


@pytest.fixture(scope="session")
def login_state(browser, live_server, started):
    """``login_state(role)``: the cookies of a demo user of ``role``, logged in once."""
    states: dict[str, dict] = {}

    def _state(role: str) -> dict:
        if role not in states:
            context = browser.new_context(base_url=live_server.url)
            log_in(context.new_page(), DEMO_EMAIL[role], DEMO_PASSWORD)
            states[role] = context.storage_state()
            context.close()
        return states[role]

    return _state


@pytest.fixture
def new_context(browser, live_server, login_state, started):
    """``new_context(role=None, width=1280, javascript=True, axe=True)``: a fresh browser
    context, logged in as ``role``'s demo user when given; closed after the test."""
    contexts = []

    def _new(role: str | None = None, width: int = 1280, javascript: bool = True,
             axe: bool = True):
        logged_in = role not in (None, "anonymous")
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": 900 if width > 600 else 812},
            java_script_enabled=javascript,
            storage_state=login_state(role) if logged_in else None,
        )
        if axe:
            # axe-core is there on every page, ready for check_accessibility; an init
            # script is not subject to the site's Content-Security-Policy. It costs
            # each page about 70 ms, less than loading axe when a check needs it.
            context.add_init_script(path=str(AXE_PATH))
        contexts.append(context)
        return context

    yield _new
    for context in contexts:
        context.close()


@pytest.fixture
def browse(new_context):
    """``browse(role=None, lang="nl", width=1280, javascript=True, accessibility=None)``:
    a Visitor on the role's home page (the landing page when anonymous), in ``lang``,
    already checked. At the end of the test every page a visitor reached must have
    been checked.

    ``accessibility`` (axe-core on every page checked) is by default on in Dutch and
    off in English: a journey run in both languages at one width shows the same
    markup twice, only its words differ, and those get the language check in both.
    ``test_every_page`` runs axe on every page in both languages and at both widths."""
    visitors: list[Visitor] = []

    def _browse(
        role: str | None = None, lang: str = "nl", width: int = 1280, javascript: bool = True,
        accessibility: bool | None = None,
    ) -> Visitor:
        axe = javascript and (lang == "nl" if accessibility is None else accessibility)
        page = new_context(role, width=width, javascript=javascript, axe=axe).new_page()
        visitor = Visitor(page, lang, role, javascript=javascript, accessibility=axe)
        visitors.append(visitor)
        page.goto("/")
        visitor.use_language(lang)
        if visitor.unchecked:
            visitor.check()
        return visitor

    yield _browse
    for visitor in visitors:
        visitor.assert_all_checked()
