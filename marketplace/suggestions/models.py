"""Suggestions shown to coaches, what coaches set aside, and the ranking switch.

* ``suggestion_list``: one row each time a suggestion page is shown to a coach: about
  one opportunity (candidates ranked for it) or one candidate (opportunities ranked for
  them), with the scorer version and whether a ranking was used at all.
* ``suggestion_entry``: the real suggestions of that list (not the near misses), with
  their rank (1 = top), score and the ten feature values in the order of
  ``marketplace.matching.features.FEATURE_NAMES`` (score and features are NULL in an
  unranked list). Proposals (``proposal.suggestion_entry_id``) and dismissals point at
  an entry, so every decision links back to the rank at which it was shown.
* ``suggestion_dismissal``: a coach set a candidate-opportunity pair aside, with a
  reason from a short list and optionally their own words. At most one open (not
  restored) dismissal per pair: a partial unique index, like ``consent_record``'s.
* ``ranking_setting``: one row (id 1) saying whether the ranking is on. No row means on.
* ``fairness_place``: derived, never edited by hand: one narrow row per top-10 place of
  a ranked list for an opportunity, of each candidate the fairness report counts, with
  that candidate's ``candidate_fairness`` characteristics (kept by
  ``marketplace/candidates/fairness_traits.py``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.db_types import UTCDateTime, sql_in, utcnow
from marketplace.extensions import db
from marketplace.suggestions.vocab import DismissReason, SuggestionSubject


class SuggestionList(db.Model):
    __tablename__ = "suggestion_list"

    id: Mapped[int] = mapped_column(primary_key=True)
    shown_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    coach_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT"), nullable=False
    )
    subject: Mapped[str] = mapped_column(String(12), nullable=False)
    opportunity_id: Mapped[int | None] = mapped_column(
        ForeignKey("opportunity.id", ondelete="RESTRICT")
    )
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidate.id", ondelete="RESTRICT")
    )
    scorer_version: Mapped[str] = mapped_column(String(40), nullable=False)
    #: False when the ranking was switched off or fell back to the unranked list.
    ranked: Mapped[bool] = mapped_column(Boolean, nullable=False)

    entries: Mapped[list[SuggestionEntry]] = relationship(
        back_populates="suggestion_list", cascade="all, delete-orphan", passive_deletes=True,
        order_by="SuggestionEntry.rank",
    )

    __table_args__ = (
        CheckConstraint(sql_in("subject", SuggestionSubject), name="subject"),
        CheckConstraint(
            "(subject = 'opportunity' AND opportunity_id IS NOT NULL AND candidate_id IS NULL)"
            " OR (subject = 'candidate' AND candidate_id IS NOT NULL"
            " AND opportunity_id IS NULL)",
            name="subject_named",
        ),
        Index("ix_suggestion_list_shown_at", "shown_at"),
    )


class SuggestionEntry(db.Model):
    __tablename__ = "suggestion_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(
        ForeignKey("suggestion_list.id", ondelete="CASCADE"), nullable=False
    )
    rank: Mapped[int] = mapped_column(Integer, nullable=False)
    score: Mapped[float | None] = mapped_column(Float)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="RESTRICT"), nullable=False
    )
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunity.id", ondelete="RESTRICT"), nullable=False
    )
    #: The ten feature values (``FEATURE_NAMES`` order); NULL in an unranked list.
    features: Mapped[list[float] | None] = mapped_column(JSON(none_as_null=True))

    suggestion_list: Mapped[SuggestionList] = relationship(back_populates="entries")

    __table_args__ = (
        UniqueConstraint("list_id", "rank", name="uq_suggestion_entry_list_rank"),
        # The fairness report counts the top-10 places of each candidate in the lists of
        # a period: this index answers it without reading the entries (their features
        # make them wide).
        Index("ix_suggestion_entry_list_rank_candidate", "list_id", "rank", "candidate_id"),
        CheckConstraint("rank >= 1", name="rank"),
        Index("ix_suggestion_entry_opportunity_candidate", "opportunity_id", "candidate_id"),
        # A candidate's entries, for rewriting their ``fairness_place`` rows.
        Index("ix_suggestion_entry_candidate", "candidate_id"),
    )


class SuggestionDismissal(db.Model):
    __tablename__ = "suggestion_dismissal"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="RESTRICT"), nullable=False
    )
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunity.id", ondelete="RESTRICT"), nullable=False
    )
    coach_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT"), nullable=False
    )
    #: The entry (so the rank) at which the pair was shown when it was dismissed.
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("suggestion_entry.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(String(20), nullable=False)
    #: The coach's own words; never in the audit log, emptied when the candidate is erased.
    note: Mapped[str | None] = mapped_column(Text)
    dismissed_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    restored_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    entry: Mapped[SuggestionEntry | None] = relationship()
    coach = relationship(User, lazy="joined", innerjoin=True)

    __table_args__ = (
        CheckConstraint(sql_in("reason", DismissReason), name="reason"),
        CheckConstraint("restored_at IS NULL OR restored_at >= dismissed_at",
                        name="restored_after_dismissed"),
        # At most one open dismissal per pair: "dismissed" is "an open row exists".
        Index(
            "uq_suggestion_dismissal_open",
            "candidate_id",
            "opportunity_id",
            unique=True,
            sqlite_where=text("restored_at IS NULL"),
            postgresql_where=text("restored_at IS NULL"),
        ),
        Index("ix_suggestion_dismissal_opportunity", "opportunity_id"),
    )

    def __repr__(self) -> str:  # never the note: reprs end up in logs
        return f"<SuggestionDismissal {self.id} {self.reason}>"


class RankingSetting(db.Model):
    """Whether coaches get ranked suggestions (one row, id 1; no row means on)."""

    __tablename__ = "ranking_setting"

    id: Mapped[int] = mapped_column(primary_key=True)
    ranking_enabled: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=True, server_default=true()
    )
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    changed_by = relationship(User)

    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)


SETTING_ID = 1
"""The id of the one ``ranking_setting`` row (its check constraint allows no other)."""
