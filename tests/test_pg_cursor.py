"""PostgreSQL cursors describe their results lazily (``marketplace/pg_cursor.py``), and
what they describe is what psycopg's own cursor says, column for column. PostgreSQL
only (the CI PostgreSQL pass runs these)."""

from __future__ import annotations

import psycopg
import pytest

from marketplace.extensions import db
from marketplace.pg_cursor import LazilyDescribedCursor, LazyDescription
from tests import databases

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(databases.chosen_backend() != "postgresql",
                       reason="a PostgreSQL cursor (the PostgreSQL pass runs these)"),
]

STATEMENTS = (
    "SELECT id, email, name, is_active, created_at FROM user_account ORDER BY id",
    "SELECT 1 AS one, 'x'::varchar(7) AS short, 2.5::numeric(6, 2) AS money, NULL",
    "SELECT count(*), array_agg(id) FROM user_account",
    "SELECT ;",
)


def _raw():
    return db.session.connection().connection.dbapi_connection


def _columns(description) -> list[tuple]:
    return [tuple(column) for column in description]


def test_the_sites_connections_use_the_lazy_cursor(app):
    assert isinstance(_raw().cursor(), LazilyDescribedCursor)


@pytest.mark.parametrize("statement", STATEMENTS)
def test_a_lazy_description_is_psycopgs_own(app, statement):
    raw = _raw()
    lazy, plain = raw.cursor(), psycopg.Cursor(raw)
    lazy.execute(statement)
    plain.execute(statement)
    assert isinstance(lazy.description, LazyDescription)
    assert len(lazy.description) == len(plain.description)
    assert _columns(lazy.description) == _columns(plain.description)
    assert [column.name for column in lazy.description] == \
        [column.name for column in plain.description]
    assert _columns(lazy.description[-1:]) == _columns(plain.description[-1:])


def test_a_statement_without_rows_has_no_description(app):
    cursor = _raw().cursor()
    cursor.execute("UPDATE user_account SET name = name WHERE id = -1")
    assert cursor.description is None


def test_a_description_keeps_describing_its_own_result(app):
    cursor = _raw().cursor()
    cursor.execute("SELECT 1 AS first_one, 2 AS second_one")
    description = cursor.description
    cursor.execute("SELECT 'other' AS other")
    assert [column.name for column in description] == ["first_one", "second_one"]
    assert [column.name for column in cursor.description] == ["other"]
