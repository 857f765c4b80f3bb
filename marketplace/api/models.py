"""The partner API's one table: the answers of create calls sent with an
``Idempotency-Key`` (``api/idempotency.py``), the API's sibling of the site's
``form_submission``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.db_types import UTCDateTime, utcnow
from marketplace.extensions import db

#: The longest key a partner may send (the header's value, characters).
MAX_KEY = 255


class ApiIdempotencyKey(db.Model):
    """A create call that succeeded with an ``Idempotency-Key``: who sent it (the API
    key), to which operation, a hash of what was sent, and the answer it got.

    Written in the transaction that made the record, so the unique (token, key) pair
    is what makes a retry, or two sends at once, make nothing more: the later insert
    waits for the first transaction and fails. Kept as long as the site's form tokens
    (``once_only.KEPT_FOR``). ``candidate_id`` names the person an answer holds data
    about (a new candidate, a proposal), so that erasing them forgets it too."""

    __tablename__ = "api_idempotency_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(
        ForeignKey("api_token.id", ondelete="CASCADE"), nullable=False
    )
    key: Mapped[str] = mapped_column(String(MAX_KEY), nullable=False)
    #: The Flask endpoint of the operation (``api.create_opportunity``).
    endpoint: Mapped[str] = mapped_column(String(100), nullable=False)
    #: SHA-256 (hexadecimal) of the query string and the body, as sent.
    request_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    status: Mapped[int] = mapped_column(nullable=False)
    location: Mapped[str | None] = mapped_column(String(2000))
    etag: Mapped[str | None] = mapped_column(String(40))
    #: The JSON body of the answer, as it was sent.
    body: Mapped[str] = mapped_column(Text, nullable=False)
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), index=True
    )
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (
        UniqueConstraint("token_id", "key", name="uq_api_idempotency_key_token_key"),
        CheckConstraint("status BETWEEN 200 AND 299", name="success"),
        CheckConstraint("length(key) > 0", name="key"),
        CheckConstraint("length(request_hash) = 64", name="request_hash"),
        Index("ix_api_idempotency_key_sent_at", "sent_at"),
    )
