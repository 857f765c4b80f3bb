"""Lookups of ranking models (admins see them all; the permission guards the pages), and
the counts of the fairness report, made by the database (``fairness_counts``)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import case, func, select

from marketplace.accounts.models import Organisation
from marketplace.audit.models import AuditEvent
from marketplace.candidates.identity import AGE_BAND_YEARS
from marketplace.candidates.models import CandidateFairness
from marketplace.extensions import db
from marketplace.insights.queries import InsightFilters
from marketplace.proposals.models import Proposal, ProposalEvent
from marketplace.proposals.vocab import ProposalState
from marketplace.ranking.models import RankingModel
from marketplace.ranking.operations import SUBJECT
from marketplace.security import OrganisationKind
from marketplace.suggestions.models import SuggestionEntry, SuggestionList
from marketplace.suggestions.vocab import SuggestionSubject

#: The places of a suggestion list that count as "in the top".
TOP_PLACES = 10

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
    hired: int


def partner_organisations() -> list[tuple[str, str]]:
    """``(id, name)`` of every partner organisation, by name: the report's filter."""
    rows = db.session.execute(
        select(Organisation.id, Organisation.name)
        .where(Organisation.kind == OrganisationKind.PARTNER)
        .order_by(Organisation.name)
    ).all()
    return [(str(id_), name) for id_, name in rows]


def _top10_places(filters: InsightFilters):
    """Per candidate, the places in the first ten of ranked lists of candidates for an
    opportunity shown during the period (Werkbrug's own lists only)."""
    return (
        select(SuggestionEntry.candidate_id, func.count().label("places"))
        .join(SuggestionList, SuggestionList.id == SuggestionEntry.list_id)
        .where(
            SuggestionList.ranked.is_(True),
            SuggestionList.subject == SuggestionSubject.OPPORTUNITY,
            SuggestionEntry.rank <= TOP_PLACES,
            SuggestionList.shown_at.between(filters.start_moment, filters.end_moment),
        )
        .group_by(SuggestionEntry.candidate_id)
        .subquery()
    )


def _proposal_stages(filters: InsightFilters):
    """Per candidate proposed during the period: 1 when a proposal of the period was
    ever answered with an invitation (or a hire, which passes that stage) and 1 when
    one was ever answered with a hire (from the proposal's history, so a later change
    does not erase the stage reached). Only the period's proposals' events are read."""
    invited = case((ProposalEvent.to_state.in_(INVITED_STATES), 1), else_=0)
    hired = case((ProposalEvent.to_state == ProposalState.HIRED, 1), else_=0)
    return (
        select(
            Proposal.candidate_id,
            func.max(invited).label("invited"),
            func.max(hired).label("hired"),
        )
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


def fairness_counts(filters: InsightFilters, organisation_id: int | None) -> list[GroupCounts]:
    """The eligible candidates (not erased, with open consent, added by the end of the
    period; of one partner organisation or all) and how many reached each stage,
    counted by the database per combination of gender, age band, Dutch level and first
    language: one query over ``candidate_fairness`` (kept by
    ``candidates/fairness_traits.py``: one narrow row per eligible candidate) with the
    period's top-10 places and proposal stages per candidate joined to it.

    The inner ``GROUP BY`` takes the birth year as it is, in the order of a covering
    index (``ix_candidate_fairness_groups``, or ``..._organisation_groups`` for one
    partner), so SQLite groups the rows as it reads them;
    the outer one folds birth years into age bands (a few thousand rows at most)."""
    top10, stages = _top10_places(filters), _proposal_stages(filters)
    people = CandidateFairness
    inner = (
        select(
            people.gender,
            people.dutch_level,
            people.first_language,
            people.birth_year,
            func.count().label("eligible"),
            func.count(top10.c.candidate_id).label("top10"),
            func.coalesce(func.sum(top10.c.places), 0).label("places"),
            func.count(stages.c.candidate_id).label("proposed"),
            func.coalesce(func.sum(stages.c.invited), 0).label("invited"),
            func.coalesce(func.sum(stages.c.hired), 0).label("hired"),
        )
        .outerjoin(top10, top10.c.candidate_id == people.candidate_id)
        .outerjoin(stages, stages.c.candidate_id == people.candidate_id)
        .where(people.created_at <= filters.end_moment)
        .group_by(people.gender, people.dutch_level, people.first_language, people.birth_year)
    )
    if organisation_id is not None:
        inner = inner.where(people.organisation_id == organisation_id)
    inner = inner.subquery()
    names = ("eligible", "top10", "places", "proposed", "invited", "hired")
    # Grouped by the subquery's column, not by the CASE with bound parameters, which
    # PostgreSQL would not recognise as the same expression.
    banded = select(
        inner.c.gender,
        _age_low(inner.c.birth_year, filters.end.year).label("age_low"),
        inner.c.dutch_level,
        inner.c.first_language,
        *(inner.c[name] for name in names),
    ).subquery()
    keys = (banded.c.gender, banded.c.age_low, banded.c.dutch_level, banded.c.first_language)
    rows = db.session.execute(
        select(*keys, *(func.sum(banded.c[name]) for name in names)).group_by(*keys)
    ).all()
    return [
        GroupCounts(row[0], None if row[1] is None else int(row[1]), row[2], row[3],
                    *(int(value or 0) for value in row[4:]))
        for row in rows
    ]
