"""The supply side of the dashboards: candidates per Dutch level and per occupation
group, each beside the open places, as protected tables (see ``tables.py``).

Every table here breaks down people, so besides the rules of ``protection.py`` it
is withheld whole when the selection (region, kind and occupation group, before the
breakdown) holds fewer than ``INSIGHTS_MIN_POPULATION`` candidates (rule 7): the page
and the CSV then carry only "too few people for this selection". The number of people
is one aggregate (``supply_queries.supply_population``), kept in the cache like the
others.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from flask_babel import gettext as _

from marketplace.insights import queries, supply_queries
from marketplace.insights.cache import kept_table
from marketplace.insights.protection import Figure, difference, protect
from marketplace.insights.queries import InsightFilters, isco_level_of
from marketplace.insights.tables import (
    Column,
    Row,
    Table,
    by_shown_figure,
    group_rows,
    hide_lone_zeros,
    in_order,
    total_row,
)
from marketplace.taxonomy.levels import CEFR_ORDER
from marketplace.web.labels import choice_label


def _too_few_people(filters: InsightFilters) -> bool:
    """Whether the selection holds too few candidates to be broken down (rule 7)."""
    population = supply_queries.supply_population(filters).units
    return population < current_app.config["INSIGHTS_MIN_POPULATION"]


def _withheld(key: str, caption: str) -> Table:
    """The table of a selection with too few people: its caption and why, no figures
    and no chart."""
    hint = _(
        "To protect their privacy, we show no figures about fewer than %(num)d people. "
        "Widen the filters: a larger region, all kinds or a wider occupation group.",
        num=current_app.config["INSIGHTS_MIN_POPULATION"],
    )
    return Table(
        key,
        caption,
        "",
        [],
        [],
        chart=None,
        notes=[hint],
        withheld=_("Too few people for this selection"),
    )


def supply_summary(filters: InsightFilters) -> dict[str, Figure]:
    # The Dutch-level breakdown counts every eligible candidate once: its sum (in
    # SQL, one row per level) is the total, without a second pass over the candidates.
    counts = supply_queries.supply_by_dutch_level(filters)
    return {"candidates": protect(sum(count.units for count in counts))}


@kept_table("opportunities", "candidates")
def supply_by_dutch_level(filters: InsightFilters, locale: str) -> Table:
    """Demand and supply by Dutch level side by side: the open places asking each
    level (and those with language support on the job) beside the candidates who have
    it, candidates first as on the rest of this page. The key gap for newcomers, who
    often start at A1 or A2."""
    caption = _("Open places and candidates by Dutch level")
    if _too_few_people(filters):
        return _withheld("dutch", caption)
    places = in_order(queries.places_by_dutch_level(filters), CEFR_ORDER)
    supported = in_order(queries.places_by_dutch_level(filters, supported=True), CEFR_ORDER)
    people = in_order(supply_queries.supply_by_dutch_level(filters), CEFR_ORDER)
    rows = [
        Row(
            choice_label("cefr", level.key),
            [
                protect(person.units),
                protect(level.total, units=level.units),
                protect(with_support.total, units=with_support.units),
            ],
        )
        for level, with_support, person in zip(places, supported, people, strict=True)
    ]
    hide_lone_zeros((row.cells for row in rows), (0, 1, 2))
    return Table(
        "dutch",
        caption,
        _("Dutch level"),
        [
            Column(_("Candidates with this level"), chart=True),
            Column(_("Open places asking this level"), chart=True),
            Column(_("Of which with language support")),
        ],
        rows,
        total_row(rows),
        notes=[
            _(
                "A candidate can also take places that ask a lower level. Where the "
                "organisation offers language support, one level below the level asked is "
                "enough."
            )
        ],
    )


def _supply_rows(filters: InsightFilters, locale: str, cells) -> list[Row]:
    return group_rows(
        {group.key: cells(group) for group in supply_queries.supply_by_occupation(filters)},
        filters.group,
        locale,
    )


@kept_table("candidates")
def supply_wishes(filters: InsightFilters, locale: str) -> Table:
    caption = _("Wished occupations of candidates")
    if _too_few_people(filters):
        return _withheld("wishes", caption)
    level = isco_level_of(filters.group)
    rows = _supply_rows(filters, locale, lambda g: [protect(g.wishing)])
    # Groups only done, not wished, are 0 here: hidden beside a hidden count, else left
    # out (a row of 0 tells nothing).
    hide_lone_zeros((row.cells for row in rows), (0,))
    rows = by_shown_figure([row for row in rows if row.cells[0].value != 0])
    return Table(
        "wishes",
        caption,
        _("Occupation group") if level <= 4 else _("Occupation"),
        [Column(_("Candidates who wish it"), chart=True)],
        rows,
        notes=[
            _(
                "A candidate can wish several occupations, so these figures do "
                "not add up to the number of candidates."
            )
        ],
        with_codes=level <= 4,
    )


@kept_table("opportunities", "candidates")
def supply_gap(filters: InsightFilters, locale: str) -> Table:
    caption = _("Open places and candidates per occupation group")
    if _too_few_people(filters):
        return _withheld("gap", caption)
    level = isco_level_of(filters.group)
    places = {c.key: protect(c.total, units=c.units) for c in queries.demand_by_occupation(filters)}
    people = {g.key: protect(g.wishing_or_done)
              for g in supply_queries.supply_by_occupation(filters)}
    counts = {
        key: [places.get(key, Figure(0)), people.get(key, Figure(0))]
        for key in sorted(set(places) | set(people))
    }
    hide_lone_zeros(counts.values(), (0, 1))
    for cells in counts.values():
        cells.append(difference(cells[0], cells[1]))
    rows = group_rows(counts, filters.group, locale)
    return Table(
        "gap",
        caption,
        _("Occupation group") if level <= 4 else _("Occupation"),
        [
            Column(_("Open places"), chart=True),
            Column(_("Candidates who wish it or did it"), chart=True),
            Column(_("Places minus candidates")),
        ],
        rows,
        with_codes=level <= 4,
        notes=[
            _(
                "A candidate counts once per group, whether they wish the work, did it "
                "before, or both. The difference is worked out from the rounded figures; "
                "more than 0 means more places than candidates."
            )
        ],
    )


SUPPLY_TABLES: dict[str, Callable[[InsightFilters, str], Table | None]] = {
    "gap": supply_gap,
    "wishes": supply_wishes,
    "dutch": supply_by_dutch_level,
}
