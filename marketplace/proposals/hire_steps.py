"""A hire as a step in the candidate's trajectory: a job, an internship or volunteering
from the day of the hire, a training course from its start; and those steps gone again
when a placement ends (the coach's undo, or another status chosen in the profile form;
the hires themselves stay, as the outcomes count them). The answer
(``operations.answer_proposal``) records the step; the candidates' ``placement_undone``
signal (``candidates.operations.end_placement``) removes them, and marks those hires
(``Proposal.placement_undone_at``): they no longer place the candidate with their
employer, so a later placement elsewhere is not called "placed with you" there.
"""

from __future__ import annotations

from sqlalchemy import select

from marketplace.candidates.lifecycle import placement_undone
from marketplace.candidates.models import Candidate
from marketplace.db_types import local_today, utcnow
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.vocab import OpportunityKind
from marketplace.proposals.models import Proposal
from marketplace.proposals.vocab import KINDS_WITHOUT_PLACEMENT, ProposalState
from marketplace.trajectories.operations import record_automatic_step, remove_automatic_step
from marketplace.trajectories.vocab import StepKind

#: The step in the candidate's trajectory that a hire for each kind of opportunity is.
HIRE_STEPS = {
    OpportunityKind.JOB: StepKind.JOB,
    OpportunityKind.INTERNSHIP: StepKind.INTERNSHIP,
    OpportunityKind.VOLUNTEERING: StepKind.VOLUNTEERING,
    OpportunityKind.TRAINING: StepKind.TRAINING,
}


def hire_step_ref(proposal_id: int) -> str:
    """The ``source_ref`` of the trajectory step a hire wrote."""
    return f"proposal:{proposal_id}"


def record_hire_step(proposal: Proposal) -> None:
    """A hire is a step in the candidate's trajectory (a job, an internship or
    volunteering), from the day of the hire, at the employer; an acceptance on a training
    course is a training step from the course's start (it counts as a step towards work
    from that day on). Kinds of opportunity without such a step write nothing."""
    opportunity = proposal.opportunity
    kind = HIRE_STEPS.get(opportunity.kind)
    if kind is None:
        return
    starts = opportunity.starts_on if opportunity.kind == OpportunityKind.TRAINING else None
    record_automatic_step(
        proposal.candidate,
        kind,
        starts or local_today(),
        organisation=opportunity.organisation,
        source_ref=hire_step_ref(proposal.id),
    )


@placement_undone.connect
def _take_back_hires(candidate: Candidate, **_facts) -> None:
    """The placement ended: the candidate's hires that placed them (not a course or a
    try-out, whose acceptance places nobody and whose step stays) keep their state, as
    the outcomes count them, but place them no more (``placement_undone_at``, read by
    ``models.hired_by_organisation``), and the steps they wrote leave the trajectory.
    A hire undone before keeps its moment. One receiver, as the steps to take back are
    those of the hires not yet marked."""
    hires = db.session.scalars(
        select(Proposal)
        .join(Opportunity, Opportunity.id == Proposal.opportunity_id)
        .where(Proposal.candidate_id == candidate.id, Proposal.state == ProposalState.HIRED,
               Proposal.placement_undone_at.is_(None),
               Opportunity.kind.not_in(KINDS_WITHOUT_PLACEMENT))
    ).all()
    now = utcnow()
    for hire in hires:
        remove_automatic_step(candidate, hire_step_ref(hire.id))
        hire.placement_undone_at = now
    db.session.flush()
