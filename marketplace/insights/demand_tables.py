"""The demand dashboard's tables: open opportunities and their places, by occupation,
kind, Dutch level, municipality, hours, working time, month, asked skills, time to fill
and proposals, each built from ``queries`` and made safe by ``protection`` (the rules
are in ``tables.py``)."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _

from marketplace.insights import queries
from marketplace.insights.answers import Count
from marketplace.insights.cache import kept_table
from marketplace.insights.names import skill_labels
from marketplace.insights.protection import (
    NOT_SHOWN,
    NOT_SHOWN_TEXT,
    THRESHOLD,
    Figure,
    protect,
    protect_average,
    share_of,
)
from marketplace.insights.queries import HOURS_BANDS, InsightFilters, isco_level_of
from marketplace.insights.tables import (
    Column,
    Row,
    Table,
    by_shown_figure,
    group_rows,
    hide_lone_zeros,
    in_order,
    leading_by_shown_figure,
    total_row,
)
from marketplace.opportunities.vocab import OpportunityKind
from marketplace.proposals.models import Proposal
from marketplace.taxonomy.levels import CEFR_ORDER
from marketplace.web.labels import choice_label

TOP_SKILLS = 15


def _opportunities_and_places(count: Count) -> list[Figure]:
    return [protect(count.units), protect(count.total, units=count.units)]


def opportunity_columns() -> list[Column]:
    return [Column(_("Open opportunities"), chart=True), Column(_("Places"))]


def demand_summary(filters: InsightFilters) -> dict[str, Figure]:
    totals = queries.demand_totals(filters)
    opportunities, places = _opportunities_and_places(totals)
    return {"opportunities": opportunities, "places": places}


@kept_table("opportunities")
def demand_by_kind(filters: InsightFilters, locale: str) -> Table:
    counts = in_order(queries.demand_by_kind(filters), OpportunityKind)
    rows = [
        Row(choice_label("opportunity_kind", c.key), _opportunities_and_places(c)) for c in counts
    ]
    hide_lone_zeros((row.cells for row in rows), (0, 1))
    return Table(
        "kind",
        _("Open opportunities by kind"),
        _("Kind"),
        opportunity_columns(),
        rows,
        total_row(rows),
    )


@kept_table("opportunities")
def demand_by_occupation(filters: InsightFilters, locale: str) -> Table:
    level = isco_level_of(filters.group)
    counts = {c.key: _opportunities_and_places(c) for c in queries.demand_by_occupation(filters)}
    hide_lone_zeros(counts.values(), (0, 1))
    rows = group_rows(counts, filters.group, locale)
    caption = (
        _("Open opportunities by occupation group")
        if level <= 4
        else _("Open opportunities by occupation")
    )
    return Table(
        "occupation",
        caption,
        _("Occupation group") if level <= 4 else _("Occupation"),
        opportunity_columns(),
        rows,
        total_row(rows),
        with_codes=level <= 4,
    )


@kept_table("opportunities")
def demand_by_dutch_level(filters: InsightFilters, locale: str) -> Table:
    counts = in_order(queries.demand_by_dutch_level(filters), CEFR_ORDER)
    rows = [
        Row(choice_label("cefr", count.key), [protect(count.units), protect(count.total)])
        for count in counts
    ]
    hide_lone_zeros((row.cells for row in rows), (0, 1))
    for row in rows:
        row.cells.append(share_of(row.cells[1], row.cells[0]))
    total = total_row(rows)
    total.cells[2] = share_of(total.cells[1], total.cells[0])
    return Table(
        "dutch",
        _("Open opportunities by Dutch level asked"),
        _("Dutch level asked"),
        [
            Column(_("Open opportunities"), chart=True),
            Column(_("With language support"), chart=True),
            Column(_("Share with language support (%)")),
        ],
        rows,
        total,
        notes=[_("The share is worked out from the rounded figures.")],
    )


@kept_table("opportunities")
def demand_by_municipality(filters: InsightFilters, locale: str) -> Table:
    rows = [
        Row(c.key, _opportunities_and_places(c), is_data=True)
        for c in queries.demand_by_municipality(filters)
    ]
    hide_lone_zeros((row.cells for row in rows), (0, 1))
    rows = by_shown_figure(rows)
    return Table(
        "municipality",
        _("Open opportunities by municipality"),
        _("Municipality"),
        opportunity_columns(),
        rows,
        total_row(rows),
    )


@kept_table("opportunities")
def demand_by_hours(filters: InsightFilters, locale: str) -> Table:
    counts = in_order(queries.demand_by_hours(filters), [key for key, _most in HOURS_BANDS])
    rows = [Row(choice_label("hours_band", c.key), _opportunities_and_places(c)) for c in counts]
    hide_lone_zeros((row.cells for row in rows), (0, 1))
    return Table(
        "hours",
        _("Open opportunities by hours per week, without try-outs"),
        _("Hours per week"),
        opportunity_columns(),
        rows,
        total_row(rows),
        notes=[_("Without try-outs: a try-out is one session on one day, not hours every "
                 "week.")],
    )


@kept_table("opportunities")
def demand_by_schedule(filters: InsightFilters, locale: str) -> Table:
    rows = [
        Row(choice_label("schedule", c.key), [protect(c.units)])
        for c in queries.demand_by_schedule(filters)
    ]
    hide_lone_zeros((row.cells for row in rows), (0,))
    return Table(
        "schedule",
        _("Open opportunities by time of day or week"),
        _("When"),
        [Column(_("Open opportunities"), chart=True)],
        rows,
        notes=[
            _("One opportunity can fall at several moments, so these figures do not add up.")
        ],
    )


def _months(filters: InsightFilters) -> list[str]:
    first = filters.start.year * 12 + filters.start.month - 1
    last = filters.end.year * 12 + filters.end.month - 1
    return [f"{index // 12:04d}-{index % 12 + 1:02d}" for index in range(first, last + 1)]


@kept_table("opportunities")
def monthly_trend(filters: InsightFilters, locale: str) -> Table:
    published = {c.key: c for c in queries.monthly_published(filters)}
    filled = {c.key: c for c in queries.monthly_filled(filters)}
    rows = [
        Row(
            month,
            [
                protect(published[month].units if month in published else 0),
                protect(filled[month].units if month in filled else 0),
            ],
            is_data=True,
        )
        for month in _months(filters)
    ]
    hide_lone_zeros((row.cells for row in rows), (0, 1))
    return Table(
        "trend",
        _("New and filled opportunities per month"),
        _("Month"),
        [Column(_("Published for the first time"), chart=True), Column(_("Filled"), chart=True)],
        rows,
        total_row(rows),
        chart="line",
    )


@kept_table("opportunities")
def asked_skills(filters: InsightFilters, locale: str) -> Table:
    counts = queries.asked_skills(filters, minimum=THRESHOLD)
    cells = [[protect(c.units), protect(c.total, units=c.units)] for c in counts]
    hide_lone_zeros(cells, (0, 1))
    # Only the skills that can make the top need a name (thousands are asked): naming
    # them all cost a query with thousands of parameters on every page.
    contenders = [(counts[i].key, cells[i]) for i in leading_by_shown_figure(cells, TOP_SKILLS)]
    labels = skill_labels((key for key, _cells in contenders), locale)
    rows = [
        Row(
            labels[key][0] if key in labels else key,
            row_cells,
            is_data=True,
            lang=labels[key][1] if key in labels else None,
        )
        for key, row_cells in contenders
    ]
    rows = by_shown_figure(rows)[:TOP_SKILLS]
    return Table(
        "skills",
        _("Skills asked most"),
        _("Skill (ESCO)"),
        [Column(_("Open opportunities asking it"), chart=True), Column(_("As a must-have"))],
        rows,
        notes=[
            _("Skills that at least 5 open opportunities ask for, at most %(num)d.", num=TOP_SKILLS)
        ],
    )


@kept_table("opportunities")
def time_to_fill(filters: InsightFilters, locale: str) -> Table:
    counts = in_order(queries.time_to_fill(filters), OpportunityKind)
    overall = queries.time_to_fill_overall(filters)
    rows = [
        Row(
            choice_label("opportunity_kind", c.key),
            [protect(c.units), protect_average(c.total, c.units)],
        )
        for c in counts
    ]
    hide_lone_zeros((row.cells for row in rows), (0,))
    total = Row(
        _("All kinds"), [protect(overall.units), protect_average(overall.total, overall.units)]
    )
    return Table(
        "time-to-fill",
        _("Time to fill"),
        _("Kind"),
        [
            Column(_("Filled in the period")),
            Column(_("Average days from publication to filled"), chart=True),
        ],
        rows,
        total,
        notes=[
            _(
                "An average is shown when at least 5 opportunities make it (“%(mark)s”: too few).",
                mark=NOT_SHOWN_TEXT,
            )
        ],
    )


def proposal_table():
    """The proposals domain's table (tests may stand another in for it)."""
    return Proposal.__table__


@kept_table("opportunities")
def proposals_per_opportunity(filters: InsightFilters, locale: str) -> Table | None:
    table = proposal_table()
    if table is None:
        return None
    count = queries.proposals_per_opportunity(filters, table)
    opportunities = protect(count.units)
    proposals = protect(count.total, units=count.units)
    average = NOT_SHOWN
    if not opportunities.hidden and not proposals.hidden and opportunities.value:
        average = Figure(round(proposals.value / opportunities.value))
    return Table(
        "proposals",
        _("Proposals per opportunity"),
        _("What"),
        [Column(_("Figure"))],
        [
            Row(_("Open opportunities"), [opportunities]),
            Row(_("Proposals made for them"), [proposals]),
            Row(_("Proposals per opportunity (rounded)"), [average]),
        ],
        chart=None,
    )


DEMAND_TABLES: dict[str, Callable[[InsightFilters, str], Table | None]] = {
    "occupation": demand_by_occupation,
    "kind": demand_by_kind,
    "dutch": demand_by_dutch_level,
    "municipality": demand_by_municipality,
    "hours": demand_by_hours,
    "schedule": demand_by_schedule,
    "trend": monthly_trend,
    "skills": asked_skills,
    "time-to-fill": time_to_fill,
    "proposals": proposals_per_opportunity,
}
