"""The fixed words of trajectories: the kinds of step and where a step comes from.

Pure Python, no Flask: the labels people read are in ``web/labels.py``.
"""

from __future__ import annotations

import enum


class StepKind(enum.StrEnum):
    """A step on a person's way to work, in the order the projects counted them."""

    INTAKE = "intake"
    DUTCH_COURSE = "dutch_course"
    CONVERSATION_GROUP = "conversation_group"
    TRYOUT = "tryout"
    VOLUNTEERING = "volunteering"
    TRAINING = "training"
    INTERNSHIP = "internship"
    JOB = "job"


class StepSource(enum.StrEnum):
    """Manual: a coach wrote the step. Automatic: Werkbrug wrote it from something that
    happened in it (a hire), and only that can change or remove it."""

    MANUAL = "manual"
    AUTOMATIC = "automatic"


#: The steps the partnership counts as "a step towards work".
TOWARDS_WORK: tuple[StepKind, ...] = (
    StepKind.VOLUNTEERING,
    StepKind.TRAINING,
    StepKind.INTERNSHIP,
)


class Stage(enum.IntEnum):
    """How far a person got, as the projects counted it: each stage includes the ones
    before it (someone who found work was registered, and so on)."""

    REGISTERED = 1
    IN_TRAJECTORY = 2
    TOWARDS_WORK = 3
    FOUND_WORK = 4
