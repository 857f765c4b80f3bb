"""Lookups of ranking models (admins see them all; the permission guards the pages), and
the counts of the fairness report, made by the database (``fairness_counts``)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import and_, case, func, literal, select, union_all

from marketplace.accounts.models import Organisation
from marketplace.accounts.roles import OrganisationKind
from marketplace.audit.models import AuditEvent
from marketplace.candidates.identity import AGE_BAND_YEARS
from marketplace.candidates.report_copies import CandidateFairness, FairnessPlace
from marketplace.extensions import db
from marketplace.insights.queries import InsightFilters
from marketplace.opportunities.models import Opportunity
from marketplace.proposals.models import Proposal, ProposalEvent
from marketplace.proposals.vocab import KINDS_WITHOUT_PLACEMENT, ProposalState
from marketplace.ranking.models import RankingModel
from marketplace.ranking.operations import SUBJECT

#: The proposal states that show the employer invited the candidate (a hire passes it).
INVITED_STATES = (ProposalState.INTERVIEW, ProposalState.HIRED)


def models_newest_first() -> list[RankingModel]:
    return list(
        db.session.scalars(
            select(RankingModel).order_by(RankingModel.trained_at.desc(), RankingModel.id.desc())
        )
    )


def model_or_404(model_id: int) -> RankingModel:
    model = db.session.get(RankingModel, model_id)
    if model is None:
        abort(404)
    return model


def model_events(model_id: int, actions: tuple[str, ...]) -> list[AuditEvent]:
    """The audit events of ``actions`` about one ranking model, oldest first."""
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.subject_type == SUBJECT,
                   AuditEvent.subject_id == model_id, AuditEvent.action.in_(actions))
            .order_by(AuditEvent.id)
        )
    )


@dataclass(frozen=True)
class GroupCounts:
    """Exact counts for one combination of the four characteristics of the fairness
    report (``None`` where a candidate did not say or has none)."""

    gender: str | None
    age_low: int | None
    dutch_level: str | None
    first_language: str | None
    eligible: int
    top10: int
    top10_places: int
    proposed: int
    invited: int
    #: Hired for work: a job, an internship or a volunteering place.
    hired: int
    #: Accepted on a course or a try-out (``proposals.vocab.KINDS_WITHOUT_PLACEMENT``).
    accepted: int


def partner_organisations() -> list[tuple[str, str]]:
    """``(id, name)`` of every partner organisation, by name: the report's filter."""
    rows = db.session.execute(
        select(Organisation.id, Organisation.name)
        .where(Organisation.kind == OrganisationKind.PARTNER)
        .order_by(Organisation.name)
    ).all()
    return [(str(id_), name) for id_, name in rows]


def _proposal_stages(filters: InsightFilters):
    """Per candidate proposed during the period: 1 when a proposal of the period was
    ever answered with an invitation (or a hire, which passes that stage), 1 when one
    for work was ever answered with a hire and 1 when one for a course or try-out was
    ever answered with one (an acceptance), from the proposal's history, so a later
    change does not erase the stage reached. Someone hired for a job and accepted on a
    course counts in both. Only the period's proposals' events are read; the kind
    comes from the proposal's opportunity (joined by its key)."""
    hire = ProposalEvent.to_state == ProposalState.HIRED
    learning = Opportunity.kind.in_(sorted(KINDS_WITHOUT_PLACEMENT))
    invited = case((ProposalEvent.to_state.in_(INVITED_STATES), 1), else_=0)
    hired = case((and_(hire, ~learning), 1), else_=0)
    accepted = case((and_(hire, learning), 1), else_=0)
    return (
        select(
            Proposal.candidate_id,
            func.max(invited).label("invited"),
            func.max(hired).label("hired"),
            func.max(accepted).label("accepted"),
        )
        .join(Opportunity, Opportunity.id == Proposal.opportunity_id)
        .outerjoin(ProposalEvent, ProposalEvent.proposal_id == Proposal.id)
        .where(Proposal.created_at.between(filters.start_moment, filters.end_moment))
        .group_by(Proposal.candidate_id)
        .subquery()
    )


def _age_low(birth_year, end_year: int):
    """The first age of the band (``identity.age_band``) someone born in ``birth_year``
    is in at the end of ``end_year``, in integers on both databases; None without a
    birth year or with one after the period."""
    age = end_year - birth_year
    return case(
        (birth_year.is_(None), None),
        (birth_year > end_year, None),
        (age < 15, 15),
        else_=15 + ((age - 15) // AGE_BAND_YEARS) * AGE_BAND_YEARS,
    )


def _eligible(filters: InsightFilters, organisation_id: int | None):
    """The eligible candidates per combination of the characteristics (with the birth
    year as it is), from ``candidate_fairness`` in the order of a covering index
    (``ix_candidate_fairness_groups``, or ``..._organisation_groups`` for one
    partner), so SQLite groups the rows as it reads them."""
    people = CandidateFairness
    query = (
        select(*_traits(people), func.count().label("eligible"))
        .where(people.created_at <= filters.end_moment)
        .group_by(*_traits(people))
    )
    if organisation_id is not None:
        query = query.where(people.organisation_id == organisation_id)
    return query


def _places(filters: InsightFilters, organisation_id: int | None):
    """The period's top-10 places and the distinct people who had one, per combination,
    from ``fairness_place`` alone: its covering index ``ix_fairness_place_groups`` holds
    the rows in group order and per candidate within a group, so both databases count
    while reading it (no join, no grouping per candidate, no sort)."""
    places = FairnessPlace
    query = (
        select(
            *_traits(places),
            func.count(places.candidate_id.distinct()).label("top10"),
            func.count().label("places"),
        )
        .where(
            places.shown_on.between(filters.start, filters.end),
            places.created_at <= filters.end_moment,
        )
        .group_by(*_traits(places))
    )
    if organisation_id is not None:
        query = query.where(places.organisation_id == organisation_id)
    return query


def _proposed(filters: InsightFilters, organisation_id: int | None):
    """The people proposed during the period and the stages they reached, per
    combination (the period's proposals are a few thousand rows)."""
    stages, people = _proposal_stages(filters), CandidateFairness
    query = (
        select(
            *_traits(people),
            func.count().label("proposed"),
            func.sum(stages.c.invited).label("invited"),
            func.sum(stages.c.hired).label("hired"),
            func.sum(stages.c.accepted).label("accepted"),
        )
        .join(people, people.candidate_id == stages.c.candidate_id)
        .where(people.created_at <= filters.end_moment)
        .group_by(*_traits(people))
    )
    if organisation_id is not None:
        query = query.where(people.organisation_id == organisation_id)
    return query


def _traits(table) -> tuple:
    return (table.gender, table.dutch_level, table.first_language, table.birth_year)


#: The counts of ``GroupCounts``, in its order.
_COUNTS = ("eligible", "top10", "places", "proposed", "invited", "hired", "accepted")


def _padded(query, names: tuple[str, ...]):
    """``query``'s characteristics and counts, with 0 for the counts it does not make,
    so the three parts can be stacked with ``UNION ALL``."""
    part = query.subquery()
    return select(
        *(part.c[name] for name in ("gender", "dutch_level", "first_language", "birth_year")),
        *(part.c[name] if name in names else literal(0).label(name) for name in _COUNTS),
    )


def fairness_counts(filters: InsightFilters, organisation_id: int | None) -> list[GroupCounts]:
    """The eligible candidates (not erased, with open consent, added by the end of the
    period; of one partner organisation or all) and how many reached each stage,
    counted by the database per combination of gender, age band, Dutch level and first
    language.

    One statement of three parts, each counted per combination with the birth year as
    it is: the eligible people (``candidate_fairness``), the period's top-10 places and
    the people who had one (``fairness_place``; both tables are kept by
    ``candidates/fairness_traits.py``) and the period's proposals (with their
    opportunity's kind, which splits a hire for work from an acceptance on a course or
    try-out in the same pass). Each part groups in
    the order of its own index; no part joins the 100,000 people with anything. The
    parts are stacked (``UNION ALL``) and the outer ``GROUP BY`` adds them up and folds
    birth years into age bands (a few tens of thousands of rows at most)."""
    parts = union_all(
        _padded(_eligible(filters, organisation_id), ("eligible",)),
        _padded(_places(filters, organisation_id), ("top10", "places")),
        _padded(_proposed(filters, organisation_id),
                ("proposed", "invited", "hired", "accepted")),
    ).subquery()
    # Grouped by the subquery's column, not by the CASE with bound parameters, which
    # PostgreSQL would not recognise as the same expression.
    banded = select(
        parts.c.gender,
        _age_low(parts.c.birth_year, filters.end.year).label("age_low"),
        parts.c.dutch_level,
        parts.c.first_language,
        *(parts.c[name] for name in _COUNTS),
    ).subquery()
    keys = (banded.c.gender, banded.c.age_low, banded.c.dutch_level, banded.c.first_language)
    rows = db.session.execute(
        select(*keys, *(func.sum(banded.c[name]) for name in _COUNTS)).group_by(*keys)
    ).all()
    return [
        GroupCounts(row[0], None if row[1] is None else int(row[1]), row[2], row[3],
                    *(int(value or 0) for value in row[4:]))
        for row in rows
    ]
