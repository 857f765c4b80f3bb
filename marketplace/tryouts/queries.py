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

from marketplace.candidates.models import Candidate
from marketplace.candidates.vocabularies import CandidateStatus
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


def live_enrolments(pairs) -> dict[tuple[int, int], str]:
    """The status of the enrolment of each ``(candidate id, try-out id)`` of ``pairs``
    that has one and has not cancelled it (a cancelled one can enrol again): what a
    suggestion row for an enrolled person says instead of "Enrol". One statement."""
    pairs = set(pairs)
    if not pairs:
        return {}
    rows = db.session.execute(
        select(TryoutEnrolment.candidate_id, TryoutEnrolment.opportunity_id,
               TryoutEnrolment.status)
        .where(TryoutEnrolment.candidate_id.in_({c for c, _o in pairs}),
               TryoutEnrolment.opportunity_id.in_({o for _c, o in pairs}),
               TryoutEnrolment.status != EnrolmentStatus.CANCELLED)
    )
    return {(c, o): status for c, o, status in rows if (c, o) in pairs}


def enrollable_candidates(coach) -> list[Candidate]:
    """The coach's own active candidates, by pseudonym (consent is checked on enrolling,
    with its own message)."""
    return list(db.session.scalars(
        select(Candidate).where(Candidate.coach_id == coach.id,
                                Candidate.status == CandidateStatus.ACTIVE)
        .order_by(func.lower(Candidate.pseudonym), Candidate.id)
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
