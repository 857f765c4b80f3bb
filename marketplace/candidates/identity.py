"""Telling candidates apart where pseudonyms repeat.

A caseload can hold three "Fatoumata". Lists then show a second detail beside each of
them: the postcode, the age band and the day they were added. The age band comes
from the self-declared birth year, which only the candidate's own coach may see, so
other coaches get the postcode and the day only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _

from marketplace.web.i18n import format_day

#: Width of an age band in years: wide enough to say little about one person.
AGE_BAND_YEARS = 10


def repeated(values: Iterable[str | None]) -> set[str]:
    """The values that occur more than once (names on one list)."""
    counts = Counter(value for value in values if value)
    return {value for value, count in counts.items() if count > 1}


def age_band(birth_year: int | None, today: date) -> str | None:
    """"25-34" for someone who turns 25 to 34 this year; None without a birth year."""
    if not birth_year or birth_year > today.year:
        return None
    age = today.year - birth_year
    low = 15 + (max(age - 15, 0) // AGE_BAND_YEARS) * AGE_BAND_YEARS
    return f"{low}-{low + AGE_BAND_YEARS - 1}"


def _birth_year(candidate) -> int | None:
    """The birth year of a ``Candidate`` (in its sensitive row) or of a suggestion
    list's ``CandidateLabel`` (a column of its own, filled for the own coach only)."""
    if hasattr(candidate, "birth_year"):
        return candidate.birth_year
    return candidate.sensitive.birth_year if candidate.sensitive is not None else None


def second_detail(candidate, viewer_id: int, today: date) -> str:
    """"2060 · 25-34 jaar · toegevoegd 3 mrt. 2026": what sets this candidate apart from
    others with the same pseudonym, as far as ``viewer_id`` may see it. ``candidate`` is
    a ``Candidate`` or a ``CandidateLabel`` of a suggestion list."""
    parts = [candidate.postcode or ""]
    if candidate.coach_id == viewer_id:
        band = age_band(_birth_year(candidate), today)
        if band:
            parts.append(_("%(band)s years", band=band))
    if candidate.created_at is not None:
        parts.append(_("added %(date)s", date=format_day(candidate.created_at)))
    return " · ".join(part for part in parts if part)
