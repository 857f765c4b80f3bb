"""The states of an enrolment in a try-out, as plain Python."""

from __future__ import annotations

import enum


class EnrolmentStatus(enum.StrEnum):
    """Where an enrolment stands.

    ``enrolled`` takes a seat; ``waiting`` waits for one (first come, first served);
    ``attended`` and ``absent`` are the organiser's marks on or after the day;
    ``cancelled`` frees the seat (the coach cancelled before the session).
    """

    ENROLLED = "enrolled"
    WAITING = "waiting"
    ATTENDED = "attended"
    ABSENT = "absent"
    CANCELLED = "cancelled"


#: The states that hold a seat of the session.
TAKES_SEAT = frozenset({EnrolmentStatus.ENROLLED, EnrolmentStatus.ATTENDED,
                        EnrolmentStatus.ABSENT})
#: The states a coach can still cancel.
CANCELLABLE = frozenset({EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING})
#: The states the organiser can mark (or mark again, when they made a mistake).
MARKABLE = frozenset({EnrolmentStatus.ENROLLED, EnrolmentStatus.ATTENDED,
                      EnrolmentStatus.ABSENT})
#: The organiser's two marks.
MARKS = (EnrolmentStatus.ATTENDED, EnrolmentStatus.ABSENT)
