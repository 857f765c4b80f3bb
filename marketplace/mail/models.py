"""A stored outgoing e-mail message.

Delivery claims a row before sending (``claimed_at``/``claimed_by``, see
``mail.operations.claim_message``), so one message goes out once however many workers
try. A failed try waits until ``next_attempt_at``; after the last try, or when the
server refuses the recipient, ``failed_at`` and the server's answer (``last_error``)
are kept.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.db_types import UTCDateTime, utcnow
from marketplace.extensions import db


class OutgoingMessage(db.Model):
    __tablename__ = "outgoing_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    recipient: Mapped[str] = mapped_column(String(254), nullable=False)
    subject: Mapped[str] = mapped_column(String(300), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_attempts: Mapped[int] = mapped_column(default=0, nullable=False)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_outgoing_message_unsent", "sent_at", "id"),
        Index("ix_outgoing_message_waiting", "sent_at", "failed_at", "next_attempt_at"),
    )
