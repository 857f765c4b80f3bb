"""A transaction that read before another one committed can still write (SQLite used to
answer "database is locked" at once), and on SQLite a request that saves holds the
write lock from its first statement (``marketplace/database.py``).

Two sessions on one fresh, committed database: the outer app context's, and a nested
app context's (another session, another connection).
"""

from __future__ import annotations

import flask_migrate
import pytest
from sqlalchemy.exc import OperationalError

from marketplace.data_versions import DataVersion, current_version
from marketplace.extensions import db
from marketplace.security import public
from tests import databases, fresh


@pytest.fixture(autouse=True)
def db_session():
    """The sessions here commit for real, in ``committed_app``'s own database."""
    yield None


@pytest.fixture(scope="module")
def committed_app(tmp_path_factory):
    with fresh.empty_database(tmp_path_factory.mktemp("lock"), "lock") as url:
        app = fresh.make_app(url)
        with app.app_context():
            flask_migrate.upgrade()
        yield app
        fresh.dispose(app)


def _stamp_elsewhere(app, name: str) -> None:
    """Another connection writes and commits."""
    with app.app_context():
        db.session.add(DataVersion(name=name, version=1))
        db.session.commit()


@pytest.mark.parametrize("where", ["command", "GET request"])
def test_a_transaction_that_read_before_another_commit_still_writes(committed_app, where):
    app = committed_app
    context = app.app_context() if where == "command" else app.test_request_context()
    with context:
        assert current_version(f"read {where}") == 0  # the transaction has read
        _stamp_elsewhere(app, f"other {where}")
        db.session.add(DataVersion(name=f"own {where}", version=1))
        db.session.commit()
        assert current_version(f"other {where}") == 1  # and it now sees the other commit


def test_a_request_that_saves_holds_the_write_lock_from_its_first_read(committed_app):
    if databases.chosen_backend() != "sqlite":
        pytest.skip("SQLite's single write lock; PostgreSQL locks rows")
    impatient = fresh.make_app(
        committed_app.config["SQLALCHEMY_DATABASE_URI"], SQLITE_BUSY_TIMEOUT_MS=0
    )
    try:
        with committed_app.test_request_context(method="POST"):
            current_version("posted")
            with pytest.raises(OperationalError, match="database is locked"):
                _stamp_elsewhere(impatient, "while the request saves")
            db.session.rollback()
        _stamp_elsewhere(impatient, "after the request")
    finally:
        fresh.dispose(impatient)


def test_a_save_that_finds_the_database_locked_gets_a_busy_page_not_a_500(committed_app):
    """When the write lock stays taken for the whole busy timeout, the person is told
    nothing was saved and to try again (503 with Retry-After), in their language."""
    if databases.chosen_backend() != "sqlite":
        pytest.skip("SQLite's single write lock; PostgreSQL locks rows")
    impatient = fresh.make_app(
        committed_app.config["SQLALCHEMY_DATABASE_URI"], SQLITE_BUSY_TIMEOUT_MS=0
    )

    @impatient.post("/test-only/save")
    @public
    def _save():
        db.session.add(DataVersion(name="impatient save", version=1))
        db.session.commit()
        return "saved"

    try:
        with committed_app.test_request_context(method="POST"):
            current_version("holding the lock")
            response = impatient.test_client().post(
                "/test-only/save", headers={"Accept-Language": "nl"}
            )
            db.session.rollback()
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "5"
        assert "Er is niets bewaard" in response.get_data(as_text=True)
        with impatient.app_context():
            assert current_version("impatient save") == 0
    finally:
        fresh.dispose(impatient)
