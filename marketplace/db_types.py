"""Column types and SQL that behave the same on SQLite and PostgreSQL (also which unique
constraint an IntegrityError broke), and the site's clock: the current moment in UTC and
the Belgian calendar day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Date, DateTime, String
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement, ReturnTypeFromArgs
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import TypeDecorator


def breaks_unique(error: IntegrityError, name: str, *columns: str) -> bool:
    """Whether ``error`` is the unique constraint or index ``name`` (a simultaneous
    insert of the same values lost the race), not some other rule. PostgreSQL names
    the constraint; SQLite names its columns (``"proposal.candidate_id",
    "proposal.opportunity_id"``), or the index when it is on an expression (a name in
    lower case: no ``columns``)."""
    constraint = getattr(getattr(error.orig, "diag", None), "constraint_name", None)
    if constraint is not None:
        return constraint == name
    failed = ", ".join(columns) if columns else f"index '{name}'"
    return str(error.orig) == f"UNIQUE constraint failed: {failed}"


def breaks_unique_column(error: IntegrityError, table: str, column: str) -> bool:
    """``breaks_unique`` of the unique column ``table.column`` (its constraint named
    ``uq_<table>_<column>`` by the naming convention)."""
    return breaks_unique(error, f"uq_{table}_{column}", f"{table}.{column}")


def sql_in(column: str, values) -> str:
    """SQL for a check constraint: ``column`` takes one of ``values`` (enum members)."""
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


#: The zone of the site's calendar days (closing dates, report periods, months).
LOCAL_ZONE = "Europe/Brussels"

try:
    _BRUSSELS = ZoneInfo(LOCAL_ZONE)
except ZoneInfoNotFoundError:  # a system without time zone data: UTC is close enough
    _BRUSSELS = None


def local_date(moment: datetime) -> date:
    """The Belgian calendar day of an aware ``moment``: closing dates, birth dates and
    "today" in forms are Belgian days, not the server's."""
    return (moment.astimezone(_BRUSSELS) if _BRUSSELS else moment).date()


def stored_local_month(stored: str | None) -> str | None:
    """The Belgian month (``'YYYY-MM'``) of a moment as SQLite stores it (UTC text,
    ``'2024-03-31 22:30:00.000000'``): SQLite knows no time zones, so the database
    module gives it this function (``year_month``)."""
    if stored is None:
        return None
    moment = datetime.fromisoformat(stored).replace(tzinfo=UTC)
    return local_date(moment).strftime("%Y-%m")


#: The SQLite functions that give the Belgian day and month of a stored moment
#: (``local_day``, ``year_month``): the database module registers them.
SQLITE_LOCAL_DAY = "local_day"
SQLITE_LOCAL_MONTH = "local_month"


def stored_local_day(stored: str | None) -> str | None:
    """The Belgian calendar day (``'YYYY-MM-DD'``) of a moment as SQLite stores it (UTC
    text): the database module gives SQLite this function for ``local_day``."""
    if stored is None:
        return None
    moment = datetime.fromisoformat(stored).replace(tzinfo=UTC)
    return local_date(moment).isoformat()


def local_midnight(day: date) -> datetime:
    """The moment (UTC) a Belgian calendar day begins."""
    start = datetime.combine(day, time(0), tzinfo=_BRUSSELS or UTC)
    return start.astimezone(UTC)


def local_today() -> date:
    """Today in Belgium (from 23:00 or 22:00 UTC it is already tomorrow there)."""
    return local_date(utcnow())


def utcnow() -> datetime:
    """The current moment, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, hands back aware UTC datetimes; refuses naive input.

    SQLite keeps no time zone, so storing naive UTC everywhere makes comparisons and
    ordering identical on both databases.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs a timezone-aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class AmongIds(ColumnElement):
    """``column`` is one of the ids ``ids`` (a one-column select) returns.

    Written ``column IN (SELECT ...)`` everywhere but PostgreSQL, which there plans a
    join of both tables from its estimates of each: for "the proposals waiting for one
    employer" it misjudged how many of an employer's opportunities have one waiting
    and scanned every open proposal (2-4 ms). ``column = ANY(ARRAY(SELECT ...))`` runs
    the select once and looks each id up in ``column``'s index (0.5 ms)."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement),
                           ("ids", InternalTraversal.dp_clauseelement)]

    def __init__(self, column, ids):
        self.column = column
        self.ids = ids.scalar_subquery()


@compiles(AmongIds)
def _among_ids(element, compiler, **kw):
    return f"{compiler.process(element.column, **kw)} IN {compiler.process(element.ids, **kw)}"


@compiles(AmongIds, "postgresql")
def _among_ids_postgresql(element, compiler, **kw):
    return (f"{compiler.process(element.column, **kw)} = "
            f"ANY(ARRAY{compiler.process(element.ids, **kw)})")


class greatest(ReturnTypeFromArgs):  # reads like the SQL function it is
    """The largest of its arguments, of the first one's type: PostgreSQL's
    ``greatest()``, SQLite's ``max()`` of several arguments. Give it no NULL (coalesce
    what may be one): PostgreSQL passes over a NULL, SQLite answers NULL."""

    inherit_cache = True


@compiles(greatest, "sqlite")
def _greatest_sqlite(element, compiler, **kw):
    return f"max({compiler.process(element.clauses, **kw)})"


class local_day(FunctionElement):  # reads like the SQL function it is
    """In SQL, the Belgian calendar day of a stored (UTC) moment, as ``local_date`` is
    in Python: 23:30 UTC is already the next day in Antwerp. Days kept this way agree
    with periods bounded by ``local_midnight``."""

    type = Date()
    inherit_cache = True
    name = "local_day"


def _belgian_wall_time(element, compiler, **kw) -> str:
    # The column holds UTC without a zone: read it as UTC, then as Belgian wall time.
    moment = compiler.process(element.clauses, **kw)
    return f"({moment}) AT TIME ZONE 'UTC' AT TIME ZONE '{LOCAL_ZONE}'"


@compiles(local_day)
def _local_day_default(element, compiler, **kw):
    return f"CAST({_belgian_wall_time(element, compiler, **kw)} AS DATE)"


@compiles(local_day, "sqlite")
def _local_day_sqlite(element, compiler, **kw):
    # SQLite has no time zones: a Python function the database module gives it.
    return f"{SQLITE_LOCAL_DAY}({compiler.process(element.clauses, **kw)})"


class year_month(FunctionElement):  # reads like the SQL function it is
    """The Belgian month of a stored moment as ``'YYYY-MM'`` text, for monthly
    ``GROUP BY`` (22:30 UTC on 31 March is already April in Antwerp)."""

    type = String()
    inherit_cache = True
    name = "year_month"


@compiles(year_month)
def _year_month_default(element, compiler, **kw):
    return f"to_char({_belgian_wall_time(element, compiler, **kw)}, 'YYYY-MM')"


@compiles(year_month, "sqlite")
def _year_month_sqlite(element, compiler, **kw):
    return f"{SQLITE_LOCAL_MONTH}({compiler.process(element.clauses, **kw)})"
