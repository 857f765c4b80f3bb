"""The news' background job: the coaches' daily digest."""

from __future__ import annotations

from huey import crontab

from marketplace.jobs.tasks import periodic_job
from marketplace.news.digest import send_daily_digests


@periodic_job(crontab(hour="6", minute="30"), "send_news_digests")
def send_news_digests_job() -> int:
    """Every morning (06:30 UTC, before the working day in Belgium): one digest per
    coach who wants it and has news. Runs once per day across hosts (its slot);
    within a day a coach gets at most one (``claim_daily_digest``). Only flushes: the
    messages and the digest times commit with the run's done-mark."""
    return send_daily_digests()
