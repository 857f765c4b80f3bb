"""The coaches' and admins' browse of opportunities: the checked filters, the select
they make within what the user may see (``queries.visible_opportunities``' scope), and
the counts by kind that the page's count line names.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import lru_cache

from sqlalchemy import Select, and_, func, or_, select

from marketplace.accounts.models import Organisation
from marketplace.accounts.roles import Role
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities.models import (
    Opportunity,
    opportunity_occupation,
    without_weekly_hours,
)
from marketplace.opportunities.queries import visible_opportunities, visible_to_role
from marketplace.opportunities.vocab import (
    SCHEDULE_COLUMNS,
    OpportunityStatus,
    levels_open_to,
)
from marketplace.taxonomy.models import Occupation


@dataclass
class BrowseFilters:
    """Checked browse filters; None (or empty) means: do not filter on it."""

    q: str | None = None
    kind: str | None = None
    occupation_text: str | None = None
    isco_prefix: str | None = None
    sector: str | None = None
    postcodes: list[str] | None = None
    dutch_level: str | None = None
    support_only: bool = False
    hours_min: float | None = None
    hours_max: float | None = None
    schedule: list[str] = field(default_factory=list)
    #: None: published (and not past its closing date); "all": every status.
    status: str | None = None


def _has_occupation_in(occupation_ids: Select):
    """The opportunity's main occupation, or one of a try-out's further occupations,
    is among ``occupation_ids``."""
    further = select(opportunity_occupation.c.opportunity_id).where(
        opportunity_occupation.c.occupation_id.in_(occupation_ids))
    return or_(Opportunity.occupation_id.in_(occupation_ids), Opportunity.id.in_(further))


def _hours_fit(condition):
    """``condition`` on the hours a week, for the kinds that show them; a kind without
    weekly hours (a try-out: one session) passes any hours filter."""
    return or_(without_weekly_hours(), condition)


def browse_opportunities(user, filters: BrowseFilters) -> Select:
    """The opportunities ``user`` may browse that pass ``filters``, newest first.

    Coaches only ever get published opportunities whose closing date has not passed;
    admins can ask for other statuses.
    """
    today = local_today()
    if user.role in (Role.COACH, Role.ADMIN):  # the same select for every coach (admin)
        return _kept_browse(user.role, today, _filters_key(filters))
    return _browse(visible_opportunities(user), user.role, filters, today)


def _filters_key(filters: BrowseFilters) -> tuple:
    """``filters`` as a tuple that can be a key (its lists as tuples)."""
    return tuple(tuple(value) if isinstance(value, list) else value
                 for value in (getattr(filters, each.name) for each in fields(filters)))


@lru_cache(maxsize=256)
def _kept_browse(role: str, today, key: tuple) -> Select:
    """``browse_opportunities`` of a coach or an admin, kept per day and filters:
    building it and its conditions cost about a millisecond of each browse page, and
    most pages ask for the same few (no filter at all, a place, a kind)."""
    filters = BrowseFilters(*(list(value) if isinstance(value, tuple) else value
                              for value in key))
    return _browse(visible_to_role(role), role, filters, today)


def _browse(query: Select, role: str, filters: BrowseFilters, today) -> Select:
    """``query`` (the opportunities the user may open) narrowed by ``filters``."""
    newest_first = Opportunity.published_at.desc()
    if filters.status and role == Role.ADMIN:
        if filters.status != "all":
            query = query.where(Opportunity.status == filters.status)
        # Drafts were never published: last, on both databases.
        newest_first = newest_first.nulls_last()
    else:
        query = query.where(
            Opportunity.status == OpportunityStatus.PUBLISHED,
            or_(Opportunity.closes_on.is_(None), Opportunity.closes_on >= today),
        )
    if filters.kind:
        query = query.where(Opportunity.kind == filters.kind)
    if filters.q:
        needle = filters.q.lower()
        query = query.where(
            or_(
                func.lower(Opportunity.title).contains(needle, autoescape=True),
                func.lower(Opportunity.description).contains(needle, autoescape=True),
            )
        )
    if filters.isco_prefix:
        query = query.where(_has_occupation_in(
            select(Occupation.id).where(Occupation.isco_code.startswith(filters.isco_prefix))
        ))
    if filters.occupation_text:
        needle = filters.occupation_text.lower()
        labels = (Occupation.label_nl, Occupation.label_en,
                  Occupation.alt_labels_nl, Occupation.alt_labels_en)
        query = query.where(_has_occupation_in(
            select(Occupation.id).where(
                or_(*(func.lower(label).contains(needle, autoescape=True) for label in labels))
            )
        ))
    if filters.sector:
        query = query.where(
            Opportunity.organisation_id.in_(
                select(Organisation.id).where(Organisation.sector == filters.sector)
            )
        )
    if filters.postcodes is not None:
        query = query.where(Opportunity.postcode.in_(filters.postcodes))
    if filters.dutch_level:
        levels, with_support = levels_open_to(filters.dutch_level)
        open_to = Opportunity.dutch_level.in_([str(level) for level in levels])
        if with_support is not None:
            open_to = or_(
                open_to,
                and_(Opportunity.language_support.is_(True),
                     Opportunity.dutch_level == str(with_support)),
            )
        query = query.where(open_to)
    if filters.support_only:
        query = query.where(Opportunity.language_support.is_(True))
    if filters.hours_min is not None:
        query = query.where(_hours_fit(Opportunity.hours_per_week >= filters.hours_min))
    if filters.hours_max is not None:
        query = query.where(_hours_fit(Opportunity.hours_per_week <= filters.hours_max))
    if filters.schedule:
        query = query.where(
            or_(*(getattr(Opportunity, SCHEDULE_COLUMNS[moment]).is_(True)
                  for moment in filters.schedule))
        )
    # Published ones always have ``published_at``: a plain DESC lets PostgreSQL read the
    # (status, published_at) index backwards instead of sorting.
    return query.order_by(newest_first, Opportunity.id.desc())


def kind_counts(query: Select) -> dict[str, int]:
    """How many rows of ``query`` (a select of opportunities, as ``browse_opportunities``
    makes it) there are of each kind, for the kinds it holds: one grouped count, which
    also gives the page its total."""
    rows = db.session.execute(_counts_of(query))
    return {kind: count for kind, count in rows}


@lru_cache(maxsize=256)
def _counts_of(query: Select) -> Select:
    """The statement of ``kind_counts``, kept for a kept ``query`` (``_kept_browse``;
    a select is its own key, by identity)."""
    return (query.order_by(None).with_only_columns(Opportunity.kind, func.count())
            .group_by(Opportunity.kind))
