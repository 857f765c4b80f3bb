"""``ranking_model``: the trained ranking models, one row each (see the package)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    text,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

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

    trained_by = relationship("User", lazy="joined")

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
