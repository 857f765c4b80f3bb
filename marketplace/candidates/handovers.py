"""The record of a candidate handed from one coach to another (possibly of another
organisation): who, to whom, when and why. The candidates' operations write it; the
profile's history and the old coach's "handed over" list read it.

An admin's handover of a coach's whole caseload (``caseload_handover.py``) is one
``caseload_handover`` row, written by the request and carried out by a background job;
each person it moves gets a ``candidate_handover`` pointing at it, at most one per
person (unique), so a job run again after a killed worker never writes a second."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Organisation, User
from marketplace.candidates.models import Candidate
from marketplace.db_types import UTCDateTime, utcnow
from marketplace.extensions import db


class CaseloadHandover(db.Model):
    """An admin's handover of all of ``from_coach``'s live people to ``to_coach``, a
    colleague of the same organisation. ``expected`` is the number the admin confirmed;
    ``moved`` and ``finished_at`` are set when the job is done (until then it is under
    way). The note goes with each person's handover, and is cleared here once they all
    have it."""

    __tablename__ = "caseload_handover"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_coach_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    to_coach_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT"), nullable=False
    )
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    note: Mapped[str | None] = mapped_column(Text)
    expected: Mapped[int] = mapped_column(nullable=False)
    moved: Mapped[int | None] = mapped_column()
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    from_coach = relationship(User, foreign_keys=[from_coach_id])
    to_coach = relationship(User, foreign_keys=[to_coach_id])
    requested_by = relationship(User, foreign_keys=[requested_by_id])

    __table_args__ = (
        CheckConstraint("from_coach_id <> to_coach_id", name="different_coaches"),
        CheckConstraint("expected >= 0 AND (moved IS NULL OR moved >= 0)", name="counts"),
        CheckConstraint("(moved IS NULL) = (finished_at IS NULL)", name="finished_with_count"),
        # The receiving coach's news reads the finished handovers to them.
        Index("ix_caseload_handover_to_coach_id_finished_at", "to_coach_id", "finished_at"),
    )

    @property
    def under_way(self) -> bool:
        return self.finished_at is None


class CandidateHandover(db.Model):
    """A candidate moved from one coach to another (possibly another organisation)."""

    __data_version__ = "candidates"  # the matching engine caches them
    __data_version_key__ = "candidate_id"
    __tablename__ = "candidate_handover"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), nullable=False, index=True
    )
    from_coach_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    to_coach_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT"), nullable=False
    )
    from_organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), nullable=False
    )
    to_organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), nullable=False
    )
    note: Mapped[str | None] = mapped_column(Text)
    # The admin's whole-caseload handover this move is part of (None: a coach's own).
    caseload_handover_id: Mapped[int | None] = mapped_column(
        ForeignKey("caseload_handover.id", ondelete="RESTRICT")
    )
    handed_over_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    candidate: Mapped[Candidate] = relationship(back_populates="handovers")
    from_coach = relationship(User, lazy="joined", foreign_keys=[from_coach_id])
    to_coach = relationship(User, lazy="joined", foreign_keys=[to_coach_id])
    from_organisation = relationship(
        Organisation, lazy="joined", foreign_keys=[from_organisation_id]
    )
    to_organisation = relationship(Organisation, lazy="joined", foreign_keys=[to_organisation_id])

    __table_args__ = (
        CheckConstraint("from_coach_id <> to_coach_id", name="different_coaches"),
        # One record per person per caseload handover, however often its job runs.
        UniqueConstraint("caseload_handover_id", "candidate_id"),
    )
