"""The fairness report's counting queries as they were before (issue 17), kept for
``bench/fairness.py`` only: the same-run baselines its figures are compared with, and a
check that all give the same report. ``fairness_counts_before``: before
``candidate_fairness`` (revision 0031); ``fairness_counts_0031``: with it, before
``fairness_place`` (revision 0035).

Per candidate, it found the first language with a window function over every language
line, the consent with an EXISTS and gender and birth year in ``candidate_sensitive``;
it grouped by exact age (a float division on SQLite), about 10,000 combinations at
100,000 candidates; the proposal stages came from every proposal's events.
"""

from __future__ import annotations

from sqlalchemy import case, func, select

from marketplace.candidates.fairness_traits import TOP_PLACES
from marketplace.candidates.identity import AGE_BAND_YEARS
from marketplace.candidates.models import Candidate
from marketplace.candidates.profile_rows import CandidateLanguage, CandidateSensitive
from marketplace.candidates.report_copies import CandidateFairness
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.extensions import db
from marketplace.insights.queries import InsightFilters
from marketplace.proposals.models import Proposal, ProposalEvent
from marketplace.proposals.vocab import ProposalState
from marketplace.ranking.queries import INVITED_STATES, GroupCounts, _age_low
from marketplace.suggestions.models import SuggestionEntry, SuggestionList
from marketplace.suggestions.vocab import SuggestionSubject
from marketplace.taxonomy.models import CefrLevel


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


def _group_counts(row) -> GroupCounts:
    """A row of these queries as today's counts. Their last stage counted a hire of any
    kind: that is today's "hired for work" as long as no opportunity is a course or a
    try-out, and nobody is accepted on one. The bench's opportunities are jobs,
    internships and volunteering places (``bench/insights.py``); should that change,
    ``bench/fairness.py`` stops at its check that the reports are the same."""
    return GroupCounts(row[0], None if row[1] is None else int(row[1]), row[2], row[3],
                       *(int(value or 0) for value in row[4:]), accepted=0)


def _first_languages():
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


def fairness_counts_before(filters: InsightFilters, organisation_id: int | None):
    """``queries.fairness_counts`` before this change, unchanged."""
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
    return [_group_counts(row) for row in rows]


# --- the query of revision 0031 (candidate_fairness), before fairness_place ---------


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


def _proposal_stages_0031(filters: InsightFilters):
    """``queries._proposal_stages`` of revision 0031, unchanged: a hire of any kind is
    one stage, read from the period's proposals' events."""
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


def fairness_counts_0031(filters: InsightFilters,
                         organisation_id: int | None) -> list[GroupCounts]:
    """``queries.fairness_counts`` of revision 0031, unchanged: ``candidate_fairness``
    with the period's top-10 places and proposal stages per candidate joined to it."""
    top10, stages = _top10_places(filters), _proposal_stages_0031(filters)
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
    return [_group_counts(row) for row in rows]
