"""The aggregates behind the insights dashboards, each one ``GROUP BY`` in the database.

Every function returns raw counts per group (never a row of an opportunity or a
candidate); ``tables.py`` turns them into protected figures before anyone sees them.

Demand: the opportunities that were **open during the period**: published at some
moment before the period ends, not a draft now, and not filled or closed before the
period starts. A paused opportunity counts as open: the employer still has the place
and only stopped showing it for a while. An opportunity that was reopened keeps its
first publication date, so it counts as open from then on.

Supply (``supply_queries.py``): candidates who are **active now** and have an **open
consent** record. It is the present state (the site keeps no history of statuses), so
the period does not apply to it; the region does (where candidates live) and the kind
does (candidates who wish that kind, or did not say which kinds they wish).

Every aggregate and label reads through ``read_session()``: the read replica when one
is configured (``DATABASE_REPLICA_URL``), so dashboards never load the primary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import Select, String, case, cast, func, literal, null, or_, select

from marketplace.accounts.models import Organisation
from marketplace.database import read_session
from marketplace.db_types import local_midnight, year_month
from marketplace.extensions import db
from marketplace.insights.answers import Count
from marketplace.insights.cache import kept
from marketplace.insights.sql import days_between
from marketplace.opportunities.models import Opportunity, OpportunitySkill, without_weekly_hours
from marketplace.opportunities.vocab import (
    SCHEDULE_COLUMNS,
    OpportunityStatus,
)
from marketplace.taxonomy.models import Occupation, Postcode

#: Bands of hours per week, as (label key, highest hours in the band), in order.
HOURS_BANDS: tuple[tuple[str, float], ...] = (
    ("up_to_12", 12),
    ("up_to_24", 24),
    ("up_to_32", 32),
    ("over_32", 60),
)


@dataclass(frozen=True)
class InsightFilters:
    """Checked filters. ``start`` and ``end`` are days, both included; None elsewhere
    means: do not filter on it."""

    start: date
    end: date
    sector: str | None = None
    postcodes: tuple[str, ...] | None = None
    kind: str | None = None
    #: An ISCO group of 1 to 4 digits to look inside, or "" for the top level.
    group: str = ""

    # The period's days are Belgian calendar days: a proposal made at 00:30 on the first
    # of April in Antwerp (22:30 UTC on 31 March) counts in April.
    @property
    def start_moment(self) -> datetime:
        """The first moment of the period (UTC): midnight in Belgium as ``start`` begins."""
        return local_midnight(self.start)

    @property
    def end_moment(self) -> datetime:
        """The last moment of the period (UTC), for ``between`` and ``<=``: one
        microsecond, the finest step a stored moment has, before ``end``'s next day
        begins in Belgium."""
        return local_midnight(self.end + timedelta(days=1)) - timedelta(microseconds=1)


# --- demand -----------------------------------------------------------------------------


#: How many filter settings' conditions each process keeps built (see ``_scope``).
CONDITIONS_KEPT = 64


# The conditions are built once per filters and shared by the page's statements (a
# dozen on the demand page, each built afresh cost a tenth of a millisecond of
# SQLAlchemy work a statement): expressions are immutable, and the filters hashable.
@lru_cache(maxsize=CONDITIONS_KEPT)
def _scope(filters: InsightFilters) -> tuple:
    """Sector, region, kind and occupation group: what every demand question filters
    on. The group applies to every table of the page, not only to the occupations."""
    conditions = []
    if filters.sector:
        conditions.append(
            Opportunity.organisation_id.in_(
                select(Organisation.id).where(Organisation.sector == filters.sector)
            )
        )
    if filters.postcodes is not None:
        conditions.append(Opportunity.postcode.in_(filters.postcodes))
    if filters.kind:
        conditions.append(Opportunity.kind == filters.kind)
    if filters.group:
        conditions.append(
            Opportunity.occupation_id.in_(
                select(Occupation.id).where(Occupation.isco_code.startswith(filters.group))
            )
        )
    return tuple(conditions)


@lru_cache(maxsize=CONDITIONS_KEPT)
def open_during(filters: InsightFilters) -> tuple:
    """Conditions for opportunities open at some moment of the period (see the module
    docstring), within the filters' sector, region and kind."""
    start, end = filters.start_moment, filters.end_moment
    return (
        Opportunity.status != OpportunityStatus.DRAFT,
        Opportunity.published_at.is_not(None),
        Opportunity.published_at <= end,
        or_(Opportunity.filled_at.is_(None), Opportunity.filled_at >= start),
        or_(Opportunity.closed_at.is_(None), Opportunity.closed_at >= start),
        *_scope(filters),
    )


@lru_cache(maxsize=CONDITIONS_KEPT)
def filled_during(filters: InsightFilters) -> tuple:
    """Conditions for opportunities marked filled during the period, within the
    filters' sector, region and kind."""
    return (
        Opportunity.status == OpportunityStatus.FILLED,
        Opportunity.published_at.is_not(None),
        Opportunity.filled_at.between(filters.start_moment, filters.end_moment),
        *_scope(filters),
    )


def counts_of(query: Select) -> tuple[Count, ...]:
    """Rows of (key, units, total) as :class:`Count`; None keys become ""."""
    return [
        Count(key or "", int(units), float(total or 0))
        for key, units, total in read_session().execute(query)
    ]


def _hours_band():
    """The band of :data:`HOURS_BANDS` an opportunity's hours per week fall in; NULL
    for a kind without weekly hours (a try-out: its stored hours are shown nowhere, so
    the hours table leaves it out)."""
    *lower, (last, _most) = HOURS_BANDS
    return case(
        (without_weekly_hours(), null()),
        *((Opportunity.hours_per_week <= most, literal(key)) for key, most in lower),
        else_=literal(last),
    )


# Built once per filters like the conditions (see ``_scope``): building its dozen sums
# cost more than running it.
@lru_cache(maxsize=CONDITIONS_KEPT)
def _open_demand_statement(filters: InsightFilters) -> Select:
    """The statement of :func:`open_demand`."""
    supported = Opportunity.language_support.is_(True)
    groups = (Opportunity.kind, Opportunity.dutch_level, _hours_band())
    return (
        select(
            *groups,
            func.count(),
            func.sum(Opportunity.places),
            func.sum(case((supported, 1), else_=0)),
            func.sum(case((supported, Opportunity.places), else_=0)),
            *(
                func.sum(case((getattr(Opportunity, column).is_(True), 1), else_=0))
                for column in SCHEDULE_COLUMNS.values()
            ),
        )
        .where(*open_during(filters))
        .group_by(*groups)
    )


@kept("opportunities")
def open_demand(filters: InsightFilters) -> tuple[Count, ...]:
    """The breakdowns of the open opportunities that need no join (the totals, per
    kind, per Dutch level with and without language support, per band of hours, per
    moment of work), from one statement grouped by kind, level and band at once (a few
    dozen groups), added up here: one pass over the opportunities instead of one per
    breakdown. Counts keyed ``"<breakdown>:<key>"``; the functions below each read
    their own."""
    rows = read_session().execute(_open_demand_statement(filters)).all()
    # Per breakdown, key: [units, total]; for the levels [units, supported units,
    # places, supported places].
    kinds, levels, bands = {}, {}, {}
    for kind, level, hours, units, places, helped, helped_places, *_flags in rows:
        # A try-out has no band (see ``_hours_band``): it counts in every other breakdown.
        pairs = ((kinds, kind), (bands, hours)) if hours is not None else ((kinds, kind),)
        for sums, key in pairs:
            entry = sums.setdefault(key or "", [0, 0])
            entry[0] += units
            entry[1] += places or 0
        entry = levels.setdefault(level or "", [0, 0, 0, 0])
        entry[0] += units
        entry[1] += helped or 0
        entry[2] += places or 0
        entry[3] += helped_places or 0
    schedule = [sum(row[7 + index] or 0 for row in rows) for index in range(len(SCHEDULE_COLUMNS))]
    return (
        Count("total:", sum(row[3] for row in rows), float(sum(row[4] or 0 for row in rows))),
        *(Count(f"kind:{key}", units, float(total)) for key, (units, total) in kinds.items()),
        *(Count(f"hours:{key}", units, float(total)) for key, (units, total) in bands.items()),
        *(Count(f"dutch:{key}", sums[0], float(sums[1])) for key, sums in levels.items()),
        *(Count(f"places:{key}", sums[0], float(sums[2])) for key, sums in levels.items()),
        *(
            Count(f"supported places:{key}", sums[1], float(sums[3]))
            for key, sums in levels.items()
            if sums[1]
        ),
        *(
            Count(f"schedule:{moment}", int(value))
            for moment, value in zip(SCHEDULE_COLUMNS, schedule, strict=True)
        ),
    )


def _breakdown(filters: InsightFilters, name: str) -> tuple[Count, ...]:
    """The counts of one breakdown of :func:`open_demand`, keyed by their own key."""
    prefix = f"{name}:"
    return tuple(
        Count(count.key[len(prefix) :], count.units, count.total)
        for count in open_demand(filters)
        if count.key.startswith(prefix)
    )


def demand_totals(filters: InsightFilters) -> Count:
    """How many opportunities were open, and their places."""
    [totals] = _breakdown(filters, "total")
    return totals


def demand_by_kind(filters: InsightFilters) -> tuple[Count, ...]:
    return _breakdown(filters, "kind")


def demand_by_dutch_level(filters: InsightFilters) -> tuple[Count, ...]:
    """Open opportunities per Dutch level asked; ``total`` is how many of them offer
    language support."""
    return _breakdown(filters, "dutch")


def places_by_dutch_level(filters: InsightFilters, supported: bool = False) -> tuple[Count, ...]:
    """Open opportunities (``units``) and their places (``total``) per Dutch level
    asked; with ``supported``, only those with language support on the job. The
    demand the supply page sets beside the candidates' levels."""
    return _breakdown(filters, "supported places" if supported else "places")


def demand_by_hours(filters: InsightFilters) -> tuple[Count, ...]:
    """Open opportunities per band of hours per week (:data:`HOURS_BANDS`), try-outs
    left out (``vocab.KINDS_WITHOUT_WEEKLY_HOURS``)."""
    return _breakdown(filters, "hours")


def demand_by_schedule(filters: InsightFilters) -> tuple[Count, ...]:
    """How many open opportunities have work at each moment (one opportunity can have
    several, so these do not add up to the total)."""
    return _breakdown(filters, "schedule")


def isco_level_of(group: str) -> int:
    """The level shown inside ``group``: 1 at the top, up to 4; 5 means the ESCO
    occupations of a 4-digit unit group."""
    return len(group) + 1


def _group_key(group: str):
    """The column that groups occupations one level below ``group``."""
    level = isco_level_of(group)
    if level > 4:
        return cast(Occupation.id, String)
    return func.substr(Occupation.isco_code, 1, level)


def _in_group(group: str) -> list:
    return [Occupation.isco_code.startswith(group)] if group else []


@kept("opportunities")
def demand_by_occupation(filters: InsightFilters) -> tuple[Count, ...]:
    """Open opportunities and places per occupation group one level below
    ``filters.group`` (or per ESCO occupation inside a 4-digit group)."""
    key = _group_key(filters.group)
    return counts_of(
        select(key, func.count(), func.sum(Opportunity.places))
        .join(Occupation, Occupation.id == Opportunity.occupation_id)
        .where(*open_during(filters), *_in_group(filters.group))
        .group_by(key)
    )


@kept("opportunities")
def demand_by_municipality(filters: InsightFilters) -> tuple[Count, ...]:
    return counts_of(
        select(Postcode.municipality, func.count(), func.sum(Opportunity.places))
        .join(Postcode, Postcode.code == Opportunity.postcode)
        .where(*open_during(filters))
        .group_by(Postcode.municipality)
    )


@kept("opportunities")
def monthly_published(filters: InsightFilters) -> tuple[Count, ...]:
    """Opportunities first published in each month of the period."""
    month = year_month(Opportunity.published_at)
    return counts_of(
        select(month, func.count(), func.sum(Opportunity.places))
        .where(
            Opportunity.published_at.between(filters.start_moment, filters.end_moment),
            *_scope(filters),
        )
        .group_by(month)
    )


@kept("opportunities")
def monthly_filled(filters: InsightFilters) -> tuple[Count, ...]:
    """Opportunities marked filled in each month of the period."""
    month = year_month(Opportunity.filled_at)
    return counts_of(
        select(month, func.count(), func.sum(Opportunity.places))
        .where(*filled_during(filters))
        .group_by(month)
    )


@kept("opportunities")
def asked_skills(filters: InsightFilters, minimum: int) -> tuple[Count, ...]:
    """Skills asked by at least ``minimum`` open opportunities (must-have or
    nice-to-have), keyed by skill id; ``total`` counts the must-haves."""
    must = func.sum(case((OpportunitySkill.required.is_(True), 1), else_=0))
    return counts_of(
        select(cast(OpportunitySkill.skill_id, String), func.count(), must)
        .join(Opportunity, Opportunity.id == OpportunitySkill.opportunity_id)
        .where(*open_during(filters))
        .group_by(OpportunitySkill.skill_id)
        .having(func.count() >= minimum)
    )


@kept("opportunities")
def time_to_fill(filters: InsightFilters) -> tuple[Count, ...]:
    """Per kind: how many opportunities were filled during the period, and the average
    days from their first publication to being filled (in ``total``)."""
    return counts_of(
        select(
            Opportunity.kind,
            func.count(),
            func.avg(days_between(Opportunity.published_at, Opportunity.filled_at)),
        )
        .where(*filled_during(filters))
        .group_by(Opportunity.kind)
    )


@kept("opportunities")
def time_to_fill_overall(filters: InsightFilters) -> Count:
    units, average = read_session().execute(
        select(
            func.count(), func.avg(days_between(Opportunity.published_at, Opportunity.filled_at))
        ).where(*filled_during(filters))
    ).one()
    return Count("", int(units), float(average or 0))


@kept("opportunities")
def proposals_per_opportunity(filters: InsightFilters, proposal_table) -> Count:
    """How many open opportunities there were and how many proposals they received
    (``total``). ``proposal_table`` is the proposals domain's table (a ``proposal``
    with an ``opportunity_id``); the dashboard asks only when that table exists.
    Kept like the others: a proposal written or removed raises the opportunities'
    stamp (``Proposal.__data_version__``)."""
    proposals = (
        select(proposal_table.c.opportunity_id, func.count().label("proposals"))
        .group_by(proposal_table.c.opportunity_id)
        .subquery()
    )
    units, total = read_session().execute(
        select(func.count(), func.sum(func.coalesce(proposals.c.proposals, 0)))
        .select_from(Opportunity)
        .outerjoin(proposals, proposals.c.opportunity_id == Opportunity.id)
        .where(*open_during(filters))
    ).one()
    return Count("", int(units), float(total or 0))


def organisation_sector(organisation_id: int) -> str | None:
    return db.session.scalar(select(Organisation.sector).where(Organisation.id == organisation_id))
