"""PostgreSQL keeps the site's prepared statements from one request to the next, and a
transaction that wrote still rolls back.

psycopg forgets every prepared statement on ROLLBACK, and every request that only read
ended with one, so PostgreSQL planned each statement afresh on every page. Now a
transaction that only read ends with COMMIT (``database.keep_prepared_statements``).
These tests commit for real, in a database of their own. PostgreSQL only: SQLite has no
prepared statements to keep (the CI PostgreSQL pass runs these).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.extensions import db
from tests import fresh
from tests.conftest import USER_SPECS, login

pytestmark = pytest.mark.postgres_only

COACH_EMAIL = next(spec.email for spec in USER_SPECS if spec.key == "coach_a")


@pytest.fixture(autouse=True)
def db_session():
    """The requests commit for real, in ``committed_app``'s own database."""
    yield None


@pytest.fixture(scope="module")
def committed_app(tmp_path_factory):
    with fresh.committed_postgres_app(
        tmp_path_factory.mktemp("prepared"),
        "prepared statements are PostgreSQL's (the PostgreSQL pass runs this)",
    ) as app:
        yield app


def prepared_statements(app) -> list[tuple[str, int]]:
    """The statements prepared on the pool's connection, with their generic plan counts.
    The requests ran one after another, so the pool holds that one connection."""
    with app.app_context(), db.engine.connect() as connection:
        return connection.execute(text(
            "SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements"
        )).all()


def coach_name(app) -> str:
    with app.app_context(), Session(db.engine) as session:
        return session.scalar(select(User.name).where(User.email == COACH_EMAIL))


def test_pages_that_only_read_keep_their_prepared_statements(committed_app):
    client = committed_app.test_client()
    assert login(client, "coach_a").status_code == 302
    for _ in range(12):
        assert client.get("/candidates/").status_code == 200
    kept = prepared_statements(committed_app)
    # psycopg prepares on the fifth run: the caseload's statements ran seven times more.
    assert any("FROM candidate" in statement and runs >= 7 for statement, runs in kept)


def test_a_transaction_that_wrote_still_rolls_back(committed_app):
    before = coach_name(committed_app)
    with committed_app.app_context(), Session(db.engine) as session:
        session.execute(update(User).where(User.email == COACH_EMAIL).values(name="Gewist"))
        session.scalar(select(User.name).where(User.email == COACH_EMAIL))
        session.rollback()
    with committed_app.app_context(), Session(db.engine) as session:
        session.execute(update(User).where(User.email == COACH_EMAIL).values(name="Gewist"))
        # closed without a commit: the pool's reset rolls it back
    assert coach_name(committed_app) == before


def test_a_failed_read_rolls_back_cleanly(committed_app):
    with committed_app.app_context(), Session(db.engine) as session:
        with pytest.raises(DataError):
            session.execute(text("SELECT 1 / 0"))
        session.rollback()
        assert session.scalar(text("SELECT 2")) == 2
