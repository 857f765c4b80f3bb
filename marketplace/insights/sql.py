"""SQL that SQLite and PostgreSQL write differently, one construct each.

``year_month(column)`` is the Belgian month of a stored (UTC) moment as ``'YYYY-MM'``
text, for monthly ``GROUP BY``, so the months agree with the period's Belgian days;
``days_between(start, end)`` is the time between two moments in days (fractional).
Both compile per dialect with SQLAlchemy's ``@compiles``, so queries stay portable and
the difference lives here only.
"""

from __future__ import annotations

from sqlalchemy import Float, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from marketplace.database import SQLITE_LOCAL_MONTH
from marketplace.db_types import LOCAL_ZONE


class year_month(FunctionElement):  # reads like the SQL function it is
    """The Belgian month of a stored moment as ``'YYYY-MM'`` text (22:30 UTC on 31 March
    is already April in Antwerp)."""

    type = String()
    inherit_cache = True
    name = "year_month"


@compiles(year_month)
def _year_month_default(element, compiler, **kw):
    # The column holds UTC without a zone: read it as UTC, then as Belgian wall time.
    moment = compiler.process(element.clauses, **kw)
    return f"to_char(({moment}) AT TIME ZONE 'UTC' AT TIME ZONE '{LOCAL_ZONE}', 'YYYY-MM')"


@compiles(year_month, "sqlite")
def _year_month_sqlite(element, compiler, **kw):
    # A Python function the database module gives every SQLite connection.
    return f"{SQLITE_LOCAL_MONTH}({compiler.process(element.clauses, **kw)})"


class days_between(FunctionElement):  # reads like the SQL function it is
    """Days from the first moment to the second, with the fraction of a day."""

    type = Float()
    inherit_cache = True
    name = "days_between"


def _two(element, compiler, **kw) -> tuple[str, str]:
    start, end = list(element.clauses)
    return compiler.process(start, **kw), compiler.process(end, **kw)


@compiles(days_between)
def _days_between_default(element, compiler, **kw):
    start, end = _two(element, compiler, **kw)
    return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 86400.0)"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    start, end = _two(element, compiler, **kw)
    return f"(julianday({end}) - julianday({start}))"
