"""What the coach's pages and the report read. The candidate itself is found through
``candidates.queries`` (``own_candidate_or_404``, ``visible_candidate_or_404``), so a
step is only ever reached through a candidate the user may see.

``stage_select`` is the one definition of how far a person got (the report's funnel,
and the barriers per stage).
"""

from __future__ import annotations

from datetime import date

from flask import abort
from sqlalchemy import Select, case, func, select

from marketplace.accounts.models import Organisation
from marketplace.accounts.roles import OrganisationKind
from marketplace.candidates.models import Candidate
from marketplace.extensions import db
from marketplace.trajectories.models import TrajectoryDecision, TrajectoryStep
from marketplace.trajectories.vocab import TOWARDS_WORK, Stage, StepKind


def decisions_of(candidate_id: int) -> list[TrajectoryDecision]:
    """The candidate's decisions, oldest first (the last one counts now)."""
    return list(
        db.session.scalars(
            select(TrajectoryDecision)
            .where(TrajectoryDecision.candidate_id == candidate_id)
            .order_by(TrajectoryDecision.decided_on, TrajectoryDecision.id)
        )
    )


def timeline_of(candidate_id: int) -> list[TrajectoryStep]:
    """The candidate's steps, oldest first, newest last."""
    return list(
        db.session.scalars(
            select(TrajectoryStep)
            .where(TrajectoryStep.candidate_id == candidate_id)
            .order_by(TrajectoryStep.started_on, TrajectoryStep.id)
        )
    )


def manual_step_or_404(candidate: Candidate, step_id: int) -> TrajectoryStep:
    """A manual step of ``candidate`` (already checked to be the user's), else 404: a
    step of another candidate, or an automatic one, cannot be changed by hand."""
    step = db.session.get(TrajectoryStep, step_id)
    if step is None or step.candidate_id != candidate.id or step.is_automatic:
        abort(404)
    return step


def partner_choices() -> list[tuple[int, str]]:
    """The active partner organisations, by name: who can decide on a trajectory."""
    return [
        tuple(row)
        for row in db.session.execute(
            select(Organisation.id, Organisation.name)
            .where(Organisation.kind == OrganisationKind.PARTNER, Organisation.is_active)
            .order_by(Organisation.name)
        )
    ]


def organisation_choices() -> list[tuple[int, str]]:
    """The active organisations a step can take place at (every kind but the admin
    body), by name."""
    return [
        tuple(row)
        for row in db.session.execute(
            select(Organisation.id, Organisation.name)
            .where(Organisation.kind != OrganisationKind.ADMIN_BODY, Organisation.is_active)
            .order_by(Organisation.name)
        )
    ]


# --- the stage of each person -----------------------------------------------------------


def _first_step_on(kinds, as_of: date):
    return (
        select(func.min(TrajectoryStep.started_on))
        .where(
            TrajectoryStep.candidate_id == Candidate.id,
            TrajectoryStep.kind.in_([str(kind) for kind in kinds]),
            TrajectoryStep.started_on <= as_of,
        )
        .scalar_subquery()
    )


def stage_select(as_of: date, *where) -> Select:
    """One row per candidate with how far they got by the end of ``as_of``:

    ``candidate_id``, ``organisation_id``, ``registered_at`` (a moment),
    ``trajectory`` (the kind of the latest decision by then, else the kind on the
    profile), ``decided_on`` (first decision), ``towards_work_on`` (first volunteering,
    training or internship step), ``job_on`` (first job step), and ``stage``
    (a ``Stage`` value): found work (a job step), else towards work, else in a
    trajectory (a decision), else registered. Each stage includes the ones before it,
    so "reached at least" is ``stage >= ...``. ``where``: conditions on ``Candidate``
    (the period of registration, the partner), applied before the stages are worked
    out. Steps and decisions after ``as_of`` do not count, so a past period reads as
    it stood then. Use it as a subquery to count anything per stage.
    """
    latest_kind = (
        select(TrajectoryDecision.trajectory)
        .where(
            TrajectoryDecision.candidate_id == Candidate.id,
            TrajectoryDecision.decided_on <= as_of,
        )
        .order_by(TrajectoryDecision.decided_on.desc(), TrajectoryDecision.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    first_decision = (
        select(func.min(TrajectoryDecision.decided_on))
        .where(
            TrajectoryDecision.candidate_id == Candidate.id,
            TrajectoryDecision.decided_on <= as_of,
        )
        .scalar_subquery()
    )
    people = select(
        Candidate.id.label("candidate_id"),
        Candidate.organisation_id.label("organisation_id"),
        Candidate.created_at.label("registered_at"),
        func.coalesce(latest_kind, Candidate.trajectory).label("trajectory"),
        first_decision.label("decided_on"),
        _first_step_on(TOWARDS_WORK, as_of).label("towards_work_on"),
        _first_step_on((StepKind.JOB,), as_of).label("job_on"),
    ).where(*where).subquery("people")
    stage = case(
        (people.c.job_on.is_not(None), int(Stage.FOUND_WORK)),
        (people.c.towards_work_on.is_not(None), int(Stage.TOWARDS_WORK)),
        (people.c.decided_on.is_not(None), int(Stage.IN_TRAJECTORY)),
        else_=int(Stage.REGISTERED),
    )
    return select(people, stage.label("stage"))
