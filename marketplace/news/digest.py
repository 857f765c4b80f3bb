"""The daily digest: one e-mail a day to each active coach who asked for it and has
news since their last digest, with the same items as their home page.

The mail names candidates by pseudonym only, as the proposal mails do; names of
employers and titles of opportunities are not personal data. The first digest looks
back one day. A coach with nothing new gets no mail, and their next digest still
covers everything since the last one that went out.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import or_, select

from marketplace.accounts.models import User
from marketplace.accounts.roles import Role
from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.mail.operations import queue_templated_message
from marketplace.news.collect import collect_news
from marketplace.news.operations import claim_daily_digest
from marketplace.web.urls import public_url

#: How far the first digest of a coach looks back.
FIRST_DIGEST_DAYS = 1


def day_began_at(now: datetime) -> datetime:
    """The start (in UTC) of the Belgian calendar day of ``now``: one digest per such day."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    local = now.astimezone(zone)
    return datetime.combine(local.date(), time(), tzinfo=zone).astimezone(UTC)


def coaches_due(day_start: datetime) -> list[User]:
    """Active coaches who want the digest and got none today, by id."""
    users = db.session.scalars(
        select(User)
        .where(User.role == Role.COACH, User.active, User.wants_daily_digest,
               or_(User.digest_sent_at.is_(None), User.digest_sent_at < day_start))
        .order_by(User.id)
    )
    return [user for user in users if user.is_active]


def send_daily_digests(now: datetime | None = None) -> int:
    """Queue today's digests; returns how many. Only flushes."""
    now = now or utcnow()
    day_start = day_began_at(now)
    sent = 0
    for coach in coaches_due(day_start):
        since = coach.digest_sent_at or now - timedelta(days=FIRST_DIGEST_DAYS)
        locale = coach.locale or "nl"
        with force_locale(locale):
            news = collect_news(coach, since, now)
        if not news.new_count or not claim_daily_digest(coach, now, day_start):
            continue
        queue_templated_message(
            coach.email, locale, "news_digest", coach=coach, news=news,
            link=public_url("web.start"), settings_link=public_url("accounts.account"),
        )
        sent += 1
    return sent
