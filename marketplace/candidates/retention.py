"""The retention review: candidates without activity for longer than the retention
period (``CANDIDATE_RETENTION_DAYS``), for their coaches to decide whether the data may
still be kept. Activity is ``activity.last_activity``: a change of the profile, consent
or coach, and the coaching recorded about the person (proposals and their answers,
trajectory decisions and steps, barriers, try-out enrolments).

``review_retention`` is the one function behind ``flask candidates inactive`` and the
daily job: it finds them and records the review (an audit event with the period and
the count, never who). The job then tells every active admin by mail how many there
are, with a link to the admins' list (refs, organisations, last activity; no more
personal data than the review needs). Functions only flush.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.accounts.roles import Role
from marketplace.candidates.activity import inactive_candidates
from marketplace.candidates.models import Candidate
from marketplace.candidates.operations import record_retention_review
from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.mail.operations import queue_templated_message
from marketplace.web.urls import public_url


@dataclass(frozen=True)
class RetentionReview:
    days: int
    before: datetime
    candidates: list[Candidate]


def retention_cutoff(days: int | None = None) -> tuple[int, datetime]:
    """The period in days (default ``CANDIDATE_RETENTION_DAYS``) and the moment before
    which a candidate's last activity puts them on the list."""
    days = days or int(current_app.config["CANDIDATE_RETENTION_DAYS"])
    return days, utcnow() - timedelta(days=days)


def review_retention(days: int | None = None) -> RetentionReview:
    """Find the candidates past the retention period and record the review."""
    days, before = retention_cutoff(days)
    found = inactive_candidates(before)
    record_retention_review(days, len(found))
    return RetentionReview(days=days, before=before, candidates=found)


def notify_admins(review: RetentionReview) -> int:
    """One message to each active admin when anyone is past the period; how many."""
    if not review.candidates:
        return 0
    admins = active_admins()
    link = public_url("candidates.retention")
    for admin in admins:
        queue_templated_message(admin.email, admin.locale or "nl", "retention_review",
                                count=len(review.candidates), days=review.days, link=link)
    return len(admins)


def active_admins() -> list[User]:
    """The active admins (of an active organisation) who get the review's message."""
    users = db.session.scalars(
        select(User).where(User.role == Role.ADMIN, User.active).order_by(User.id)
    )
    return [user for user in users if user.is_active]
