"""Reading the development outbox."""

from __future__ import annotations

from sqlalchemy import Select, select

from marketplace.mail.models import OutgoingMessage


def outbox_messages() -> Select:
    return select(OutgoingMessage).order_by(OutgoingMessage.id.desc())
