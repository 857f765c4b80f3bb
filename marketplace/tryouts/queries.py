"""What a coach or an organiser may see of try-outs; an id outside it is a 404.

* Coaches: enrolments they can manage are those of their own live caseload.
* Organisers (employers and sector federations): the try-outs of their own
  organisation, with its enrolments shown as proposals are shown to employers
  (``organiser_view``: a pseudonym and the coach's work contact, nothing more).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, lazyload

from marketplace.candidates.models import Candidate
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.queries import managed_opportunity_or_404
from marketplace.opportunities.vocab import OpportunityKind, OpportunityStatus
from marketplace.tryouts.models import TryoutEnrolment
from marketplace.tryouts.vocab import TAKES_SEAT, EnrolmentStatus

#: The order of a session's list: seats first, then the waiting list, then cancelled.
_STATUS_ORDER = {EnrolmentStatus.ENROLLED: 0, EnrolmentStatus.ATTENDED: 0,
                 EnrolmentStatus.ABSENT: 0, EnrolmentStatus.WAITING: 1,
                 EnrolmentStatus.CANCELLED: 2}


@dataclass(frozen=True)
class Seats:
    """A session's seats: how many, how many taken, how many people wait."""

    places: int
    taken: int
    waiting: int

    @property
    def left(self) -> int:
        return max(self.places - self.taken, 0)


def seats(opportunity: Opportunity) -> Seats:
    rows = dict(db.session.execute(
        select(TryoutEnrolment.status, func.count(TryoutEnrolment.id))
        .where(TryoutEnrolment.opportunity_id == opportunity.id)
        .group_by(TryoutEnrolment.status)
    ).all())
    taken = sum(count for status, count in rows.items() if status in TAKES_SEAT)
    return Seats(opportunity.places, taken, rows.get(EnrolmentStatus.WAITING, 0))


def organised_tryout_or_404(opportunity_id: int, user) -> Opportunity:
    """A try-out of the user's own organisation (employer or sector federation)."""
    opportunity = managed_opportunity_or_404(opportunity_id, user)
    if opportunity.kind != OpportunityKind.TRYOUT:
        abort(404)
    return opportunity


def enrollable_tryout_or_404(opportunity_id: int) -> Opportunity:
    """A published try-out, as a coach may open it."""
    opportunity = db.session.get(Opportunity, opportunity_id)
    if (opportunity is None or opportunity.kind != OpportunityKind.TRYOUT
            or opportunity.status != OpportunityStatus.PUBLISHED):
        abort(404)
    return opportunity


def own_enrolment_or_404(enrolment_id: int, coach) -> TryoutEnrolment:
    """An enrolment of a candidate of the coach's own caseload."""
    enrolment = db.session.get(TryoutEnrolment, enrolment_id)
    if (enrolment is None or enrolment.candidate.coach_id != coach.id
            or enrolment.candidate.is_erased):
        abort(404)
    return enrolment


def session_enrolments(opportunity: Opportunity) -> list[TryoutEnrolment]:
    """The enrolments of a session: seats, then the waiting list in its order, then
    cancelled ones."""
    rows = db.session.scalars(
        select(TryoutEnrolment).where(TryoutEnrolment.opportunity_id == opportunity.id)
        .order_by(TryoutEnrolment.created_at, TryoutEnrolment.id)
    ).all()
    return sorted(rows, key=lambda row: _STATUS_ORDER[EnrolmentStatus(row.status)])


def coach_enrolments_of(opportunity: Opportunity, coach) -> list[TryoutEnrolment]:
    """The enrolments of the coach's own candidates in this try-out."""
    return list(db.session.scalars(
        select(TryoutEnrolment).join(Candidate, Candidate.id == TryoutEnrolment.candidate_id)
        .where(TryoutEnrolment.opportunity_id == opportunity.id,
               Candidate.coach_id == coach.id)
        .order_by(TryoutEnrolment.created_at, TryoutEnrolment.id)
    ))


def candidate_enrolments(candidate_id: int) -> list[TryoutEnrolment]:
    """A candidate's try-outs, the latest session first."""
    return list(db.session.scalars(
        select(TryoutEnrolment).join(Opportunity, Opportunity.id == TryoutEnrolment.opportunity_id)
        .where(TryoutEnrolment.candidate_id == candidate_id)
        .order_by(Opportunity.session_on.desc(), TryoutEnrolment.id.desc())
        # The profile holds the candidate and shows of each try-out its title,
        # organisation and day: one join of three tables to plan, not ten (the
        # occupation, the place and who enrolled the person are not shown).
        .options(lazyload(TryoutEnrolment.candidate), lazyload(TryoutEnrolment.enrolled_by),
                 contains_eager(TryoutEnrolment.opportunity).lazyload(Opportunity.occupation),
                 contains_eager(TryoutEnrolment.opportunity).lazyload(Opportunity.place))
    ))


def enrollable_candidates(coach) -> list[Candidate]:
    """The coach's own active candidates, by pseudonym (consent is checked on enrolling,
    with its own message)."""
    return list(db.session.scalars(
        select(Candidate).where(Candidate.coach_id == coach.id,
                                Candidate.status == CandidateStatus.ACTIVE)
        .order_by(func.lower(Candidate.pseudonym), Candidate.id)
    ))


def open_tryouts(limit: int = 10) -> list[Opportunity]:
    """Published try-outs whose day has not passed, soonest first (at most ``limit``).

    The profile lists their title, organisation and day: not their occupation and
    place, which the model joins by default."""
    return list(db.session.scalars(
        select(Opportunity).where(Opportunity.kind == OpportunityKind.TRYOUT,
                                  Opportunity.status == OpportunityStatus.PUBLISHED,
                                  Opportunity.session_on >= local_today())
        .order_by(Opportunity.session_on, Opportunity.id).limit(limit)
        .options(lazyload(Opportunity.occupation), lazyload(Opportunity.place))
    ))


@dataclass(frozen=True)
class OrganiserRow:
    """What an organiser may know of an enrolled person, as an employer of a proposed
    candidate: a pseudonym and their Dutch level, and the coach's work contact (the
    organiser calls the coach, never the candidate)."""

    enrolment_id: int
    status: str
    pseudonym: str | None
    dutch_level: str | None
    coach_name: str
    coach_organisation: str
    coach_email: str
    coach_phone: str | None


def organiser_view(enrolment: TryoutEnrolment) -> OrganiserRow:
    candidate, coach = enrolment.candidate, enrolment.enrolled_by
    erased = candidate.is_erased
    return OrganiserRow(
        enrolment_id=enrolment.id, status=enrolment.status,
        pseudonym=None if erased else candidate.pseudonym,
        dutch_level=None if erased else candidate.dutch_level,
        coach_name=coach.name, coach_organisation=coach.organisation.name,
        coach_email=coach.email, coach_phone=coach.work_phone,
    )
