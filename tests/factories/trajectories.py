"""A candidate's trajectory: the partners' decision and the coach's steps, through
the trajectories' operations."""

from __future__ import annotations

from datetime import date

from marketplace.accounts.models import Organisation, User
from marketplace.candidates.models import Candidate
from marketplace.db_types import local_today
from marketplace.trajectories import operations as trajectory_operations
from marketplace.trajectories.models import TrajectoryDecision, TrajectoryStep
from tests.factories.common import saved


def make_decision(
    candidate: Candidate, coach: User, *, trajectory: str = "integrated",
    decided_on: date | None = None, partner: Organisation | None = None,
    note: str | None = None, commit: bool = False,
) -> TrajectoryDecision:
    """The partners' trajectory decision through the operation (default: integrated,
    today, by the coach's own partner organisation)."""
    decision = trajectory_operations.record_decision(
        candidate,
        trajectory_operations.DecisionDetails(
            trajectory=trajectory,
            decided_on=decided_on or local_today(),
            partner_id=(partner or coach.organisation).id,
            note=note,
        ),
        by=coach,
    )
    return saved(decision, commit)


def make_step(
    candidate: Candidate, coach: User, *, kind: str = "intake",
    started_on: date | None = None, commit: bool = False, **fields,
) -> TrajectoryStep:
    """A manual step written by ``coach`` (default: an intake today); ``fields`` are
    the other :class:`StepDetails` fields (ended_on, organisation_name, dutch_level, ...)."""
    step = trajectory_operations.add_step(
        candidate,
        trajectory_operations.StepDetails(
            kind=kind, started_on=started_on or local_today(), **fields
        ),
        by=coach,
    )
    return saved(step, commit)
