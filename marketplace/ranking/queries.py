"""Lookups of ranking models (admins see them all; the permission guards the pages), and
the counts of the fairness report, made by the database (``fairness_counts``)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import case, func, select

from marketplace.accounts.models import Organisation
from marketplace.audit.models import AuditEvent
from marketplace.candidates.identity import AGE_BAND_YEARS
from marketplace.candidates.models import Candidate, CandidateLanguage, CandidateSensitive
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.extensions import db
from marketplace.insights.queries import InsightFilters
from marketplace.proposals.models import Proposal, ProposalEvent
from marketplace.proposals.vocab import ProposalState
from marketplace.ranking.models import RankingModel
from marketplace.ranking.operations import SUBJECT
from marketplace.security import OrganisationKind
from marketplace.suggestions.models import SuggestionEntry, SuggestionList
from marketplace.suggestions.vocab import SuggestionSubject
from marketplace.taxonomy.models import CefrLevel

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
    does not erase the stage reached)."""
    reached = (
        select(
            ProposalEvent.proposal_id,
            func.max(case((ProposalEvent.to_state.in_(INVITED_STATES), 1), else_=0))
            .label("invited"),
            func.max(case((ProposalEvent.to_state == ProposalState.HIRED, 1), else_=0))
            .label("hired"),
        )
        .group_by(ProposalEvent.proposal_id)
        .subquery()
    )
    return (
        select(
            Proposal.candidate_id,
            func.max(func.coalesce(reached.c.invited, 0)).label("invited"),
            func.max(func.coalesce(reached.c.hired, 0)).label("hired"),
        )
        .outerjoin(reached, reached.c.proposal_id == Proposal.id)
        .where(Proposal.created_at.between(filters.start_moment, filters.end_moment))
        .group_by(Proposal.candidate_id)
        .subquery()
    )


def _first_languages():
    """Per candidate, the language (other than Dutch) spoken at the highest level; the
    profile has no mother tongue, so this stands in for it (ties: the first code)."""
    numbered = (
        select(
            CandidateLanguage.candidate_id,
            CandidateLanguage.language_code,
            func.row_number()
            .over(
                partition_by=CandidateLanguage.candidate_id,
                order_by=(CefrLevel.rank.desc(), CandidateLanguage.language_code),
            )
            .label("n"),
        )
        .join(CefrLevel, CefrLevel.code == CandidateLanguage.level)
        .subquery()
    )
    return (
        select(numbered.c.candidate_id, numbered.c.language_code)
        .where(numbered.c.n == 1)
        .subquery()
    )


def fairness_counts(filters: InsightFilters, organisation_id: int | None) -> list[GroupCounts]:
    """The eligible candidates (not erased, with open consent, added by the end of the
    period; of one partner organisation or all) and how many reached each stage,
    counted by the database per combination of gender, age band, Dutch level and first
    language: one query, a ``GROUP BY`` over a subquery with one row per candidate."""
    top10, stages, first = _top10_places(filters), _proposal_stages(filters), _first_languages()
    age = filters.end.year - CandidateSensitive.birth_year
    age_low = case(
        (CandidateSensitive.birth_year.is_(None), None),
        (CandidateSensitive.birth_year > filters.end.year, None),
        (age < 15, 15),
        else_=15 + ((age - 15) / AGE_BAND_YEARS) * AGE_BAND_YEARS,
    )
    people = (
        select(
            Candidate.id.label("candidate_id"),
            CandidateSensitive.gender.label("gender"),
            age_low.label("age_low"),
            Candidate.dutch_level.label("dutch_level"),
            first.c.language_code.label("first_language"),
            top10.c.candidate_id.label("in_top10"),
            func.coalesce(top10.c.places, 0).label("places"),
            stages.c.candidate_id.label("proposed"),
            func.coalesce(stages.c.invited, 0).label("invited"),
            func.coalesce(stages.c.hired, 0).label("hired"),
        )
        .outerjoin(CandidateSensitive, CandidateSensitive.candidate_id == Candidate.id)
        .outerjoin(first, first.c.candidate_id == Candidate.id)
        .outerjoin(top10, top10.c.candidate_id == Candidate.id)
        .outerjoin(stages, stages.c.candidate_id == Candidate.id)
        .where(
            Candidate.status != CandidateStatus.ERASED,
            Candidate.has_active_consent,
            Candidate.created_at <= filters.end_moment,
        )
    )
    if organisation_id is not None:
        people = people.where(Candidate.organisation_id == organisation_id)
    people = people.subquery()
    keys = (people.c.gender, people.c.age_low, people.c.dutch_level, people.c.first_language)
    rows = db.session.execute(
        select(
            *keys,
            func.count(),
            func.count(people.c.in_top10),
            func.sum(people.c.places),
            func.count(people.c.proposed),
            func.sum(people.c.invited),
            func.sum(people.c.hired),
        ).group_by(*keys)
    ).all()
    return [
        GroupCounts(row[0], None if row[1] is None else int(row[1]), row[2], row[3],
                    *(int(value or 0) for value in row[4:]))
        for row in rows
    ]
