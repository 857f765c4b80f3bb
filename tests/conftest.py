"""Fixtures: an app on a migrated database with the real taxonomy, a rolled-back
session per test, a client, and users of every role in two organisations each."""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import flask_migrate
import pytest
from flask.testing import FlaskClient
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy import orm, select

from marketplace.accounts.models import Organisation, User
from marketplace.app import create_app
from marketplace.config import TestConfig
from marketplace.db_types import local_today
from marketplace.extensions import db as _db
from marketplace.matching.operations import forget_prepared_data
from marketplace.taxonomy.loader import load_taxonomy
from tests import databases
from tests.factories import TEST_PASSWORD, make_organisation, make_user

#: ``simultaneous_app``: a committed PostgreSQL app for races between requests;
#: ``matrix_context``: the records the access matrix and the security walks try.
pytest_plugins = ["tests.simultaneous", "tests.access_matrix_context"]

#: Module-scoped fixtures that build data in a ``shared_connection``: a test that uses
#: one has it built before its own transaction begins.
MODULE_DATA_FIXTURES = ("matrix_data",)


@dataclass(frozen=True)
class UserSpec:
    key: str
    email: str
    role: str
    organisation: str


ORGANISATION_SPECS = {
    "admin_body": ("Partnership office", "admin", None, "2000"),
    "employer_a": ("Employer A Logistics", "employer", "H", "2030"),
    "employer_b": ("Employer B Care", "employer", "Q", "2100"),
    "partner_a": ("Partner A Coaching", "partner", None, "2000"),
    "partner_b": ("Partner B Integration", "partner", None, "2060"),
    "federation": ("Federation Logistics", "federation", "H", "2030"),
    "provider": ("Provider Courses Antwerp", "training_provider", None, "2030"),
}

USER_SPECS = (
    UserSpec("admin", "admin@test.example", "admin", "admin_body"),
    UserSpec("employer_a", "employer.a@test.example", "employer", "employer_a"),
    UserSpec("employer_b", "employer.b@test.example", "employer", "employer_b"),
    UserSpec("coach_a", "coach.a@test.example", "coach", "partner_a"),
    UserSpec("coach_b", "coach.b@test.example", "coach", "partner_b"),
    UserSpec("analyst", "analyst@test.example", "analyst", "federation"),
    # A training provider's user: the employer role, in an organisation that offers
    # only training courses (not a column of the access matrix: the security walks
    # try it as another organisation's employer).
    UserSpec("provider", "provider@test.example", "employer", "provider"),
)

#: The roles of the access matrix, in the order its tables list them.
MATRIX_ROLES = ("anonymous", "admin", "employer_a", "employer_b", "coach_a", "coach_b", "analyst")


def pytest_report_header(config):
    return f"database: {databases.chosen_backend()}"


#: Written by the browser tests (tests/browser/conftest.py), possibly on an xdist worker;
#: printed here, by the process that prints the summary.
BROWSER_TIMING = Path(__file__).resolve().parent.parent / "test-artifacts" / "browser-timing.txt"


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):  # the main process, before any worker
        BROWSER_TIMING.unlink(missing_ok=True)


def pytest_terminal_summary(terminalreporter):
    if BROWSER_TIMING.exists():
        terminalreporter.write_line(BROWSER_TIMING.read_text().strip())


#: The browser tests share one server and one Chromium, so under pytest-xdist they go to
#: one worker as one unit. (``--dist loadgroup`` with ``xdist_group`` would say this,
#: but it no longer groups on pytest 9.2: pytest-xdist issue 1386.)
BROWSER_TESTS = "tests/browser/"
#: The two-host tests share their processes (and one Redis database): one unit too.
HOSTS_TESTS = "tests/hosts/"
#: Modules whose tests share a costly module-scoped fixture (the backup tests' demo
#: database and its dump): one unit each, so one worker builds it, not both.
MODULE_UNITS = ("tests/test_backup.py",)


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, when it is there
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "load":
        return None  # another distribution was asked for: xdist's own
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        """Every test is its own unit, as with ``--dist load``, except the browser tests,
        the two-host tests and each of ``MODULE_UNITS``, which are one unit each; the
        browser unit is handed out first, being the longest."""

        def _split_scope(self, nodeid: str) -> str:
            for group in (BROWSER_TESTS, HOSTS_TESTS, *MODULE_UNITS):
                if nodeid.startswith(group):
                    return group
            return nodeid

    return BrowserTestsTogether(config, log)


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own app context, as in production.

    Without this, a request made while a test holds an app context would share that
    context's ``g`` (the logged-in user) and database session with the test.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


def make_test_settings(**overrides) -> dict:
    """TestConfig as a dict, with ``overrides``."""
    settings = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    settings.update(overrides)
    return settings


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    if databases.chosen_backend() == "postgresql":
        databases.require_postgres()
        url, name = databases.create_postgres_database()
        yield url
        databases.drop_postgres_database(name)
    else:
        path = tmp_path_factory.mktemp("db") / "werkbrug-test.sqlite"
        yield f"sqlite:///{path}"


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    # Candidate pool snapshots in a directory of this session's own (xdist workers and
    # runs on either database never meet).
    pool_dir = str(tmp_path_factory.mktemp("instance") / "pool")
    app = create_app(make_test_settings(SQLALCHEMY_DATABASE_URI=database_url,
                                        CANDIDATE_POOL_DIR=pool_dir))
    app.test_client_class = IsolatedClient
    with app.app_context():
        flask_migrate.upgrade()
        load_taxonomy()
        _create_test_users()
        _db.session.commit()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


def _create_test_users():
    organisations = {
        key: make_organisation(name=name, kind=kind, sector=sector, postcode=postcode)
        for key, (name, kind, sector, postcode) in ORGANISATION_SPECS.items()
    }
    for spec in USER_SPECS:
        make_user(organisations[spec.organisation], role=spec.role, email=spec.email,
                  name=spec.key.replace("_", " ").title())


@contextmanager
def session_on(connection):
    """``db.session`` bound to ``connection`` while the block runs: code that commits
    only releases a savepoint, so whoever holds the connection's transaction decides
    what stays."""
    original = _db.session
    _db.session = orm.scoped_session(
        orm.sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),
        scopefunc=_app_ctx_id,
    )
    try:
        yield _db.session
    finally:
        try:
            _db.session.remove()
        finally:  # put back even when closing fails: else later apps got this connection
            _db.session = original


#: The app's own ``db.session``, which ``session_on`` replaces while a test runs.
_PRISTINE_SESSION = _db.session


@pytest.fixture(autouse=True)
def _pristine_session():
    """Each test leaves ``db.session`` as it found it. One left bound to a test's
    connection would reach every later test that makes an app of its own (a fresh
    database, a command) as "This Connection is closed", far from the cause: the test
    that left it fails here instead, and the next ones start clean."""
    yield
    left = _db.session
    _db.session = _PRISTINE_SESSION
    assert left is _PRISTINE_SESSION, "db.session was left bound to a test's connection"


#: The connection of the module data now built (``shared_connection``), or None.
_SHARED = {"connection": None}


@contextmanager
def shared_connection(app):
    """A connection whose transaction lasts while the block runs, for data that every
    test of a module reads (``tests/access_matrix_context.py``'s ``matrix_data``): the
    data is built once in it, and each test of the module then runs in a savepoint of
    it (``db_session``), so what a test changes is rolled back and the data stays for
    the next. Leaving the block rolls the data back too."""
    with app.app_context():
        connection = _db.engine.connect()
    transaction = connection.begin()
    _SHARED["connection"] = connection
    try:
        yield connection
    finally:
        _SHARED["connection"] = None
        transaction.rollback()
        connection.close()
        forget_prepared_data(keep_taxonomy=True)


@pytest.fixture(autouse=True)
def db_session(request, app):
    """Run each test in a transaction that is rolled back afterwards.

    Code under test commits as usual; those commits only release savepoints. While a
    module's shared data is alive (``shared_connection``), every test of the module
    runs in a savepoint of its connection: another connection would wait on its lock.
    """
    for name in MODULE_DATA_FIXTURES:  # built before the test's own savepoint begins
        if name in request.fixturenames:
            request.getfixturevalue(name)
    with app.app_context():
        shared = _SHARED["connection"]
        connection = shared if shared is not None else _db.engine.connect()
        transaction = connection.begin_nested() if shared is not None else connection.begin()
        try:
            with session_on(connection) as session:
                yield session
        finally:
            transaction.rollback()
            if shared is None:
                connection.close()
            # The rollback returns the data stamps to earlier values, which the next
            # test's writes reach again with other rows: drop what was built on them.
            forget_prepared_data(keep_taxonomy=True)


@pytest.fixture(autouse=True)
def job_queue(app):
    """The job queue runs jobs at once, in the test app: a test that made another app
    (with other settings) pointed the one queue elsewhere."""
    from marketplace.jobs.queue import configure_queue, huey

    configure_queue(app)
    return huey


@pytest.fixture(autouse=True)
def _module_dates(request):
    """A test module's dates counted from today, set before each of its tests when the
    module has ``module_dates(today) -> {name: value}``. Computed once at import, they
    would be yesterday's in a run that passes Belgian midnight, while the app counts
    from today. Set, not monkeypatched: an autouse ``monkeypatch`` would be undone after
    ``db_session``, and put back a test's own ``db.session`` that it replaced."""
    dates_of = getattr(request.module, "module_dates", None)
    if dates_of is not None:
        for name, value in dates_of(local_today()).items():
            setattr(request.module, name, value)


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


def users_by_key() -> dict[str, User]:
    """The test users by key (admin, employer_a, employer_b, coach_a, coach_b, analyst,
    provider), in the current session."""
    found = {u.email: u for u in _db.session.scalars(select(User))}
    return {spec.key: found[spec.email] for spec in USER_SPECS}


def organisations_by_key() -> dict[str, Organisation]:
    """The test organisations by the keys of ``ORGANISATION_SPECS``."""
    by_name = {o.name: o for o in _db.session.scalars(select(Organisation))}
    return {key: by_name[name] for key, (name, *_rest) in ORGANISATION_SPECS.items()}


@pytest.fixture
def users(app_ctx):
    return users_by_key()


@pytest.fixture
def organisations(app_ctx):
    return organisations_by_key()


def login(client, key_or_email: str, password: str = TEST_PASSWORD):
    """Log the client in through the real login form; returns the response."""
    email = next((s.email for s in USER_SPECS if s.key == key_or_email), key_or_email)
    return client.post("/login", data={"email": email, "password": password})


@pytest.fixture
def login_as(client):
    """``login_as("coach_a")`` logs the test client in as that test user."""

    def _login(key: str):
        response = login(client, key)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return _login
