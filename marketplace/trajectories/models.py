"""The trajectory of a candidate: the partners' decisions and the steps on the way.

* ``trajectory_decision``: integrated or linear, decided on a day by a partner
  organisation, with a short note. A candidate's decisions are a history (a linear
  trajectory becomes integrated once civic integration is finished); the latest one
  is the candidate's current ``trajectory`` (``operations.record_decision`` keeps the two
  in step).
* ``trajectory_step``: one step (intake, Dutch course, ..., job) with its dates and its
  organisation: a Werkbrug organisation or a free-text name ("CVO Crescendo"). A
  step written by Werkbrug itself is ``automatic`` with a ``source_ref`` (for example
  ``proposal:123``), unique per candidate, so it is written once. Its ``version``
  guards against two saves of one step from forms opened on the same version (two
  tabs of the coach): the second gets the conflict page instead of undoing the first.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Organisation
from marketplace.candidates.vocabularies import Trajectory
from marketplace.db_types import UTCDateTime, sql_in, utcnow
from marketplace.extensions import db
from marketplace.refs import ref_default
from marketplace.trajectories.vocab import StepKind, StepSource

#: The longest note on a decision or a step.
NOTE_MAX = 500
#: The longest free-text organisation name.
ORGANISATION_NAME_MAX = 120
#: The longest ``source_ref`` ("proposal:123", "tryout-enrolment:45").
SOURCE_REF_MAX = 64


class TrajectoryDecision(db.Model):
    """The partners decided at intake (or later) which trajectory a candidate follows."""

    __tablename__ = "trajectory_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), nullable=False
    )
    #: The stable key in the interchange format (see ``marketplace/refs.py``).
    ref: Mapped[str] = mapped_column(
        String(100), nullable=False, unique=True, default=ref_default("trajectory-decision")
    )
    trajectory: Mapped[str] = mapped_column(String(12), nullable=False)
    decided_on: Mapped[date] = mapped_column(Date, nullable=False)
    #: The partner organisation that decided (kind ``partner``).
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    partner = relationship(Organisation, lazy="joined")

    __table_args__ = (
        CheckConstraint(sql_in("trajectory", Trajectory), name="trajectory_kind"),
        CheckConstraint(f"note IS NULL OR length(note) <= {NOTE_MAX}", name="note_length"),
        Index("ix_trajectory_decision_candidate_day", "candidate_id", "decided_on"),
    )


class TrajectoryStep(db.Model):
    """One step of a candidate's way to work, manual or written by Werkbrug."""

    __tablename__ = "trajectory_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), nullable=False
    )
    #: The stable key in the interchange format (see ``marketplace/refs.py``).
    ref: Mapped[str] = mapped_column(
        String(100), nullable=False, unique=True, default=ref_default("trajectory-step")
    )
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    started_on: Mapped[date] = mapped_column(Date, nullable=False)
    ended_on: Mapped[date | None] = mapped_column(Date)
    #: A Werkbrug organisation (the employer of a hire), or none.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    #: An organisation outside Werkbrug, as the coach writes it ("CVO Crescendo").
    organisation_name: Mapped[str | None] = mapped_column(String(ORGANISATION_NAME_MAX))
    #: For a Dutch course: the CEFR level reached.
    dutch_level: Mapped[str | None] = mapped_column(ForeignKey("cefr_level.code"))
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(10), nullable=False, default=StepSource.MANUAL)
    source_ref: Mapped[str | None] = mapped_column(String(SOURCE_REF_MAX))
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    organisation = relationship(Organisation, lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_automatic(self) -> bool:
        return self.source == StepSource.AUTOMATIC

    __table_args__ = (
        UniqueConstraint("candidate_id", "source_ref", name="uq_trajectory_step_source_ref"),
        CheckConstraint(sql_in("kind", StepKind), name="step_kind"),
        CheckConstraint(sql_in("source", StepSource), name="step_source"),
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="ends_after_start"),
        CheckConstraint(
            f"dutch_level IS NULL OR kind = '{StepKind.DUTCH_COURSE}'",
            name="level_only_for_dutch_course",
        ),
        CheckConstraint(
            f"(source = '{StepSource.MANUAL}' AND source_ref IS NULL) OR "
            f"(source = '{StepSource.AUTOMATIC}' AND source_ref IS NOT NULL)",
            name="automatic_has_source_ref",
        ),
        CheckConstraint(f"note IS NULL OR length(note) <= {NOTE_MAX}", name="note_length"),
        Index("ix_trajectory_step_candidate_start", "candidate_id", "started_on"),
        Index("ix_trajectory_step_kind_start", "kind", "started_on"),
    )
