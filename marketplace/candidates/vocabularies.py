"""The fixed vocabularies of a candidate profile, as plain Python.

No Flask and no database here, so that the matching maths can use them too. Their
translated labels live in ``marketplace/web/labels.py``; the database checks every
stored value with a check constraint built from these enums.
"""

from __future__ import annotations

import enum


class CandidateStatus(enum.StrEnum):
    """Where a candidate is in their trajectory. ``erased`` is the anonymous remnant
    left after an erasure request; no form offers it."""

    ACTIVE = "active"
    PAUSED = "paused"
    PLACED = "placed"
    LEFT = "left"
    ERASED = "erased"


#: The statuses a coach can choose in the profile form.
EDITABLE_STATUSES: tuple[CandidateStatus, ...] = (
    CandidateStatus.ACTIVE,
    CandidateStatus.PAUSED,
    CandidateStatus.PLACED,
    CandidateStatus.LEFT,
)


class DutchLevelSource(enum.StrEnum):
    """How the Dutch level was established, from most to least reliable."""

    CERTIFICATE = "certificate"
    COURSE_TEST = "course_test"
    COACH_ASSESSMENT = "coach_assessment"
    SELF_ASSESSMENT = "self_assessment"


class EducationLevel(enum.StrEnum):
    """Highest education finished, in five steps loosely following ISCED 2011:
    none, primary (ISCED 1), secondary (2 to 4), higher vocational (5) and
    bachelor or higher (6 to 8)."""

    NONE = "none"
    PRIMARY = "primary"
    SECONDARY = "secondary"
    HIGHER_VOCATIONAL = "higher_vocational"
    BACHELOR_OR_HIGHER = "bachelor_or_higher"


class DiplomaRecognition(enum.StrEnum):
    """Whether a diploma from abroad is recognised in Flanders (NARIC-Vlaanderen)."""

    NONE = "none"
    PENDING = "pending"
    RECOGNISED = "recognised"


class WorkPermission(enum.StrEnum):
    """Whether the candidate may work in Belgium."""

    YES = "yes"
    PENDING = "pending"
    NO = "no"


class Trajectory(enum.StrEnum):
    """Integrated: work (or a placement) and the integration course at the same time.
    Linear: first the course, then work."""

    INTEGRATED = "integrated"
    LINEAR = "linear"


class CommuteMeans(enum.StrEnum):
    """The main way the candidate travels to work."""

    FOOT = "foot"
    BIKE = "bike"
    PUBLIC_TRANSPORT = "public_transport"
    CAR = "car"


class DayPart(enum.StrEnum):
    """A part of the week a candidate can work; each is a boolean column
    ``available_<part>`` on the candidate."""

    MORNINGS = "mornings"
    AFTERNOONS = "afternoons"
    EVENINGS = "evenings"
    NIGHTS = "nights"
    WEEKENDS = "weekends"

    @property
    def column(self) -> str:
        return f"available_{self.value}"


#: Which day parts an opportunity's working time needs. A day job needs mornings and
#: afternoons (someone with Dutch class every morning fits only part of it); shift work
#: rotates early, late and sometimes evening shifts. An opportunity schedule that is not
#: listed here needs nothing in particular.
SCHEDULE_DAY_PARTS: dict[str, frozenset[DayPart]] = {
    "day": frozenset({DayPart.MORNINGS, DayPart.AFTERNOONS}),
    "evening": frozenset({DayPart.EVENINGS}),
    "night": frozenset({DayPart.NIGHTS}),
    "weekend": frozenset({DayPart.WEEKENDS}),
    "shifts": frozenset({DayPart.MORNINGS, DayPart.AFTERNOONS, DayPart.EVENINGS}),
}


def schedule_fit(available: frozenset[DayPart] | set[DayPart], schedule: str) -> float:
    """How well a candidate's day parts cover an opportunity's working time, 0 to 1.

    No day parts at all means the coach recorded no limits: the candidate fits every
    schedule. Otherwise the answer is the share of the needed day parts the candidate
    has (a day job for someone free only in the afternoon: 0.5).
    """
    needed = SCHEDULE_DAY_PARTS.get(schedule, frozenset())
    if not available or not needed:
        return 1.0
    return len(needed & set(available)) / len(needed)


class ConsentMethod(enum.StrEnum):
    """How the candidate gave consent to be matched within the partnership."""

    SIGNED_FORM = "signed_form"
    SPOKEN = "spoken"
    SPOKEN_WITH_INTERPRETER = "spoken_with_interpreter"
    WRITTEN_MESSAGE = "written_message"


class Gender(enum.StrEnum):
    """Self-declared gender, only for fairness reports."""

    WOMAN = "woman"
    MAN = "man"
    NON_BINARY = "non_binary"


class ErasureReason(enum.StrEnum):
    """Why a candidate's personal data were erased (kept in the audit log)."""

    REQUEST = "request"
    RETENTION = "retention"
    CONSENT_WITHDRAWN = "consent_withdrawn"
