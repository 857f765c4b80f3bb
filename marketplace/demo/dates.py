"""The demo's days where people meet (an interview, a try-out, the start of a course):
counted from today, so the demo stays current whenever it is loaded, and moved to a
working day, Monday to Friday: nobody plans those on a Saturday or a Sunday."""

from __future__ import annotations

from datetime import date, timedelta

from marketplace.db_types import local_today

SATURDAY = 5  # date.weekday(): Monday is 0


def working_day(day: date, *, earlier: bool = False) -> date:
    """``day`` when it is a working day; else the Monday after it, or with ``earlier``
    the Friday before it.

    >>> working_day(date(2026, 1, 3)), working_day(date(2026, 1, 4), earlier=True)
    (datetime.date(2026, 1, 5), datetime.date(2026, 1, 2))
    >>> working_day(date(2026, 1, 7))
    datetime.date(2026, 1, 7)
    """
    step = timedelta(days=-1 if earlier else 1)
    while day.weekday() >= SATURDAY:
        day += step
    return day


def working_day_from_today(days: int) -> date:
    """The working day ``days`` days from today: moved later when ahead and earlier when
    in the past (``days`` below 0), so a day ahead stays ahead and a past day past."""
    return working_day(local_today() + timedelta(days=days), earlier=days < 0)
