"""Rules about an opportunity's values that the form and the partner API share.

Plain functions over plain values (no Flask, no database), so the site's form and the
API's request models apply the same rule and only word it their own way.
"""

from __future__ import annotations

from datetime import date

from marketplace.opportunities.vocab import OpportunityKind, kinds_for


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
