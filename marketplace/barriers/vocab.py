"""The fixed, documented list of barriers (drempels) a coach records, and their
statuses. Pure Python: the database checks, the forms, the labels and the report all
read these enums (see "Barriers" in docs/architecture.md for what each kind means).
"""

from __future__ import annotations

import enum


class BarrierKind(enum.StrEnum):
    """What stands between a person and work, training or volunteering.

    Mobility is split in three, because each asks for other support: a bike course,
    a driving licence, or money for public transport.
    """

    CHILDCARE = "childcare"
    NO_BIKE = "no_bike"
    NO_DRIVING_LICENCE = "no_driving_licence"
    NO_TRANSPORT_MONEY = "no_transport_money"
    HEALTH = "health"
    HOUSING = "housing"
    #: A residence permit or a work permit (the legal questions Atlas helps with).
    RESIDENCE_PERMIT = "residence_permit"
    DIPLOMA_RECOGNITION = "diploma_recognition"
    DIGITAL_SKILLS = "digital_skills"
    DUTCH = "dutch"
    CARING_DUTIES = "caring_duties"
    DISCRIMINATION = "discrimination"
    OTHER = "other"


class BarrierStatus(enum.StrEnum):
    """Open: noted, nothing arranged yet. In progress: support is arranged and under
    way. Solved: no longer in the way (with the day it was solved)."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    SOLVED = "solved"


#: The statuses of a barrier that still stands in the way.
NOT_SOLVED = (BarrierStatus.OPEN, BarrierStatus.IN_PROGRESS)
