"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def sql_in(column: str, values) -> str:
    """SQL for a check constraint: ``column`` takes one of ``values`` (enum members)."""
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


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


#: The largest value of an INTEGER column (ids) on PostgreSQL; SQLite holds more.
MAX_INTEGER = 2**31 - 1


def id_from_text(text: str) -> int | None:
    """``text`` as a record id, or None: ASCII digits only (``"²".isdigit()`` is true,
    ``int`` refuses it) and within the column's range (a bigger number was a 500)."""
    if text.isascii() and text.isdigit() and int(text) <= MAX_INTEGER:
        return int(text)
    return None
