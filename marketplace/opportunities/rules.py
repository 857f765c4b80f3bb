"""Rules about an opportunity's values that the form and the partner API share.

Plain functions over plain values (no Flask, no database), so the site's form and the
API's request models apply the same rule and only word it their own way.
"""

from __future__ import annotations

from datetime import date

from marketplace.opportunities.vocab import (
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
