"""Reading the development outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, or_, select

from marketplace.mail.models import OutgoingMessage


def outbox_messages() -> Select:
    return select(OutgoingMessage).order_by(OutgoingMessage.id.desc())


def waiting_messages(now: datetime, limit: int = 100, only_ids: list[int] | None = None):
    """Ids of messages due for a try: unsent, not failed, their wait over."""
    m = OutgoingMessage
    query = (
        select(m.id)
        .where(
            m.sent_at.is_(None),
            m.failed_at.is_(None),
            or_(m.next_attempt_at.is_(None), m.next_attempt_at <= now),
        )
        .order_by(m.id)
        .limit(limit)
    )
    if only_ids is not None:
        query = query.where(m.id.in_(only_ids))
    return query
