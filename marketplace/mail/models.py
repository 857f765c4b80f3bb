"""A stored outgoing e-mail message.

Delivery claims a row before sending (``claimed_at``/``claimed_by``, see
``mail.operations.claim_message``), so one message goes out once however many workers
try. A failed try waits until ``next_attempt_at``; after the last try, or when the
server refuses the recipient, ``failed_at`` and the server's answer (``last_error``)
are kept.

A message may carry files (``outgoing_attachment``: a name, a content type and the
bytes), such as the calendar file of an interview invitation; they are sent as MIME
attachments and an admin can download them from the outbox.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

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

    attachments: Mapped[list[OutgoingAttachment]] = relationship(
        back_populates="message", cascade="all, delete-orphan", passive_deletes=True,
        order_by="OutgoingAttachment.id",
    )

    __table_args__ = (
        Index("ix_outgoing_message_unsent", "sent_at", "id"),
        Index("ix_outgoing_message_waiting", "sent_at", "failed_at", "next_attempt_at"),
    )


class OutgoingAttachment(db.Model):
    """A file sent with a message: its name, MIME type (with parameters, such as
    ``text/calendar; method=REQUEST``) and content."""

    __tablename__ = "outgoing_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("outgoing_message.id", ondelete="CASCADE"), nullable=False, index=True
    )
    filename: Mapped[str] = mapped_column(String(200), nullable=False)
    content_type: Mapped[str] = mapped_column(String(200), nullable=False)
    content: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)

    message: Mapped[OutgoingMessage] = relationship(back_populates="attachments")
