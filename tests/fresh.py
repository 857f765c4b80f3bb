"""Fresh databases whose data is really committed, for tests that need other
connections (threads, processes, a restore) to see it.

The usual ``app`` fixture runs every test inside a transaction that is rolled back, so
nothing it writes is visible to a second connection. These helpers make a new empty
database of the backend the run uses (a file for SQLite, a new database on the server
for PostgreSQL) and an app on it; tests using them override the autouse ``db_session``
fixture so that ``db.session`` stays the app's own.
"""

from __future__ import annotations

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


def migrate_with_taxonomy_and_users(app: Flask) -> None:
    """Build the schema, load the real taxonomy and the test users (as ``app`` does)."""
    with app.app_context():
        flask_migrate.upgrade()
        load_taxonomy()
        _create_test_users()
        db.session.commit()


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
    with empty_database(folder) as url:
        app = make_app(url, **settings)
        migrate_with_taxonomy_and_users(app)
        yield app
        dispose(app)
