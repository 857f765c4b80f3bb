"""Select builders and lookups for opportunities, always scoped to what the user may see.

* Employers: their own organisation's opportunities, in every status.
* Coaches: published opportunities only.
* Admins: every opportunity.
* Anyone else (analysts): none; they get totals in another domain.

An id outside that scope is a 404, never someone else's record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from flask import abort
from sqlalchemy import Integer, Select, and_, bindparam, case, false, func, select
from sqlalchemy.orm import Bundle, lazyload, load_only

from marketplace.accounts.roles import Role
from marketplace.extensions import db
from marketplace.opportunities.models import (
    Opportunity,
)
from marketplace.opportunities.vocab import (
    OpportunityKind,
    OpportunityStatus,
    kinds_for,
)
from marketplace.proposals.list_queries import states_of, waiting_count_column
from marketplace.taxonomy.label_text import fold
from marketplace.taxonomy.models import IscoGroup, Postcode
from marketplace.taxonomy.queries import postcodes_within, search_occupations
from marketplace.web.i18n import current_language


def _own(user) -> list:
    """The conditions of "one of the user's organisation's own opportunities": every
    kind for an employer, a federation (analyst) only the kinds it may offer."""
    conditions = [Opportunity.organisation_id == user.organisation_id]
    if user.role == Role.ANALYST:
        conditions.append(Opportunity.kind.in_(
            [str(kind) for kind in kinds_for(user.organisation.kind)]))
    return conditions


def visible_opportunities(user) -> Select:
    """Every opportunity ``user`` may open, as a select to narrow further."""
    if user.role in (Role.EMPLOYER, Role.ANALYST):
        return select(Opportunity).where(*_own(user))
    return visible_to_role(user.role)


def visible_to_role(role: str) -> Select:
    """``visible_opportunities`` of a role that sees the same ones in every
    organisation (an admin, a coach; anyone else but an employer or analyst none)."""
    query = select(Opportunity)
    if role == Role.ADMIN:
        return query
    if role == Role.COACH:
        return query.where(Opportunity.status == OpportunityStatus.PUBLISHED)
    return query.where(false())


def visible_opportunity_or_404(opportunity_id: int, user) -> Opportunity:
    query = visible_opportunities(user).where(Opportunity.id == opportunity_id)
    return db.session.scalars(query).one_or_none() or abort(404)


def managed_opportunity_or_404(opportunity_id: int, user, *options) -> Opportunity:
    """An opportunity ``user`` may change: one of their own organisation's, loaded
    with ``options`` (``only_columns`` for a page that shows a few of them)."""
    if user.role not in (Role.EMPLOYER, Role.ANALYST):
        abort(404)
    query = (select(Opportunity).where(Opportunity.id == opportunity_id, *_own(user))
             .options(*options))
    return db.session.scalars(query).one_or_none() or abort(404)


def only_columns(*columns) -> tuple:
    """Load options for opportunities of which a page shows only ``columns``: not the
    description and notes, nor the organisation, occupation and place every load joins
    otherwise (wide rows: PostgreSQL spent milliseconds planning and reading them)."""
    return (load_only(*columns), lazyload(Opportunity.organisation),
            lazyload(Opportunity.occupation), lazyload(Opportunity.place))


def organisation_opportunities(organisation_id: int, status: str | None = None) -> Select:
    """An organisation's opportunities, most recently changed first."""
    query = (
        select(Opportunity)
        .where(Opportunity.organisation_id == organisation_id)
        .order_by(Opportunity.updated_at.desc(), Opportunity.id.desc())
    )
    if status:
        query = query.where(Opportunity.status == status)
    return query


@dataclass(frozen=True, slots=True)
class ListedOpportunity:
    """One opportunity of the employer's list (``opportunities/mine.html``): the columns
    it shows, as a plain object. Loaded as ORM objects, the 25 of a page took about a
    millisecond more to read than the rows."""

    id: int
    title: str
    kind: str
    status: str
    places: int
    hired_count: int | None
    seats_taken: int | None
    postcode: str | None
    closes_on: date | None
    updated_at: datetime
    #: ``proposals.list_queries.states_of``: its proposals' states, for their counts.
    proposal_states: str | None
    #: How many proposals wait for the organisation's answer, for the menu's count.
    waiting: int
    #: ``Opportunity.places_left``, the model's own rule over the same columns.
    places_left = Opportunity.places_left


class _ListedBundle(Bundle):
    """The columns of ``ListedOpportunity``, each row read as one."""

    def create_row_processor(self, query, procs, labels):
        def listed(row) -> ListedOpportunity:
            return ListedOpportunity(*[proc(row) for proc in procs])
        return listed


@cache
def _listed_select(with_status: bool) -> Select:
    """The statement of ``listed_opportunities`` for the bound ``organisation_id`` (and
    ``status``), built once per process: only the columns the list shows (the whole
    rows joined to their neighbours took 5-15 ms on PostgreSQL), with each one's
    proposal states and the menu's count of what waits for an answer (no statement of
    their own: on a page that shows them all, a statement costs more than the columns).
    Built on first use:
    ``Opportunity.seats_taken`` is the try-outs' (tryouts/models.py)."""
    columns = _ListedBundle(
        "opportunity", Opportunity.id, Opportunity.title, Opportunity.kind,
        Opportunity.status, Opportunity.places, Opportunity.hired_count,
        Opportunity.seats_taken, Opportunity.postcode, Opportunity.closes_on,
        Opportunity.updated_at, states_of(Opportunity.id), waiting_count_column())
    query = (select(columns)
             .where(Opportunity.organisation_id == bindparam("organisation_id"))
             .order_by(Opportunity.updated_at.desc(), Opportunity.id.desc()))
    if with_status:
        query = query.where(Opportunity.status == bindparam("status"))
    return query


def listed_opportunities(organisation_id: int, status: str | None = None) -> Select:
    """``organisation_opportunities`` as the employer's list shows them, one
    ``ListedOpportunity`` per row (``session.scalars``). The values go in with
    ``params``: a fraction of what building the statement on each request cost."""
    if status:
        return _listed_select(True).params(organisation_id=organisation_id, status=status)
    return _listed_select(False).params(organisation_id=organisation_id)


#: The statement of ``list_counts``, built once (building a select and its cache key
#: costs about 0.1 ms of each request).
_LIST_COUNTS = (
    select(Opportunity.status, Opportunity.kind, func.count())
    .where(Opportunity.organisation_id == bindparam("organisation_id"))
    .group_by(Opportunity.status, Opportunity.kind)
)


def list_counts(organisation_id: int,
                status: str | None = None) -> tuple[dict[str, int], dict[str, int]]:
    """``(status_counts, kind_counts)`` of the employer's list, in one statement: how many
    opportunities the organisation has in each status (every status listed), and of
    each kind among those of ``status`` (all when None), for the list's caption."""
    rows = db.session.execute(_LIST_COUNTS, {"organisation_id": organisation_id}).all()
    counts = dict.fromkeys(OpportunityStatus, 0)
    kinds: dict[str, int] = {}
    for row_status, kind, count in rows:
        counts[row_status] += count
        if status is None or row_status == status:
            kinds[kind] = kinds.get(kind, 0) + count
    return counts, kinds


def _open_places_sum():
    """``Opportunity.places_left`` of the published ones, summed in SQL: one sum
    instead of every opportunity loaded (a try-out's places taken are its seats)."""
    taken = case((Opportunity.kind == OpportunityKind.TRYOUT, Opportunity.seats_taken),
                 else_=Opportunity.hired_count)
    left = Opportunity.places - taken
    return func.coalesce(func.sum(case(
        (and_(Opportunity.status == OpportunityStatus.PUBLISHED, left > 0), left), else_=0)), 0)


@cache
def _status_summary_select() -> Select:
    """The statement of ``status_summary`` for the bound ``organisation_id``, built once
    per process (with its sum of the places left, building it and its cache key cost a
    few tenths of a millisecond of each request). Built on first use, not on import:
    ``Opportunity.seats_taken`` is the try-outs' (tryouts/models.py)."""
    return (
        select(Opportunity.status, func.count(), _open_places_sum())
        .where(Opportunity.organisation_id == bindparam("organisation_id"))
        .group_by(Opportunity.status)
    )


def status_summary(organisation_id: int) -> tuple[dict[str, int], int]:
    """``(status_counts, open_places)`` of the organisation, in one statement (the
    employer's home shows both)."""
    rows = db.session.execute(_status_summary_select(), {"organisation_id": organisation_id}).all()
    counts = dict.fromkeys(OpportunityStatus, 0)
    counts.update({status: count for status, count, _places in rows})
    # int: PostgreSQL sums integers as numeric, and ngettext wants a whole number
    return counts, sum(int(places) for _status, _count, places in rows)


def open_places(organisation_id: int) -> int:
    """Places left in the organisation's published opportunities."""
    return db.session.scalar(
        select(_open_places_sum()).where(Opportunity.organisation_id == organisation_id,
                                         Opportunity.status == OpportunityStatus.PUBLISHED))


#: The statement of ``recent_opportunities``, built once.
_RECENT = (
    organisation_opportunities(bindparam("organisation_id"))
    .with_only_columns(Opportunity.id, Opportunity.title, Opportunity.status)
    .limit(bindparam("limit", type_=Integer))
)


def recent_opportunities(organisation_id: int, limit: int) -> list:
    """The ``limit`` most recently changed of the organisation's opportunities: id,
    title and status only (rows, not objects with their joined neighbours)."""
    return db.session.execute(_RECENT,
                              {"organisation_id": organisation_id, "limit": limit}).all()


# --- places: a postcode or a municipality, and a radius ---------------------------------


def postcodes_for_place(text: str) -> list[str]:
    """The postcodes a person means by ``text``: a known 4-digit postcode, or every
    postcode of a municipality or place name (accents and case ignored). Empty when
    nothing matches."""
    text = (text or "").strip()
    if text.isdigit():
        return [text] if len(text) == 4 and db.session.get(Postcode, text) else []
    wanted = fold(text)
    if not wanted:
        return []
    rows = db.session.execute(select(Postcode.code, Postcode.municipality, Postcode.places))
    return sorted(
        code
        for code, municipality, places in rows
        if fold(municipality) == wanted or wanted in (fold(p) for p in places.split(", "))
    )


def postcodes_around(codes: list[str], radius_km: float | None) -> list[str]:
    """``codes`` and every postcode within ``radius_km`` of one of them."""
    if not radius_km:
        return list(codes)
    found: set[str] = set()
    for code in codes:
        found.update(postcodes_within(code, radius_km))
    return sorted(found)


def isco_group_exists(code: str) -> bool:
    return db.session.get(IscoGroup, code) is not None


def occupation_suggestions(title: str, limit: int = 5):
    """Occupations that fit a typed title best, labelled in the user's language."""
    title = (title or "").strip()[:200]
    return search_occupations(title, current_language(), limit=limit) if title else []
