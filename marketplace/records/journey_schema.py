"""Record types of a person's way to work: barriers, the partners' trajectory
decisions, the steps of the timeline and try-out enrolments, each its own line that
points to its candidate (and opportunity) by ref.

Dates may not lie in the future and an end never comes before its start, as in the
site's forms; a barrier's ``solved_on`` is given exactly when it is solved; a Dutch
level only on a Dutch course step. What a line points to is checked against the file
and the database by ``journey.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import StringConstraints, model_validator

from marketplace.barriers.models import MAX_SUPPORT_LENGTH
from marketplace.barriers.vocab import BarrierKind, BarrierStatus
from marketplace.candidates.vocabularies import Trajectory
from marketplace.records.fields import (
    CandidateRef,
    Level,
    Ref,
    StrictRecord,
    Text,
    long_text,
    not_in_future,
    short_text,
    vocabulary,
)
from marketplace.trajectories.models import NOTE_MAX, ORGANISATION_NAME_MAX
from marketplace.trajectories.vocab import StepKind
from marketplace.tryouts.vocab import EnrolmentStatus

#: What wrote an automatic step: a hire (``proposal:<proposal ref>``) or the
#: attendance of a try-out (``tryout:<try-out opportunity ref>``).
StepSource = Annotated[str, StringConstraints(pattern=r"^(proposal|tryout):\S.{0,99}$")]
Note = long_text(NOTE_MAX)


class BarrierRecord(StrictRecord):
    """A barrier (drempel) the candidate's coach noted."""

    type: Literal["barrier"]
    ref: Ref
    candidate: CandidateRef
    kind: vocabulary(BarrierKind)
    status: vocabulary(BarrierStatus)
    noted_on: dt.date
    solved_on: dt.date | None = None
    support: long_text(MAX_SUPPORT_LENGTH) | None = None
    referral: Text | None = None  # a partner organisation's ref
    recorded_by: Text  # a coach's e-mail

    @model_validator(mode="after")
    def _solved_on_when_solved(self):
        not_in_future(self.noted_on, "noted_on")
        not_in_future(self.solved_on, "solved_on")
        if (self.status == BarrierStatus.SOLVED) != (self.solved_on is not None):
            raise ValueError("solved_on is given exactly when the status is solved")
        if self.solved_on is not None and self.solved_on < self.noted_on:
            raise ValueError("solved_on is before noted_on")
        return self


class TrajectoryDecisionRecord(StrictRecord):
    """The partners' decision which trajectory the candidate follows."""

    type: Literal["trajectory_decision"]
    ref: Ref
    candidate: CandidateRef
    trajectory: vocabulary(Trajectory)
    decided_on: dt.date
    partner: Text  # a partner organisation's ref
    note: Note | None = None
    recorded_by: Text | None = None  # a coach's e-mail; none when the account is gone

    @model_validator(mode="after")
    def _past(self):
        not_in_future(self.decided_on, "decided_on")
        return self


class TrajectoryStepRecord(StrictRecord):
    """A step of the timeline; ``source`` names what wrote an automatic step."""

    type: Literal["trajectory_step"]
    ref: Ref
    candidate: CandidateRef
    kind: vocabulary(StepKind)
    started_on: dt.date
    ended_on: dt.date | None = None
    organisation: Text | None = None  # a Werkbrug organisation's ref
    organisation_name: short_text(ORGANISATION_NAME_MAX) | None = None
    dutch_level: Level | None = None  # reached on a Dutch course
    note: Note | None = None
    recorded_by: Text | None = None  # a coach's e-mail
    source: StepSource | None = None  # none: written by a coach

    @model_validator(mode="after")
    def _dates_and_level(self):
        if self.source is None:  # the site plans a hire's step ahead (a course's start)
            not_in_future(self.started_on, "started_on")
            not_in_future(self.ended_on, "ended_on")
        if self.ended_on is not None and self.ended_on < self.started_on:
            raise ValueError("ended_on is before started_on")
        if self.dutch_level is not None and self.kind != StepKind.DUTCH_COURSE:
            raise ValueError("dutch_level is only for a Dutch course")
        return self


class TryoutEnrolmentRecord(StrictRecord):
    """A candidate's place in a try-out (or on its waiting list), and their attendance.
    Its key is the try-out and the candidate (one enrolment per pair); the enrolments
    of one try-out are in the order they came (first come, first served)."""

    type: Literal["tryout_enrolment"]
    tryout: Ref  # the try-out opportunity's ref
    candidate: CandidateRef
    coach: Text  # the e-mail of the coach who enrolled the candidate
    status: vocabulary(EnrolmentStatus)
    enrolled_at: dt.datetime  # ISO 8601 with its offset; the waiting list's order
    #: When a seat came free and the enrolment left the waiting list; absent: kept.
    moved_up_at: dt.datetime | None = None

    @model_validator(mode="after")
    def _with_offset(self):
        now = dt.datetime.now(dt.UTC)
        for name in ("enrolled_at", "moved_up_at"):
            moment = getattr(self, name)
            if moment is not None and moment.tzinfo is None:
                raise ValueError(f"{name} needs its UTC offset (for example +00:00)")
            if moment is not None and moment > now:
                raise ValueError(f"{name} is in the future")
        if self.moved_up_at is not None:
            if self.status == EnrolmentStatus.WAITING:
                raise ValueError("moved_up_at is not for an enrolment still waiting")
            if self.moved_up_at < self.enrolled_at:
                raise ValueError("moved_up_at is before enrolled_at")
        return self
