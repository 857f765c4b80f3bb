"""Column types that behave the same on SQLite and PostgreSQL, and the site's clock:
the current moment in UTC and the Belgian calendar day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def sql_in(column: str, values) -> str:
    """SQL for a check constraint: ``column`` takes one of ``values`` (enum members)."""
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


try:
    _BRUSSELS = ZoneInfo("Europe/Brussels")
except ZoneInfoNotFoundError:  # a system without time zone data: UTC is close enough
    _BRUSSELS = None


def local_date(moment: datetime) -> date:
    """The Belgian calendar day of an aware ``moment``: closing dates, birth dates and
    "today" in forms are Belgian days, not the server's."""
    return (moment.astimezone(_BRUSSELS) if _BRUSSELS else moment).date()


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
