"""SQL that SQLite and PostgreSQL write differently, one construct each.

``year_month(column)`` is the month of a moment as ``'YYYY-MM'`` text, for monthly
``GROUP BY``; ``days_between(start, end)`` is the time between two moments in days
(fractional). Both compile per dialect with SQLAlchemy's ``@compiles``, so queries stay
portable and the difference lives here only.
"""

from __future__ import annotations

from sqlalchemy import Float, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class year_month(FunctionElement):  # reads like the SQL function it is
    """The month of a date or moment as ``'YYYY-MM'`` text."""

    type = String()
    inherit_cache = True
    name = "year_month"


@compiles(year_month)
def _year_month_default(element, compiler, **kw):
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM')"


@compiles(year_month, "sqlite")
def _year_month_sqlite(element, compiler, **kw):
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)})"


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
