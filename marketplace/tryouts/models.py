"""An enrolment of a candidate in a try-out session.

One row per candidate and try-out (a unique constraint, so two coaches clicking at
once cannot enrol one person twice); a cancelled enrolment stays, and enrolling the
person again reuses it. Coach and organiser both change rows: ``version`` is
SQLAlchemy's ``version_id_col`` (optimistic locking). ``suggestion_entry_id`` links the
enrolment to the suggestion (and rank) the coach enrolled from, as a proposal's does:
the ranking's oversight counts it (``ranking/oversight.py``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    ScalarSelect,
    String,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.candidates.models import Candidate
from marketplace.db_types import UTCDateTime, sql_in, utcnow
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.tryouts.vocab import TAKES_SEAT, EnrolmentStatus


class TryoutEnrolment(db.Model):
    __tablename__ = "tryout_enrolment"

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunity.id", ondelete="RESTRICT"), nullable=False
    )
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    #: The coach who enrolled the candidate (and is told when they move up).
    enrolled_by_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    #: When a seat came free and the enrolment left the waiting list.
    moved_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the organiser marked attended or absent.
    marked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    #: The suggestion (so the rank) from which the coach enrolled the person; None when
    #: enrolled from the try-out's page or the profile. A reused (cancelled) row takes
    #: the link of its latest enrolment, as it takes its coach.
    suggestion_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("suggestion_entry.id", ondelete="SET NULL")
    )

    opportunity = relationship(Opportunity, lazy="joined", innerjoin=True)
    candidate = relationship(Candidate, lazy="joined", innerjoin=True)
    enrolled_by = relationship(User, lazy="joined", innerjoin=True)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("opportunity_id", "candidate_id",
                         name="uq_tryout_enrolment_opportunity_candidate"),
        CheckConstraint(sql_in("status", EnrolmentStatus), name="status"),
        CheckConstraint("cancelled_at IS NULL OR status = 'cancelled'", name="cancelled"),
        # The seats taken and the waiting list of one session, in order.
        Index("ix_tryout_enrolment_opportunity_status", "opportunity_id", "status",
              "created_at"),
    )

    def __repr__(self) -> str:
        return f"<TryoutEnrolment {self.id} {self.status}>"


def seats_taken_of(opportunity_id) -> ScalarSelect:
    """How many enrolments hold a seat of the try-out ``opportunity_id`` (a value or a
    column): the one count of taken seats (``TAKES_SEAT``), which the operations count
    with the row locked and ``Opportunity.seats_taken`` reads with the opportunity."""
    return (
        select(func.count(TryoutEnrolment.id))
        .where(TryoutEnrolment.opportunity_id == opportunity_id,
               TryoutEnrolment.status.in_([str(status) for status in TAKES_SEAT]))
        .scalar_subquery()
    )


# A try-out's taken seats count against its places as hires count against a job's
# (``Opportunity.hired_count``, proposals/models.py): a column of the opportunity
# computed by the database, so the browse list needs no query per row, and
# ``Opportunity.places_left`` reads it. Defined here: opportunities cannot import this
# package. The operations expire it when they change a seat.
Opportunity.seats_taken = column_property(
    seats_taken_of(Opportunity.id).correlate_except(TryoutEnrolment)
)
