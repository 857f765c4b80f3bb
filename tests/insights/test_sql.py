"""The SQL helpers that differ per database, on the database the suite runs on (the
suite runs on SQLite and on PostgreSQL), and as each dialect writes them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import column, select
from sqlalchemy.dialects import postgresql, sqlite

from marketplace.db_types import year_month
from marketplace.extensions import db
from marketplace.insights.sql import days_between
from marketplace.opportunities.models import Opportunity


def test_each_dialect_writes_its_own_month_and_day_arithmetic():
    query = select(year_month(column("a")), days_between(column("a"), column("b")))
    on_sqlite = str(query.compile(dialect=sqlite.dialect()))
    on_postgresql = str(query.compile(dialect=postgresql.dialect()))
    assert "local_month(a)" in on_sqlite and "julianday(b) - julianday(a)" in on_sqlite
    assert ("to_char((a) AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Brussels', 'YYYY-MM')"
            in on_postgresql and "EPOCH FROM (b - a)" in on_postgresql)


def test_month_and_days_between_on_the_database(make_opportunities):
    [opportunity] = make_opportunities(
        1,
        published_at=datetime(2025, 12, 31, 22, 30, tzinfo=UTC),
        status="filled",
        filled_at=datetime(2026, 1, 3, 10, 30, tzinfo=UTC),
    )
    month, days, filled_month = db.session.execute(
        select(
            year_month(Opportunity.published_at),
            days_between(Opportunity.published_at, Opportunity.filled_at),
            year_month(Opportunity.filled_at),
        ).where(Opportunity.id == opportunity.id)
    ).one()
    # 23:30 on New Year's Eve in Antwerp: still December.
    assert month == "2025-12" and filled_month == "2026-01"
    assert abs(days - 2.5) < 1e-6


def test_month_groups_rows_on_the_database(make_opportunities):
    make_opportunities(2, published_at=datetime(2024, 3, 5, tzinfo=UTC), title="Maart")
    make_opportunities(3, published_at=datetime(2024, 4, 25, tzinfo=UTC), title="April")
    month = year_month(Opportunity.published_at)
    rows = db.session.execute(
        select(month, db.func.count())
        .where(Opportunity.published_at < datetime(2024, 12, 1, tzinfo=UTC))
        .group_by(month)
        .order_by(month)
    ).all()
    assert [tuple(row) for row in rows] == [("2024-03", 2), ("2024-04", 3)]
