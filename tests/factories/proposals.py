"""Proposals (and a proposal for a try-out as older databases hold them), an
interview and its details, and an enrolment in a try-out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from marketplace.accounts.models import User
from marketplace.candidates.models import Candidate
from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.proposals import operations as proposal_operations
from marketplace.proposals.interviews import InterviewDetails
from marketplace.proposals.models import Interview, Proposal, ProposalEvent
from marketplace.tryouts import operations as tryout_operations
from marketplace.tryouts.models import TryoutEnrolment
from tests.factories.common import AGREED_ON, MOTIVATION, saved


def interview_details(*, days_ahead: int = 7, hour: int = 10, hours: int = 1,
                      place: str | None = "Noorderlaan 100, 2030 Antwerpen",
                      online_url: str | None = None, contact_name: str = "Sara Peeters",
                      contact_phone: str | None = "03 123 45 67",
                      contact_email: str | None = "sara@test.example") -> InterviewDetails:
    """An interview's details for the operations: ``days_ahead`` days from now at
    ``hour`` o'clock UTC, an address unless ``online_url`` is given."""
    day = datetime.now(UTC).date() + timedelta(days=days_ahead)
    starts_at = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    return InterviewDetails(
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours),
        place=None if online_url else place, online_url=online_url,
        contact_name=contact_name, contact_phone=contact_phone, contact_email=contact_email,
    )


def make_interview(proposal: Proposal, employer: User, *, commit: bool = False,
                   **details) -> Interview:
    """The employer invites the proposed candidate to an interview (the answer
    "invite" with ``interview_details(**details)``), which mails the coach."""
    proposal_operations.answer_proposal(
        proposal, "invite", by=employer, expected_version=proposal.version,
        interview=interview_details(**details),
    )
    return saved(proposal.open_interview, commit)


def make_proposal(
    coach: User, candidate: Candidate, opportunity: Opportunity, *,
    motivation: str = MOTIVATION, agreed_on: date = AGREED_ON,
    suggestion_entry_id: int | None = None, commit: bool = False,
) -> Proposal:
    """``coach`` proposes ``candidate`` for ``opportunity`` through the proposals'
    operation (which tells the employer's users)."""
    proposal = proposal_operations.propose_candidate(
        coach, candidate, opportunity, motivation=motivation, candidate_agreed_on=agreed_on,
        suggestion_entry_id=suggestion_entry_id,
    )
    return saved(proposal, commit)


def hire(proposal: Proposal, employer: User, *, commit: bool = True) -> Proposal:
    """``employer`` answers ``proposal`` with a hire through the proposals' operation
    (which places the candidate, for a kind that places)."""
    proposal_operations.answer_proposal(proposal, "hire", by=employer,
                                        expected_version=proposal.version)
    return saved(proposal, commit)


def make_tryout_proposal(
    coach: User, candidate: Candidate, tryout: Opportunity, *, motivation: str = MOTIVATION,
    agreed_on: date = AGREED_ON, invited_by: User | None = None, commit: bool = False,
) -> Proposal:
    """A proposal of ``candidate`` for ``tryout`` by ``coach``, as databases made before
    try-outs went by enrolment still hold them: the propose operation refuses a try-out
    now, so the row and its "proposed" event are written as it wrote them then (the
    employer's mail aside). With ``invited_by`` (the organiser's user) it was invited to
    an interview then, without a time yet: a try-out's answers offer no invitation now.
    Answer, withdraw or enrol through the operations."""
    now = utcnow()
    proposal = Proposal(
        candidate_id=candidate.id, opportunity_id=tryout.id, coach_id=coach.id,
        motivation=motivation, candidate_agreed_on=agreed_on,
        state="interview" if invited_by else "proposed", created_at=now, updated_at=now,
    )
    db.session.add(proposal)
    db.session.flush()
    db.session.add(ProposalEvent(proposal=proposal, from_state=None, to_state="proposed",
                                 actor_id=coach.id, at=now))
    if invited_by is not None:
        db.session.add(ProposalEvent(proposal=proposal, from_state="proposed",
                                     to_state="interview", actor_id=invited_by.id, at=now))
    return saved(proposal, commit)


def make_enrolment(
    coach: User, candidate: Candidate, tryout: Opportunity, *, waiting_list: bool = False,
    suggestion_entry_id: int | None = None, commit: bool = False,
) -> TryoutEnrolment:
    """``coach`` enrols ``candidate`` in ``tryout`` through the try-outs' operation (a
    seat, or the waiting list when full and ``waiting_list``), from the suggestion
    ``suggestion_entry_id`` when given."""
    enrolment = tryout_operations.enrol_candidate(coach, candidate, tryout,
                                                  waiting_list=waiting_list,
                                                  suggestion_entry_id=suggestion_entry_id)
    return saved(enrolment, commit)
