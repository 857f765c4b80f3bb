"""The web plumbing's one table: the one-time tokens of create forms that were sent
(``web/once_only.py``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.db_types import UTCDateTime, utcnow
from marketplace.extensions import db


class FormSubmission(db.Model):
    """A create form sent once by ``user``: its token and where what it made lives.

    The unique (user, token) pair is what lets a second send of the same form (a
    double click, a reload after a slow answer, two at once) make nothing: it is
    written in the transaction that makes the record, so of two at once the second
    waits for the first and fails on the pair. Kept briefly (``prune_submissions``)."""

    __tablename__ = "form_submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False
    )
    token: Mapped[str] = mapped_column(String(64), nullable=False)
    #: The page of what the form made (a path on this site), where a repeat is sent.
    result_url: Mapped[str] = mapped_column(String(2000), nullable=False)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (
        UniqueConstraint("user_id", "token", name="uq_form_submission_user_token"),
        Index("ix_form_submission_sent_at", "sent_at"),
    )
