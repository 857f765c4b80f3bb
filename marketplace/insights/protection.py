"""The disclosure rule of every figure in insights, pages and CSV alike.

1. A count made of 1 to 4 units (opportunities, candidates) is hidden and shown as
   "<5". Zero is shown as 0 (it says nobody is there), except beside a hidden count
   (rule 6).
2. Every other count is rounded to the nearest multiple of 5 (5, 6 and 7 show as 5;
   8 to 12 as 10). Rounding is what stops differencing: with exact counts, a total
   minus the shown rows, one table's total minus another's rows, or one filter
   setting minus a slightly wider one (a period one month longer, a radius one km
   larger) would give a hidden count back exactly. With rounded counts such a
   subtraction only says "somewhere between 0 and 9".
3. A sum over units (the places of opportunities) is hidden when fewer than 5 units
   make it, whatever the sum: one employer's 12 places are still one vacancy.
4. Derived figures (totals, shares, gaps) are worked out from the shown figures only,
   never from the raw counts, so they reveal nothing the shown figures do not.
5. An average (days to fill) is shown only when 5 or more units make it, in whole days.
6. Secondary suppression: in a breakdown (one column of a table) that holds a hidden
   count, every 0 is hidden too. Otherwise "<5" beside zeros says "everyone of this
   selection is in that cell" (all people in 2040 open to volunteering have no Dutch
   yet): a fact about 1 to 4 people, learnt without reading their count.
7. Minimum population: a breakdown of people is shown only when the selection (before
   the breakdown) holds at least ``INSIGHTS_MIN_POPULATION`` people (20 by default):
   in a smaller group even rounded cells and zeros describe nearly everyone in it.
   Statistics offices do the same; ``tables.py`` withholds such tables whole.

Pure Python: no Flask, no database, so the rule is tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

THRESHOLD = 5
"""Counts made of fewer units than this (but more than none) are hidden."""

BASE = 5
"""Shown counts are rounded to a multiple of this."""

HIDDEN_TEXT = "<5"
"""A hidden count."""

NOT_SHOWN_TEXT = "\u2013"  # an en dash
"""A hidden derived figure (share, gap, average): "<5" would read as a value."""


@dataclass(frozen=True)
class Figure:
    """A published figure: ``value`` is what may be shown, None when it is hidden."""

    value: int | None
    hidden_text: str = HIDDEN_TEXT

    @property
    def hidden(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return self.hidden_text if self.value is None else str(self.value)


ZERO = Figure(0)
HIDDEN = Figure(None)
NOT_SHOWN = Figure(None, NOT_SHOWN_TEXT)


def round_to_base(number: float) -> int:
    """``number`` rounded to the nearest multiple of :data:`BASE`, halves upwards."""
    return BASE * ((round(number) + BASE // 2) // BASE)


def protect(count: float | None, units: int | None = None) -> Figure:
    """The publishable form of ``count``, made of ``units`` units (by default the count
    itself: a count of opportunities is made of that many opportunities)."""
    count = count or 0
    units = int(count) if units is None else int(units or 0)
    if units == 0:
        return ZERO
    if units < THRESHOLD:
        return HIDDEN
    if count == 0:  # none of many units: a true 0, not a small number rounded up
        return ZERO
    return Figure(max(BASE, round_to_base(count)))


def protect_average(average: float | None, units: int | None) -> Figure:
    """An average over ``units`` units, in whole numbers; hidden below the threshold."""
    if not units or average is None or units < THRESHOLD:
        return NOT_SHOWN
    return Figure(round(average))


def hide_zeros_beside_hidden(figures) -> list[Figure]:
    """One breakdown's figures with every 0 hidden when any figure is hidden (rule 6).
    A 0 of a breakdown without hidden figures stays: it is about nobody."""
    figures = list(figures)
    if not any(figure.hidden for figure in figures):
        return figures
    return [HIDDEN if figure.value == 0 else figure for figure in figures]


def total_of(figures) -> Figure:
    """The sum of the shown figures; hidden ones are left out (and not guessed)."""
    return Figure(sum(figure.value for figure in figures if figure.value is not None))


def share_of(part: Figure, whole: Figure) -> Figure:
    """``part`` as a whole percentage of ``whole``, from the shown figures; hidden when
    either is hidden or the whole is 0."""
    if part.hidden or whole.hidden or not whole.value:
        return NOT_SHOWN
    return Figure(round(100 * part.value / whole.value))


def difference(first: Figure, second: Figure) -> Figure:
    """``first`` minus ``second``, from the shown figures; hidden when either is."""
    if first.hidden or second.hidden:
        return NOT_SHOWN
    return Figure(first.value - second.value)
