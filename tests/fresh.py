"""Fresh databases whose data is really committed, for tests that need other
connections (threads, processes, a restore) to see it.

The usual ``app`` fixture runs every test inside a transaction that is rolled back, so
nothing it writes is visible to a second connection. These helpers make a new database
of the backend the run uses (a file for SQLite, a new database on the server for
PostgreSQL), empty or migrated, and an app on it; tests using them override the autouse
``db_session`` fixture so that ``db.session`` stays the app's own.

A migrated database is a copy of a template each test process builds the first time it
needs one: migrating and loading the taxonomy take 3 s on PostgreSQL and 5 s on SQLite,
a copy about a tenth of a second.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import flask_migrate
import pytest
from flask import Flask

from marketplace.app import create_app
from marketplace.extensions import db
from marketplace.taxonomy.loader import load_taxonomy
from tests import databases
from tests.conftest import IsolatedClient, _create_test_users, make_test_settings


@contextmanager
def empty_database(folder: Path, name: str = "fresh", backend: str | None = None
                   ) -> Iterator[str]:
    """The URL of a new, empty database of ``backend`` (default: the one this run
    uses); dropped afterwards."""
    if (backend or databases.chosen_backend()) == "postgresql":
        databases.require_postgres()
        url, pg_name = databases.create_postgres_database()
        try:
            yield url
        finally:
            databases.drop_postgres_database(pg_name)
    else:
        yield f"sqlite:///{folder / (name + '.sqlite')}"


def make_app(url: str, **settings) -> Flask:
    """The test configuration on ``url``; requests of its client get their own context."""
    app = create_app(make_test_settings(SQLALCHEMY_DATABASE_URI=url, **settings))
    app.test_client_class = IsolatedClient
    return app


@contextmanager
def migrated_database(folder: Path, name: str = "fresh", *, taxonomy: bool = True,
                      users: bool = True, backend: str | None = None) -> Iterator[str]:
    """The URL of a new database of ``backend`` (default: the one this run uses) with
    the schema at head, the real ``taxonomy`` and the test ``users`` (these need the
    taxonomy), all committed; dropped afterwards. A copy of this process's template."""
    backend = backend or databases.chosen_backend()
    template = _template(backend, taxonomy, users and taxonomy)
    if backend == "postgresql":
        url, pg_name = databases.create_postgres_database(template=template)
        try:
            yield url
        finally:
            databases.drop_postgres_database(pg_name)
    else:
        path = folder / (name + ".sqlite")
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"


#: This process's templates by (backend, taxonomy, users): a PostgreSQL database's name
#: or a SQLite file's path.
_TEMPLATES: dict[tuple[str, bool, bool], str] = {}


def _template(backend: str, taxonomy: bool, users: bool) -> str:
    key = (backend, taxonomy, users)
    if key not in _TEMPLATES:
        if backend == "postgresql":
            databases.require_postgres()
            url, name = databases.create_postgres_database()
            atexit.register(databases.drop_postgres_database, name)
        else:
            folder = Path(tempfile.mkdtemp(prefix="werkbrug-template-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            name = str(folder / "template.sqlite")
            url = f"sqlite:///{name}"
        app = make_app(url)
        with app.app_context():
            flask_migrate.upgrade()
            if taxonomy:
                load_taxonomy()
            if users:
                _create_test_users()
            db.session.commit()
        # No connection may stay: PostgreSQL copies only a database nobody uses, and
        # SQLite's last connection folds its write-ahead log into the file.
        dispose(app)
        _TEMPLATES[key] = name
    return _TEMPLATES[key]


def dispose(app: Flask) -> None:
    """Close the app's connections (needed before a PostgreSQL database is dropped)."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@contextmanager
def committed_postgres_app(folder: Path, skip_reason: str, **settings) -> Iterator[Flask]:
    """An app on a fresh PostgreSQL database with the taxonomy and the test users,
    committed for real; the test is skipped (``skip_reason``) in the SQLite run."""
    if databases.chosen_backend() != "postgresql":
        pytest.skip(skip_reason)
    with migrated_database(folder) as url:
        app = make_app(url, **settings)
        yield app
        dispose(app)
