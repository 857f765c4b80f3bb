"""Business rules of trajectories. Functions change objects and flush; callers commit.

* ``record_decision``: a new decision of the partners; the candidate's ``trajectory``
  follows the latest decision (by its day), in the same operation.
* ``add_step``, ``change_step``, ``remove_step``: the coach's manual steps. Automatic
  steps are Werkbrug's: these refuse them (``StepNotEditable``).
* ``record_automatic_step``, ``remove_automatic_step``: the one way other packages
  write or take back a step (a hire writes a job step). Idempotent on
  ``(candidate, source_ref)``.
* ``erase_trajectory``: part of a candidate's erasure.

Audit events name the candidate by id and the step by id and kind, never a note or an
organisation name typed by a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from marketplace.accounts.models import Organisation
from marketplace.accounts.roles import OrganisationKind
from marketplace.audit.operations import record_event
from marketplace.candidates.lifecycle import candidate_erasing
from marketplace.candidates.models import Candidate
from marketplace.candidates.operations import SUBJECT, log_activity
from marketplace.candidates.vocabularies import Trajectory
from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.trajectories.models import TrajectoryDecision, TrajectoryStep
from marketplace.trajectories.vocab import StepKind, StepSource
from marketplace.web.conflicts import EditConflict, ensure_version

#: The subject of a step's edit conflict (its events are logged on the candidate).
STEP_SUBJECT = "trajectory_step"


class TrajectoryError(Exception):
    """A change to a trajectory that the rules refuse."""


class NotAPartner(TrajectoryError):
    """Only a partner organisation decides on a trajectory."""


class StepNotEditable(TrajectoryError):
    """An automatic step is changed or removed only by what wrote it."""


@dataclass(frozen=True)
class DecisionDetails:
    """What the coach fills in for a decision."""

    trajectory: str
    decided_on: date
    partner_id: int
    note: str | None = None


@dataclass(frozen=True)
class StepDetails:
    """What the coach fills in for a step. ``dutch_level`` counts for a Dutch course
    only; ``organisation_id`` (a Werkbrug organisation) and ``organisation_name`` (any
    other) may both be empty."""

    kind: str
    started_on: date
    ended_on: date | None = None
    organisation_id: int | None = None
    organisation_name: str | None = None
    dutch_level: str | None = None
    note: str | None = None


# --- decisions --------------------------------------------------------------------------


def latest_decision(candidate_id: int) -> TrajectoryDecision | None:
    """The decision that counts now: the one of the latest day (the latest recorded
    when two share a day)."""
    return db.session.scalars(
        select(TrajectoryDecision)
        .where(TrajectoryDecision.candidate_id == candidate_id)
        .order_by(TrajectoryDecision.decided_on.desc(), TrajectoryDecision.id.desc())
        .limit(1)
    ).first()


def record_decision(candidate: Candidate, details: DecisionDetails, *, by) -> TrajectoryDecision:
    """Add a decision to the candidate's history and make the candidate's current
    trajectory that of the latest decision. Raises ``NotAPartner`` when the deciding
    organisation is not a partner."""
    partner = db.session.get(Organisation, details.partner_id)
    if partner is None or partner.kind != OrganisationKind.PARTNER:
        raise NotAPartner(str(details.partner_id))
    decision = TrajectoryDecision(
        candidate_id=candidate.id,
        trajectory=str(Trajectory(details.trajectory)),
        decided_on=details.decided_on,
        partner_id=partner.id,
        note=details.note or None,
        recorded_by_id=getattr(by, "id", None),
    )
    db.session.add(decision)
    db.session.flush()
    current = latest_decision(candidate.id)
    changed = []
    if candidate.trajectory != current.trajectory:
        candidate.trajectory = current.trajectory
        changed.append("trajectory")
    log_activity(candidate, "trajectory_decided", changed, decision=decision.id, actor=by)
    return decision


# --- manual steps -----------------------------------------------------------------------


def _apply(step: TrajectoryStep, details: StepDetails) -> list[str]:
    """Copy ``details`` onto ``step``; the names of the fields that changed."""
    values = {
        "kind": str(StepKind(details.kind)),
        "started_on": details.started_on,
        "ended_on": details.ended_on,
        "organisation_id": details.organisation_id,
        "organisation_name": details.organisation_name or None,
        "dutch_level": (details.dutch_level or None)
        if details.kind == StepKind.DUTCH_COURSE else None,
        "note": details.note or None,
    }
    changed = [name for name, value in values.items() if getattr(step, name) != value]
    for name in changed:
        setattr(step, name, values[name])
    return changed


def add_step(candidate: Candidate, details: StepDetails, *, by) -> TrajectoryStep:
    """A step the coach writes down."""
    step = TrajectoryStep(
        candidate_id=candidate.id, source=StepSource.MANUAL, recorded_by_id=getattr(by, "id", None)
    )
    _apply(step, details)
    db.session.add(step)
    db.session.flush()
    record_event("trajectory_step_added", SUBJECT, candidate.id,
                 {"step": step.id, "kind": step.kind}, actor=by)
    return step


def change_step(step: TrajectoryStep, details: StepDetails, *, by, expected_version
                ) -> list[str]:
    """Change a manual step opened at ``expected_version``; returns the names of the
    changed fields.

    Raises ``EditConflict`` when it was saved after ``expected_version`` (another tab
    of the coach), its ``current_version`` None when that happened during this very
    save; nothing is written then. The event, on the candidate, names the step and the
    version it made (``describe_conflict(..., named_as="step")`` reads it).
    """
    if step.is_automatic:
        raise StepNotEditable(str(step.id))
    ensure_version(step, STEP_SUBJECT, expected_version)
    changed = _apply(step, details)
    if changed:
        step.updated_at = utcnow()
        step_id = step.id  # the failed flush below leaves the object unreadable
        try:
            db.session.flush()
        except StaleDataError as error:
            # Saved between the version check and this write (version_id_col).
            raise EditConflict(STEP_SUBJECT, step_id, int(expected_version), None) from error
        record_event("trajectory_step_changed", SUBJECT, step.candidate_id,
                     {"step": step.id, "kind": step.kind, "fields": changed,
                      "version": step.version}, actor=by)
    return changed


def remove_step(step: TrajectoryStep, *, by) -> None:
    """Remove a manual step (written by mistake)."""
    if step.is_automatic:
        raise StepNotEditable(str(step.id))
    facts = {"step": step.id, "kind": step.kind}
    db.session.delete(step)
    db.session.flush()
    record_event("trajectory_step_removed", SUBJECT, step.candidate_id, facts, actor=by)


# --- automatic steps: the API of other packages -----------------------------------------


def _step_by_ref(candidate_id: int, source_ref: str) -> TrajectoryStep | None:
    return db.session.scalars(
        select(TrajectoryStep).where(
            TrajectoryStep.candidate_id == candidate_id, TrajectoryStep.source_ref == source_ref
        )
    ).first()


def record_automatic_step(
    candidate,
    kind: StepKind,
    started_on: date,
    *,
    ended_on: date | None = None,
    organisation=None,
    source_ref: str,
) -> TrajectoryStep:
    """Write the step that ``source_ref`` (for example ``"proposal:123"``) stands for,
    once: a second call, or one racing with it in another transaction, changes nothing
    and returns the step already written. ``organisation`` is a Werkbrug organisation
    (the employer of a hire) or None."""
    existing = _step_by_ref(candidate.id, source_ref)
    if existing is not None:
        return existing
    step = TrajectoryStep(
        candidate_id=candidate.id,
        kind=str(StepKind(kind)),
        started_on=started_on,
        ended_on=ended_on,
        organisation_id=getattr(organisation, "id", None),
        source=StepSource.AUTOMATIC,
        source_ref=source_ref,
    )
    try:
        with db.session.begin_nested():  # a savepoint: losing the race keeps the rest
            db.session.add(step)
    except IntegrityError:
        return _step_by_ref(candidate.id, source_ref)
    record_event("trajectory_step_recorded", SUBJECT, candidate.id,
                 {"step": step.id, "kind": step.kind, "source": source_ref})
    return step


def remove_automatic_step(candidate, source_ref: str) -> bool:
    """Take back the step ``source_ref`` wrote (a hire was undone); whether there was
    one."""
    step = _step_by_ref(candidate.id, source_ref)
    if step is None:
        return False
    facts = {"step": step.id, "kind": step.kind, "source": source_ref}
    db.session.delete(step)
    db.session.flush()
    record_event("trajectory_step_withdrawn", SUBJECT, candidate.id, facts)
    return True


# --- erasure ----------------------------------------------------------------------------


def erase_trajectory(candidate_id: int) -> None:
    """Delete the candidate's decisions and steps (their notes and organisations say
    who they are): part of the right to erasure."""
    for model in (TrajectoryStep, TrajectoryDecision):
        db.session.execute(
            delete(model).where(model.candidate_id == candidate_id),
            execution_options={"synchronize_session": False},
        )


@candidate_erasing.connect
def _erase_trajectory_on_erasure(candidate: Candidate, **_facts) -> None:
    """Erasure: the candidate's decisions and steps go."""
    erase_trajectory(candidate.id)
