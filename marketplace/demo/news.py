"""Demo news for the first demo coach: proposals that waited long for an answer, a
hire that placed a candidate who is still proposed elsewhere, a paused or left
candidate nearing the retention period, and a last visit two days ago, so the coach's
home page has news and things that wait. Runs after ``load_demo_proposals``;
deterministic (no random).

Moments are moved back by hand here, as only demo data may: in real use they are the
moments things happened.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import exists, select, update

from marketplace.accounts.models import User
from marketplace.barriers.models import CandidateBarrier
from marketplace.candidates.models import Candidate
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.db_types import local_today, utcnow
from marketplace.demo.proposals import COACH_EMAIL, EMPLOYER_EMAIL
from marketplace.extensions import db
from marketplace.proposals import operations
from marketplace.proposals.models import Proposal
from marketplace.proposals.vocab import ProposalState
from marketplace.trajectories.models import TrajectoryDecision, TrajectoryStep
from marketplace.tryouts.models import TryoutEnrolment

#: How many days each of the coach's first unanswered proposals has waited.
WAITED_DAYS = (12, 9)


def _age(proposal: Proposal, days: int) -> None:
    moment = utcnow() - timedelta(days=days)
    proposal.created_at = moment
    proposal.updated_at = moment
    for event in proposal.events:
        event.at = moment


def load_demo_news() -> int:
    """Make the first demo coach's news; returns how many proposals it touched."""
    coach = db.session.scalar(select(User).where(User.email == COACH_EMAIL))
    employer = db.session.scalar(select(User).where(User.email == EMPLOYER_EMAIL))
    proposals = db.session.scalars(
        select(Proposal).where(Proposal.coach_id == coach.id).order_by(Proposal.id)
    ).all()
    waiting = [p for p in proposals if p.state == ProposalState.PROPOSED]
    touched = 0
    for proposal, days in zip(waiting, WAITED_DAYS, strict=False):
        _age(proposal, days)
        touched += 1
    if len(waiting) > len(WAITED_DAYS):
        hired = waiting[len(WAITED_DAYS)]
        other = next((p for p in proposals if p.opportunity_id != hired.opportunity_id), None)
        if other is not None and not operations.is_proposed(hired.candidate_id,
                                                            other.opportunity_id):
            # Proposed for a second place first, so the hire leaves that one open and
            # marked "placed elsewhere".
            operations.propose_candidate(
                coach, hired.candidate, other.opportunity,
                motivation="Kan ook hier goed aan de slag.",
                candidate_agreed_on=local_today() - timedelta(days=3),
            )
        operations.answer_proposal(hired, "hire", by=employer, expected_version=hired.version)
        touched += 1
    _quiet_for_long(coach)
    db.session.execute(update(User).where(User.id == coach.id).values(
        news_seen_at=utcnow() - timedelta(days=2)))
    db.session.flush()
    return touched


def _quiet_for_long(coach) -> None:
    """The coach's latest paused or left candidate, never proposed nor enrolled: nothing
    recorded about them since 18 days short of the retention period, so their data
    nears the review. Their profile's last change and the moments of their trajectory
    and barriers (what ``candidates.activity.last_activity`` reads for them) move back."""
    quiet = db.session.scalar(
        select(Candidate.id)
        .where(Candidate.coach_id == coach.id,
               Candidate.status.in_((CandidateStatus.PAUSED, CandidateStatus.LEFT)),
               ~exists().where(Proposal.candidate_id == Candidate.id),
               ~exists().where(TryoutEnrolment.candidate_id == Candidate.id))
        .order_by(Candidate.id.desc()).limit(1)
    )
    if quiet is None:
        return
    period = int(current_app.config["CANDIDATE_RETENTION_DAYS"])
    moment = utcnow() - timedelta(days=period - 18)
    db.session.execute(update(Candidate).where(Candidate.id == quiet).values(
        last_activity_at=moment))
    db.session.execute(update(TrajectoryDecision).where(
        TrajectoryDecision.candidate_id == quiet).values(created_at=moment))
    for model in (TrajectoryStep, CandidateBarrier):
        db.session.execute(update(model).where(model.candidate_id == quiet).values(
            created_at=moment, updated_at=moment))
