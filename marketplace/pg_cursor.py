"""A psycopg cursor whose ``description`` makes its columns only when they are read.

SQLAlchemy reads ``cursor.description`` after every statement, but once a statement's
compiled form is cached (nearly every statement of a warm worker) it only asks whether
there is one: the result's columns are known from the cache. psycopg builds a
``Column`` for every column of the result all the same (its name decoded, its type
looked up): for the ORM's wide rows, 40 to 80 columns per statement, about a tenth of
the CPU of a cheap page. This cursor hands out a sequence that knows its length and
builds the columns, exactly as psycopg does, on the first read of one.

The columns are made from the result the statement returned, not from whatever the
cursor holds by then, so a description read after the next statement still describes
its own result. ``engine_events`` installs it on every PostgreSQL connection.
"""

from __future__ import annotations

from collections.abc import Sequence

from psycopg import Column, Cursor
from psycopg.pq import ExecStatus

#: The statuses for which psycopg describes a result even when it has no columns
#: (``SELECT ;``), as its own ``Cursor.description`` does.
_TUPLE_STATUSES = frozenset(
    status for status in (ExecStatus.TUPLES_OK, ExecStatus.SINGLE_TUPLE,
                          getattr(ExecStatus, "TUPLES_CHUNK", None))
    if status is not None
)


class _AtResult:
    """What a psycopg ``Column`` reads of its cursor, held at one result."""

    __slots__ = ("_cursor", "pgresult")

    def __init__(self, cursor: Cursor, pgresult):
        self._cursor = cursor
        self.pgresult = pgresult

    @property
    def _encoding(self) -> str:
        return self._cursor._encoding

    @property
    def adapters(self):
        return self._cursor.adapters


class LazyDescription(Sequence):
    """The columns of one result, made on first use (see the module docstring)."""

    __slots__ = ("_columns", "_count", "_source")

    def __init__(self, source: _AtResult, count: int):
        self._source = source
        self._count = count
        self._columns: list[Column] | None = None

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        if self._columns is None:
            self._columns = [Column(self._source, i) for i in range(self._count)]
        return self._columns[index]

    def __repr__(self) -> str:
        return repr(list(self))


class LazilyDescribedCursor(Cursor):
    """psycopg's client cursor with a lazily made ``description``."""

    @property
    def description(self) -> LazyDescription | None:
        result = self.pgresult
        if result and (result.nfields or result.status in _TUPLE_STATUSES):
            return LazyDescription(_AtResult(self, result), result.nfields)
        return None
