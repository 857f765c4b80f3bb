"""The record of a candidate handed from one coach to another (possibly of another
organisation): who, to whom, when and why. The candidates' operations write it; the
profile's history and the old coach's "handed over" list read it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Organisation, User
from marketplace.candidates.models import Candidate
from marketplace.db_types import UTCDateTime, utcnow
from marketplace.extensions import db


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
    handed_over_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    candidate: Mapped[Candidate] = relationship(back_populates="handovers")
    from_coach = relationship(User, lazy="joined", foreign_keys=[from_coach_id])
    to_coach = relationship(User, lazy="joined", foreign_keys=[to_coach_id])
    from_organisation = relationship(
        Organisation, lazy="joined", foreign_keys=[from_organisation_id]
    )
    to_organisation = relationship(Organisation, lazy="joined", foreign_keys=[to_organisation_id])

    __table_args__ = (CheckConstraint("from_coach_id <> to_coach_id", name="different_coaches"),)
