"""The browse list's count line: what it found, in words that name the kinds.

The list holds jobs, internships, volunteering places, courses and try-outs, so its
count never says "vacatures" alone: "162 resultaten" with "120 jobs, 30 opleidingen
en 12 proefsessies" under it (jobs counted in the kind's label, "Job"), or "12
opleidingen gevonden" when the results are of one kind (a kind filter, or other filters
that leave one kind).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from babel.lists import format_list
from flask_babel import get_locale, gettext, ngettext, npgettext

from marketplace.opportunities.vocab import OpportunityKind

#: "12 opleidingen": a number of opportunities of each kind, as people count them.
KIND_COUNT: dict[str, Callable[[int], str]] = {
    # A context of its own: "%(num)d job" without one is the background jobs' ("taken").
    OpportunityKind.JOB: lambda num: npgettext("opportunity kind", "%(num)d job",
                                               "%(num)d jobs", num),
    OpportunityKind.INTERNSHIP: lambda num: ngettext(
        "%(num)d internship", "%(num)d internships", num),
    OpportunityKind.VOLUNTEERING: lambda num: ngettext(
        "%(num)d volunteering place", "%(num)d volunteering places", num),
    OpportunityKind.TRAINING: lambda num: ngettext("%(num)d course", "%(num)d courses", num),
    OpportunityKind.TRYOUT: lambda num: ngettext("%(num)d try-out", "%(num)d try-outs", num),
}


class Found(NamedTuple):
    """The count line: ``heading`` ("162 resultaten", "12 opleidingen gevonden") and,
    for results of several kinds, ``kinds`` ("120 jobs, 30 opleidingen en 12
    proefsessies"), shown under it (a heading of one line, also on a phone)."""

    heading: str
    kinds: str | None = None


def found_line(counts: dict[str, int], kind: str | None = None) -> Found:
    """The count line of the browse list, from the results' number per kind
    (``browse_queries.kind_counts``); ``kind``: the kind the filter asks for, if any.

    Kinds appear in the vocabulary's order (jobs first, try-outs last), each with
    its own plural."""
    present = [(value, counts[value]) for value in KIND_COUNT if counts.get(value)]
    if kind in KIND_COUNT and not present:
        present = [(kind, 0)]
    if not present:
        return Found(gettext("Nothing found"))
    if len(present) == 1:
        value, num = present[0]
        return Found(gettext("%(what)s found", what=KIND_COUNT[value](num)))
    total = sum(num for _value, num in present)
    return Found(ngettext("%(num)d result", "%(num)d results", total), kinds_line(counts))


def kinds_line(counts: dict[str, int]) -> str:
    """"8 jobs, 1 stage en 1 proefsessie": the number of each kind in ``counts``
    that has any, in the vocabulary's order; also the caption of the employer's list,
    which holds several kinds. Empty when there are none."""
    present = tuple((value, counts[value]) for value in KIND_COUNT if counts.get(value))
    return _kinds_line(present, str(get_locale()))


@lru_cache(maxsize=1024)
def _kinds_line(present: tuple[tuple[str, int], ...], language: str) -> str:
    """``kinds_line`` of the kinds and numbers ``present``, in ``language`` (the
    request's), kept: Babel's list formatting and the plural look-ups cost a fifth of a
    millisecond of the employer's list, which shows the same caption again and again."""
    return format_list([KIND_COUNT[value](num) for value, num in present], locale=language)
