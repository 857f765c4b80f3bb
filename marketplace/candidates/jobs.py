"""The candidates' background job: the nightly retention review for the admins."""

from __future__ import annotations

from huey import crontab

from marketplace.candidates.retention import notify_admins, review_retention
from marketplace.jobs.tasks import periodic_job


@periodic_job(crontab(hour="2", minute="15"), "review_candidate_retention")
def review_retention_job() -> int:
    """Every night: the retention review of ``flask candidates inactive``; when anyone
    is past the period, one message to each active admin. Returns how many candidates.
    Only flushes: the review's event and the messages commit with the run's done-mark."""
    review = review_retention()
    notify_admins(review)
    return len(review.candidates)
