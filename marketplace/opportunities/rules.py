"""Rules about an opportunity's values that the form and the partner API share.

Plain functions over plain values (no Flask, no database), so the site's form and the
API's request models apply the same rule and only word it their own way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time

from marketplace.opportunities.vocab import (
    KINDS_TIMED_BY_SESSION,
    KINDS_WITHOUT_WEEKLY_HOURS,
    UNSHOWN_HOURS,
    OpportunityKind,
    kinds_for,
)


def offers_kind(organisation_kind: str | None, kind: str | None) -> bool:
    """True when an organisation of ``organisation_kind`` may offer ``kind``
    (``vocab.KINDS_FOR_ORGANISATION``).

    >>> offers_kind("federation", "tryout"), offers_kind("federation", "job")
    (True, False)
    """
    return kind in {str(offered) for offered in kinds_for(organisation_kind)}


def tryout_closes_too_late(kind: str | None, session_on: date | None,
                           closes_on: date | None) -> bool:
    """A try-out takes enrolments until its day at the latest: True when ``closes_on``
    is after the session's day.

    >>> tryout_closes_too_late("tryout", date(2030, 1, 5), date(2030, 1, 6))
    True
    >>> tryout_closes_too_late("job", date(2030, 1, 5), date(2030, 1, 6))
    False
    """
    return (kind == OpportunityKind.TRYOUT and session_on is not None
            and closes_on is not None and closes_on > session_on)


def tryout_closing_date(kind: str | None, session_on: date | None,
                        closes_on: date | None) -> date | None:
    """The closing date to store: a try-out without one closes on its session's day.

    >>> tryout_closing_date("tryout", date(2030, 1, 5), None)
    datetime.date(2030, 1, 5)
    >>> tryout_closing_date("job", None, None) is None
    True
    """
    if kind == OpportunityKind.TRYOUT and closes_on is None:
        return session_on
    return closes_on


def asks_weekly_hours(kind: str | None) -> bool:
    """True when an opportunity of ``kind`` must say its hours per week (a try-out, one
    session on a day, need not: ``vocab.KINDS_WITHOUT_WEEKLY_HOURS``).

    >>> asks_weekly_hours("job"), asks_weekly_hours("tryout")
    (True, False)
    """
    return kind not in {str(without) for without in KINDS_WITHOUT_WEEKLY_HOURS}


def hours_to_store(kind: str | None, given: float | None, stored: float | None) -> float:
    """The hours per week to store: the ones ``given``; without them (only a kind that
    does not ask them), what is ``stored`` already, else ``vocab.UNSHOWN_HOURS``.

    >>> hours_to_store("tryout", None, 38.0), hours_to_store("tryout", None, None)
    (38.0, 1.0)
    >>> hours_to_store("tryout", 4, 38.0)
    4.0
    """
    if given is not None:
        return float(given)
    if asks_weekly_hours(kind):
        raise ValueError(f"an opportunity of kind {kind} needs its hours per week")
    return float(stored if stored is not None else UNSHOWN_HOURS)


#: Where the day parts of a session begin (Brussels local time): the day from 06:00,
#: the evening from 18:00, the night from 22:00 (as ``matching.records.DAY_PARTS``
#: name them).
DAY_FROM, EVENING_FROM, NIGHT_FROM = time(6), time(18), time(22)
#: Saturday and Sunday, as ``date.weekday()`` numbers them.
WEEKEND_DAYS = frozenset({5, 6})


def timed_by_session(kind: str | None) -> bool:
    """True when an opportunity of ``kind`` takes its working time and start date from
    its session (a try-out: ``vocab.KINDS_TIMED_BY_SESSION``), so they are not asked.

    >>> timed_by_session("tryout"), timed_by_session("job")
    (True, False)
    """
    return kind in {str(timed) for timed in KINDS_TIMED_BY_SESSION}


def session_working_time(session_on: date | None, starts: time | None,
                         ends: time | None) -> set[str]:
    """The working time of a session: ``weekend`` on a Saturday or Sunday; else the day
    parts its start and end time overlap (day, evening, night); ``day`` while the day
    or the times are not known yet (a draft).

    >>> sorted(session_working_time(date(2030, 1, 7), time(9), time(12, 30)))
    ['day']
    >>> sorted(session_working_time(date(2030, 1, 7), time(16), time(19)))
    ['day', 'evening']
    >>> sorted(session_working_time(date(2030, 1, 5), time(9), time(12)))
    ['weekend']
    >>> sorted(session_working_time(None, None, None))
    ['day']
    """
    if session_on is not None and session_on.weekday() in WEEKEND_DAYS:
        return {"weekend"}
    if starts is None or ends is None or ends <= starts:
        return {"day"}
    parts = set()
    if starts < EVENING_FROM and ends > DAY_FROM:
        parts.add("day")
    if starts < NIGHT_FROM and ends > EVENING_FROM:
        parts.add("evening")
    if starts < DAY_FROM or ends > NIGHT_FROM:
        parts.add("night")
    return parts


def working_time_to_store(kind: str | None, given: Iterable[str] | None,
                          session_on: date | None, starts: time | None,
                          ends: time | None) -> set[str]:
    """The working time to store: a try-out's comes from its session, whatever was
    given (a moment ticked or sent for one is ignored, as a field of another kind);
    any other kind stores what was ``given``.

    >>> working_time_to_store("tryout", ["night"], None, time(18, 30), time(21))
    {'evening'}
    >>> working_time_to_store("job", ["night"], None, time(18, 30), time(21))
    {'night'}
    """
    if timed_by_session(kind):
        return session_working_time(session_on, starts, ends)
    return set(given or ())


def start_date_to_store(kind: str | None, given: date | None,
                        session_on: date | None) -> date | None:
    """The start date to store: a try-out starts on its session's day (None while it
    has none); any other kind keeps the one ``given`` (None: as soon as possible).

    >>> start_date_to_store("tryout", date(2030, 1, 1), date(2030, 1, 9))
    datetime.date(2030, 1, 9)
    >>> start_date_to_store("job", date(2030, 1, 1), date(2030, 1, 9))
    datetime.date(2030, 1, 1)
    """
    return session_on if timed_by_session(kind) else given
