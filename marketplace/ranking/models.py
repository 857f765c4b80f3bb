"""The ranking's own tables.

* ``ranking_model``: the trained ranking models, one row each (see the package).
* ``history_list`` and ``history_list_entry``: who a partner showed for an opportunity
  before Werkbrug, imported from its records (``suggestion_list`` records), in the
  order given. Training reads them as "shown": a shown candidate who was not proposed
  is a negative example only where such a list says they were shown. They are kept
  apart from the suggestion logs (``suggestion_list``), which record what Werkbrug's
  own ranking showed to one coach with the features and the scorer of that moment:
  an imported list has neither, and the oversight figures must count only the site's
  own lists. One list per opportunity and day (re-importing it replaces its names).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.db_types import UTCDateTime, utcnow
from marketplace.extensions import db


class RankingModel(db.Model):
    __tablename__ = "ranking_model"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "sklearn-2026-11-24-1": the training day and its number on that day.
    version: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    trained_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    #: None when trained from the command line (no user) or the user was removed.
    trained_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    training_rows: Mapped[int] = mapped_column(Integer, nullable=False)
    training_lists: Mapped[int] = mapped_column(Integer, nullable=False)
    algorithm: Mapped[str] = mapped_column(String(60), nullable=False)
    #: {"ndcg10_new", "ndcg10_current", "current_version", "folds"}
    metrics: Mapped[dict] = mapped_column(JSON, nullable=False)
    #: The fitted scikit-learn estimator (joblib); loaded only to rank.
    model: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    #: Whether training itself promoted it (it beat the scorer of the day).
    promoted: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    trained_by = relationship(User, lazy="joined")

    __table_args__ = (
        CheckConstraint("training_rows >= 0 AND training_lists >= 0", name="sizes"),
        # At most one active model: "cold start" is simply "no active row".
        Index(
            "uq_ranking_model_active",
            "active",
            unique=True,
            sqlite_where=text("active"),
            postgresql_where=text("active"),
        ),
    )

    def __repr__(self) -> str:
        return f"<RankingModel {self.version}{' active' if self.active else ''}>"


class HistoryList(db.Model):
    """Who a partner showed for one opportunity on one day (imported history)."""

    __tablename__ = "history_list"

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunity.id", ondelete="RESTRICT"), nullable=False
    )
    shown_on: Mapped[date] = mapped_column(Date, nullable=False)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    entries: Mapped[list[HistoryListEntry]] = relationship(
        back_populates="history_list", cascade="all, delete-orphan", passive_deletes=True,
        order_by="HistoryListEntry.position",
    )

    __table_args__ = (
        UniqueConstraint("opportunity_id", "shown_on", name="uq_history_list_opportunity_day"),
    )


class HistoryListEntry(db.Model):
    """One candidate of a :class:`HistoryList`, at the place the file gave."""

    __tablename__ = "history_list_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(
        ForeignKey("history_list.id", ondelete="CASCADE"), nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="RESTRICT"), nullable=False, index=True
    )

    history_list: Mapped[HistoryList] = relationship(back_populates="entries")

    __table_args__ = (
        UniqueConstraint("list_id", "position", name="uq_history_list_entry_position"),
        UniqueConstraint("list_id", "candidate_id", name="uq_history_list_entry_candidate"),
        CheckConstraint("position >= 1", name="position"),
    )
