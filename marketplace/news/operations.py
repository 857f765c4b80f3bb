"""Remembering what a coach has seen and been sent. Functions only flush.

Both are plain UPDATE statements that leave the user's ``version`` alone: opening the
home page or a night's digest must never make an admin's save of the user a conflict.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, update

from marketplace.accounts.models import User
from marketplace.audit.operations import record_event
from marketplace.extensions import db


def mark_news_seen(user: User, at: datetime) -> None:
    """The coach saw their news at ``at`` (their home page opened)."""
    db.session.execute(
        update(User).where(User.id == user.id).values(news_seen_at=at),
        execution_options={"synchronize_session": "fetch"},
    )


def claim_daily_digest(user: User, at: datetime, day_began_at: datetime) -> bool:
    """Note that ``user``'s digest goes out at ``at``, unless one went out since
    ``day_began_at``; True when this caller may send it. A conditional UPDATE: of two
    workers at the same moment, the second waits for the first's row lock and then
    finds the row changed, so at most one digest a day is queued."""
    result = db.session.execute(
        update(User)
        .where(User.id == user.id,
               or_(User.digest_sent_at.is_(None), User.digest_sent_at < day_began_at))
        .values(digest_sent_at=at),
        execution_options={"synchronize_session": "fetch"},
    )
    return result.rowcount == 1


def set_news_settings(user: User, *, wants_daily_digest: bool, unanswered_after_days: int) -> None:
    """The coach's choices on their account page (checked by the form and the database)."""
    db.session.execute(
        update(User).where(User.id == user.id).values(
            wants_daily_digest=wants_daily_digest, unanswered_after_days=unanswered_after_days),
        execution_options={"synchronize_session": "fetch"},
    )
    record_event("news_settings_changed", "user", user.id, {
        "wants_daily_digest": wants_daily_digest,
        "unanswered_after_days": unanswered_after_days,
    })
