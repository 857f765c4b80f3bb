"""SQL that SQLite and PostgreSQL write differently, one construct each.

``days_between(start, end)`` is the time between two moments in days (fractional).
It compiles per dialect with SQLAlchemy's ``@compiles``, so queries stay portable and
the difference lives here only. The Belgian day and month of a stored moment
(``local_day``, ``year_month``) are in ``db_types``, beside ``local_date``.
"""

from __future__ import annotations

from sqlalchemy import Float
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


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
