"""What each user may see of proposals.

* A coach: the proposals they made. Another coach's proposal is a 404. The
  explanation for the candidate is also open to the candidate's own coach.
* An employer: the proposals for their own organisation's opportunities, and of each
  candidate only what ``EmployerView`` holds; never the candidate object itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import abort
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, lazyload, selectinload

from marketplace.accounts.models import Organisation, User
from marketplace.candidates.models import (
    Candidate,
    CandidateExperience,
    CandidateLanguage,
    CandidateSkill,
)
from marketplace.candidates.vocabularies import CandidateStatus, DayPart
from marketplace.db_types import AmongIds, local_today
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.vocab import OpportunityStatus
from marketplace.proposals.models import Proposal
from marketplace.proposals.vocab import OPEN_STATES, ProposalState
from marketplace.security import Role
from marketplace.taxonomy.models import Language, Occupation, Skill
from marketplace.web.labels import choice_label


def coach_proposals(coach) -> Select:
    """The proposals ``coach`` made, newest first, with their history."""
    return (
        select(Proposal)
        .where(Proposal.coach_id == coach.id)
        .options(selectinload(Proposal.events))
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())
    )


def candidate_proposals(candidate_id: int) -> list[Proposal]:
    """Every proposal of one candidate (by any coach who kept them), newest first.

    For the candidate's profile, which holds the candidate already and shows of each
    opportunity its title, kind and organisation: joining the candidate again and the
    opportunity's occupation and place made rows of 115 columns to read."""
    opportunity = joinedload(Proposal.opportunity)
    return list(db.session.scalars(
        select(Proposal).where(Proposal.candidate_id == candidate_id)
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())
        .options(lazyload(Proposal.candidate), opportunity.lazyload(Opportunity.occupation),
                 opportunity.lazyload(Opportunity.place))
    ))


def own_proposal_or_404(proposal_id: int, coach) -> Proposal:
    """A proposal ``coach`` made (with its history), else 404."""
    proposal = db.session.scalar(
        select(Proposal).where(Proposal.id == proposal_id, Proposal.coach_id == coach.id)
        .options(selectinload(Proposal.events))
    )
    if proposal is None:
        abort(404)
    return proposal


def explainable_proposal_or_404(proposal_id: int, coach) -> Proposal:
    """A proposal ``coach`` made or of a candidate ``coach`` keeps, else 404."""
    proposal = db.session.scalar(
        select(Proposal).join(Candidate, Candidate.id == Proposal.candidate_id)
        .where(Proposal.id == proposal_id,
               (Proposal.coach_id == coach.id) | (Candidate.coach_id == coach.id))
    )
    if proposal is None:
        abort(404)
    return proposal


def proposable_opportunities() -> list[Opportunity]:
    """Published opportunities whose closing date has not passed, by title."""
    return list(db.session.scalars(
        select(Opportunity)
        .where(Opportunity.status == OpportunityStatus.PUBLISHED,
               Opportunity.closes_on.is_(None) | (Opportunity.closes_on >= local_today()))
        .order_by(Opportunity.title, Opportunity.id)
    ))


def organisation_proposals(organisation_id: int) -> Select:
    """The proposals the coaches of ``organisation_id`` made (what a partner's API key
    follows), with their history."""
    return (
        select(Proposal)
        .join(User, User.id == Proposal.coach_id)
        .where(User.organisation_id == organisation_id)
        .options(selectinload(Proposal.events))
    )


def organisation_proposal_or_404(proposal_id: int, organisation_id: int) -> Proposal:
    """A proposal one of ``organisation_id``'s coaches made, else 404."""
    proposal = db.session.scalar(
        organisation_proposals(organisation_id).where(Proposal.id == proposal_id))
    if proposal is None:
        abort(404)
    return proposal


def received_proposals(organisation_id: int) -> Select:
    """The proposals for ``organisation_id``'s opportunities, with what
    ``employer_view`` reads of each candidate loaded in one statement per list (the API
    pages through them as objects; the site's inbox reads rows, ``inbox_views``)."""
    candidate = joinedload(Proposal.candidate, innerjoin=True)
    return (
        select(Proposal)
        .join(Opportunity, Opportunity.id == Proposal.opportunity_id)
        .where(Opportunity.organisation_id == organisation_id)
        .options(candidate.selectinload(Candidate.languages),
                 candidate.selectinload(Candidate.experiences),
                 candidate.selectinload(Candidate.skills),
                 selectinload(Proposal.coach))
    )


def _waiting(statement: Select, organisation_id: int) -> Select:
    """``statement`` kept to the proposals that wait for ``organisation_id``'s answer."""
    return (statement.join(Opportunity, Opportunity.id == Proposal.opportunity_id)
            .where(Opportunity.organisation_id == organisation_id,
                   Proposal.state == ProposalState.PROPOSED))


def waiting_for_answer(organisation_id: int) -> Select:
    """The proposals for ``organisation_id``'s opportunities that wait for the
    employer's answer (state "proposed"), oldest first: what waits longest comes first."""
    return (
        _waiting(select(Proposal), organisation_id)
        .order_by(Proposal.created_at, Proposal.id)
        # Each neighbour in a statement of its own: joined, with their own joined
        # neighbours, PostgreSQL spent 25 ms planning a join of a dozen tables.
        .options(selectinload(Proposal.candidate), selectinload(Proposal.opportunity),
                 selectinload(Proposal.coach))
    )


@dataclass(frozen=True)
class WaitingRow:
    """One line of the employer's home: who waits for an answer, for what, since when."""

    id: int
    created_at: datetime
    pseudonym: str | None
    title: str
    #: The candidate was placed meanwhile (``Proposal.placed_elsewhere``: a waiting
    #: proposal is always open, so the candidate's status says it).
    placed_elsewhere: bool


def oldest_waiting(organisation_id: int, limit: int) -> list[WaitingRow]:
    """The first ``limit`` of ``waiting_for_answer``, in one statement of the five
    columns the home page shows (not three objects with their neighbours per line)."""
    rows = db.session.execute(
        _waiting(select(Proposal.id, Proposal.created_at, Candidate.pseudonym,
                        Candidate.status, Opportunity.title), organisation_id)
        .join(Candidate, Candidate.id == Proposal.candidate_id)
        .order_by(Proposal.created_at, Proposal.id)
        .limit(limit)
    )
    return [WaitingRow(id_, created_at, pseudonym, title, status == CandidateStatus.PLACED)
            for id_, created_at, pseudonym, status, title in rows]


def waiting_count(organisation_id: int) -> int:
    """How many proposals wait for ``organisation_id``'s answer (the menu's count, on
    every page of an employer): the organisation's opportunity ids first, then their
    waiting proposals by index (``AmongIds``; as a join, PostgreSQL misjudged it)."""
    own = select(Opportunity.id).where(Opportunity.organisation_id == organisation_id)
    return db.session.scalar(
        select(func.count(Proposal.id))
        .where(AmongIds(Proposal.opportunity_id, own), Proposal.state == ProposalState.PROPOSED)
    ) or 0


def answerable_proposal_or_404(proposal_id: int, user) -> Proposal:
    """A proposal for one of ``user``'s organisation's opportunities."""
    proposal = db.session.get(Proposal, proposal_id)
    if (
        proposal is None
        or user.role != Role.EMPLOYER
        or proposal.opportunity.organisation_id != user.organisation_id
    ):
        abort(404)
    return proposal


def state_counts(opportunity_ids) -> dict[int, dict[str, int]]:
    """Per opportunity id: how many proposals it has in each state."""
    counts: dict[int, dict[str, int]] = {oid: {} for oid in opportunity_ids}
    if not counts:
        return counts
    rows = db.session.execute(
        select(Proposal.opportunity_id, Proposal.state, func.count())
        .where(Proposal.opportunity_id.in_(list(counts)))
        .group_by(Proposal.opportunity_id, Proposal.state)
    )
    for opportunity_id, state, count in rows:
        counts[opportunity_id][state] = count
    return counts


@dataclass(frozen=True)
class EmployerView:
    """What an employer may know of a proposed candidate, and nothing more: no contact
    details, no address or postcode, no gender, birth year or notes. The coach's work
    contact (name, organisation, work e-mail and phone) is there: the employer calls
    the coach, never the candidate."""

    proposal_id: int
    state: str
    version: int
    proposed_on: date
    interview_on: date | None
    decline_reason: str | None
    pseudonym: str | None
    dutch_level: str | None
    languages: list[tuple[str, str]]
    experience: list[tuple[str, float]]
    skills: list[str]
    hours_per_week: int | None
    available_from: date | None
    day_parts: list[str]
    motivation: str | None
    coach_name: str
    coach_organisation: str
    coach_email: str
    coach_phone: str | None
    #: Still open, but the candidate was placed (hired elsewhere): marked on the page.
    placed_elsewhere: bool = False


def employer_view(proposal: Proposal, locale: str) -> EmployerView:
    """The employer's view of a proposal. A withdrawn proposal shows no profile."""
    candidate: Candidate = proposal.candidate
    language_name = "name_en" if locale == "en" else "name_nl"
    return _view(
        proposal.id, proposal.state, proposal.version, proposal.created_at,
        proposal.interview_on, proposal.decline_reason, proposal.motivation,
        candidate.status, candidate.pseudonym, candidate.dutch_level,
        candidate.hours_per_week, candidate.available_from,
        *(getattr(candidate, part.column) for part in DayPart),
        proposal.coach.name, proposal.coach.email, proposal.coach.work_phone,
        proposal.coach.organisation.name,
        languages=lambda: [(getattr(row.language, language_name), row.level)
                           for row in candidate.languages],
        experience=lambda: [(row.occupation.label(locale), row.years)
                            for row in candidate.experiences],
        skills=lambda: [row.skill.label(locale) for row in candidate.skills],
    )


#: What ``_view`` takes of a proposal, its candidate and its coach, in its order.
_VIEW_COLUMNS = (
    Proposal.id, Proposal.state, Proposal.version, Proposal.created_at,
    Proposal.interview_on, Proposal.decline_reason, Proposal.motivation,
    Candidate.status, Candidate.pseudonym, Candidate.dutch_level, Candidate.hours_per_week,
    Candidate.available_from, *(getattr(Candidate, part.column) for part in DayPart),
    User.name, User.email, User.work_phone, Organisation.name,
)


def inbox_views(opportunity: Opportunity, locale: str) -> list[EmployerView]:
    """``employer_view`` of each of the opportunity's proposals, newest first, read as
    rows of the columns it shows: four statements for the whole list and no objects
    (the candidates, their languages, experience and skills, and the coaches as ORM
    objects cost the inbox more CPU than the rest of the page)."""
    rows = db.session.execute(
        select(Candidate.id, *_VIEW_COLUMNS)
        .join(Candidate, Candidate.id == Proposal.candidate_id)
        .join(User, User.id == Proposal.coach_id)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(Proposal.opportunity_id == opportunity.id)
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())
    ).all()
    ids = list({row[0] for row in rows})
    languages, experience, skills = ({key: [] for key in ids} for _list in range(3))
    if ids:
        language_name = Language.name_en if locale == "en" else Language.name_nl
        for key, name, level in db.session.execute(
            select(CandidateLanguage.candidate_id, language_name, CandidateLanguage.level)
            .join(Language, Language.code == CandidateLanguage.language_code)
            .where(CandidateLanguage.candidate_id.in_(ids))
            .order_by(CandidateLanguage.language_code)
        ):
            languages[key].append((name, level))
        for key, label_nl, label_en, years in db.session.execute(
            select(CandidateExperience.candidate_id, Occupation.label_nl, Occupation.label_en,
                   CandidateExperience.years)
            .join(Occupation, Occupation.id == CandidateExperience.occupation_id)
            .where(CandidateExperience.candidate_id.in_(ids))
            .order_by(CandidateExperience.id)
        ):
            # as Occupation.label words it
            experience[key].append((label_en if locale == "en" else label_nl, years))
        for key, label_nl, label_en in db.session.execute(
            select(CandidateSkill.candidate_id, Skill.label_nl, Skill.label_en)
            .join(Skill, Skill.id == CandidateSkill.skill_id)
            .where(CandidateSkill.candidate_id.in_(ids))
            .order_by(CandidateSkill.skill_id)
        ):
            # as Skill.label words it (English when there is no Dutch label)
            skills[key].append(label_nl if locale != "en" and label_nl else label_en)
    return [_view(*row[1:], languages=lambda key=row[0]: languages[key],
                  experience=lambda key=row[0]: experience[key],
                  skills=lambda key=row[0]: skills[key])
            for row in rows]


def _view(proposal_id, state, version, created_at, interview_on, decline_reason,
          motivation, status, pseudonym, dutch_level, hours_per_week, available_from,
          *rest, languages, experience, skills) -> EmployerView:
    """The one rule of what an employer sees, from the values of ``_VIEW_COLUMNS``;
    ``languages``, ``experience`` and ``skills`` give the lists, called only when the
    profile shows."""
    *day_part_values, coach_name, coach_email, coach_phone, coach_organisation = rest
    shows_profile = state != ProposalState.WITHDRAWN
    details = {}
    if shows_profile and status != CandidateStatus.ERASED:
        details = dict(
            pseudonym=pseudonym,
            dutch_level=dutch_level,
            languages=languages(),
            # the longest experience first
            experience=sorted(experience(), key=lambda item: -item[1]),
            skills=skills(),
            hours_per_week=hours_per_week,
            available_from=available_from,
            day_parts=[choice_label("day_part", str(part))
                       for part, on in zip(DayPart, day_part_values, strict=True) if on],
            motivation=motivation,
        )
    empty = dict(pseudonym=None, dutch_level=None, languages=[], experience=[], skills=[],
                 hours_per_week=None, available_from=None, day_parts=[], motivation=None)
    return EmployerView(
        proposal_id=proposal_id, state=state, version=version,
        proposed_on=created_at.date(), interview_on=interview_on,
        decline_reason=decline_reason,
        coach_name=coach_name, coach_organisation=coach_organisation,
        coach_email=coach_email, coach_phone=coach_phone,
        # Proposal.placed_elsewhere
        placed_elsewhere=(shows_profile and state in OPEN_STATES
                          and status == CandidateStatus.PLACED),
        **{**empty, **details},
    )
