"""A candidate's barriers (drempels): special personal data, kept by their coach.

``candidate_barrier``: one barrier of one candidate, of a kind from the fixed list
(``vocab.BarrierKind``), with its status, the day it was noted, the day it was solved
(required when solved, empty otherwise), the support arranged in the coach's words and
the partner organisation the person was referred to. ``version`` guards against two
saves of one opened form (optimistic locking).

The database holds the rules too: known kinds and statuses, ``solved_on`` exactly when
solved and never before ``noted_on``, and at most one barrier of a kind that is not
solved per candidate (a partial unique index). Erasing a candidate deletes their
barriers (``operations.erase_barriers``); deleting the row cascades.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Organisation, User
from marketplace.barriers.vocab import BarrierKind, BarrierStatus
from marketplace.candidates.models import Candidate
from marketplace.db_types import UTCDateTime, sql_in, utcnow
from marketplace.extensions import db
from marketplace.refs import ref_default

MAX_SUPPORT_LENGTH = 1000
_NOT_SOLVED = "status <> 'solved'"


class CandidateBarrier(db.Model):
    __tablename__ = "candidate_barrier"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), nullable=False
    )
    #: The stable key in the interchange format (see ``marketplace/refs.py``).
    ref: Mapped[str] = mapped_column(
        String(100), nullable=False, unique=True, default=ref_default("barrier")
    )
    kind: Mapped[str] = mapped_column(String(24), nullable=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default=BarrierStatus.OPEN)
    noted_on: Mapped[date] = mapped_column(Date, nullable=False)
    solved_on: Mapped[date | None] = mapped_column(Date)
    #: The support arranged, in the coach's words; never in the audit log.
    support: Mapped[str | None] = mapped_column(String(MAX_SUPPORT_LENGTH))
    referral_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    recorded_by_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT"), nullable=False
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    candidate = relationship(Candidate)
    referral_organisation = relationship(Organisation, lazy="joined")
    recorded_by = relationship(User)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(sql_in("kind", BarrierKind), name="kind"),
        CheckConstraint(sql_in("status", BarrierStatus), name="status"),
        CheckConstraint(
            "(status = 'solved' AND solved_on IS NOT NULL) "
            "OR (status <> 'solved' AND solved_on IS NULL)",
            name="solved_on_when_solved",
        ),
        CheckConstraint("solved_on IS NULL OR solved_on >= noted_on", name="solved_after_noted"),
        # One barrier of a kind that still stands in the way per person: a second
        # "childcare" would split one story in two (and count the person twice).
        Index(
            "uq_candidate_barrier_open_kind",
            "candidate_id",
            "kind",
            unique=True,
            sqlite_where=text(_NOT_SOLVED),
            postgresql_where=text(_NOT_SOLVED),
        ),
        Index("ix_candidate_barrier_candidate", "candidate_id", "noted_on"),
        # The report: barriers noted or solved in a period, per kind.
        Index("ix_candidate_barrier_kind_noted", "kind", "noted_on", "solved_on"),
        Index("ix_candidate_barrier_solved", "solved_on"),
    )

    @property
    def is_solved(self) -> bool:
        return self.status == BarrierStatus.SOLVED

    def __repr__(self) -> str:  # never the support text: reprs end up in logs
        return f"<CandidateBarrier {self.id} {self.kind} {self.status}>"
