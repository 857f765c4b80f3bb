"""The dashboards' tables and what their builders share.

One ``Table`` feeds the page (an accessible data table), its chart (drawn by
``static/js/insights.js`` from the same table) and its CSV download, so all three show
the same protected figures. Rows of a breakdown with no natural order are sorted by
their shown figure, then by name: sorting by the raw counts would tell which of two
"<5" rows is the larger. Each builder hides the zeros beside a hidden count in every
column of counts before it works out totals, shares and gaps (``protection.py``, rule
6). The demand side's builders are ``demand_tables.py``; the supply side, with its
minimum number of people, is ``supply_tables.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from flask_babel import gettext as _
from flask_babel import ngettext

from marketplace.insights.answers import Count
from marketplace.insights.cache import max_age_seconds
from marketplace.insights.cells import row_pieces
from marketplace.insights.names import GroupLabel, group_labels
from marketplace.insights.protection import (
    Figure,
    hide_zeros_beside_hidden,
    total_of,
)
from marketplace.insights.queries import isco_level_of


@dataclass(frozen=True)
class Column:
    label: str
    #: Drawn in the table's chart.
    chart: bool = False
    #: The label is data (an organisation's name), not interface text.
    is_data: bool = False


@dataclass
class Row:
    label: str
    cells: list[Figure]
    #: A code shown beside the label (an ISCO code), or "".
    code: str = ""
    #: The label is data (a municipality, an ESCO label), not interface text.
    is_data: bool = False
    #: The language of the label when it is not the page's (ESCO's English labels).
    lang: str | None = None
    #: The ISCO group to open for a closer look, if there is a level below.
    drill: str | None = None


@dataclass
class Table:
    key: str
    caption: str
    label_header: str
    columns: list[Column]
    rows: list[Row]
    total: Row | None = None
    #: "bar" (horizontal bars), "line" (over time) or None (no chart).
    chart: str | None = "bar"
    notes: list[str] = field(default_factory=list)
    #: Show the code column (ISCO codes).
    with_codes: bool = False
    #: Why the table shows no figures (too few people in the selection), or None.
    withheld: str | None = None

    @property
    def empty(self) -> bool:
        return not self.rows

    @cached_property
    def row_pieces(self) -> list[tuple[str, str | None, str]]:
        """The rows' HTML but for their links' addresses (``cells.row_pieces``), written
        at the first page that shows the table: a kept table serves many pages."""
        return row_pieces(self.rows, self.with_codes)


# --- helpers ----------------------------------------------------------------------------


def _shown_order(figure: Figure) -> tuple[bool, int]:
    """Where a row with ``figure`` first goes in ``by_shown_figure``, before its label."""
    return (figure.value is None, -(figure.value or 0))


def by_shown_figure(rows: list[Row]) -> list[Row]:
    """Largest shown figure first, then hidden ones, each by label."""
    return sorted(rows, key=lambda row: (*_shown_order(row.cells[0]), row.label.lower()))


def leading_by_shown_figure(cell_lists: list[list[Figure]], top: int) -> list[int]:
    """The indexes of the rows (given by their cells) that can be among the first
    ``top`` of ``by_shown_figure`` whatever their labels: those whose first figure
    comes before that of the ``top``-th row or ties with it. Only their labels are
    needed to pick the ``top`` rows."""
    if len(cell_lists) <= top:
        return list(range(len(cell_lists)))
    orders = [_shown_order(cells[0]) for cells in cell_lists]
    last = sorted(orders)[top - 1]
    return [index for index, order in enumerate(orders) if order <= last]


def hide_lone_zeros(cell_lists, columns) -> None:
    """Hide, in place, the zeros beside a hidden count down each of ``columns`` (rule 6
    of ``protection``); ``cell_lists`` are the rows' cells, before any derived figure is
    worked out from them."""
    cell_lists = list(cell_lists)
    for column in columns:
        shown = hide_zeros_beside_hidden(cells[column] for cells in cell_lists)
        for cells, figure in zip(cell_lists, shown, strict=True):
            cells[column] = figure


def total_row(rows: list[Row], label=None) -> Row:
    columns = len(rows[0].cells) if rows else 0
    return Row(
        str(label or _("Total of the figures shown")),
        [total_of(row.cells[i] for row in rows) for i in range(columns)],
    )


def in_order(counts: list[Count], keys) -> list[Count]:
    """One count per key in ``keys`` order, 0 for keys nobody has."""
    by_key = {count.key: count for count in counts}
    return [by_key.get(str(key), Count(str(key), 0)) for key in keys]


def hidden_note() -> str:
    """What "<5" and the rounding mean, for under the figures."""
    return _(
        "“<5” means fewer than 5, sometimes 0: too few to show. Other figures are "
        "rounded to 5, so totals can differ a little from the sum of the rows."
    )


def freshness_note() -> str | None:
    """How old the figures may be, when they are kept for a while (``cache.py``)."""
    seconds = max_age_seconds()
    if not seconds:
        return None
    minutes = -(-seconds // 60)
    return ngettext("These figures are at most %(num)d minute old.",
                    "These figures are at most %(num)d minutes old.", minutes)


# --- the occupation groups --------------------------------------------------------------


def group_rows(counts_by_key: dict[str, list[Figure]], group: str, locale: str) -> list[Row]:
    labels = group_labels(group, counts_by_key, locale)
    level = isco_level_of(group)
    rows = []
    for key, cells in counts_by_key.items():
        label = labels.get(key) or GroupLabel(key, None, True)
        rows.append(
            Row(
                label.text,
                cells,
                code=key if level <= 4 else "",
                is_data=label.is_data,
                lang=label.lang,
                drill=key if level <= 4 else None,
            )
        )
    return by_shown_figure(rows)


# --- demand -----------------------------------------------------------------------------
