"""The candidates' background jobs: the nightly retention review for the admins, and
an admin's handover of a coach's whole caseload (``caseload_handover.py``)."""

from __future__ import annotations

from huey import crontab

from marketplace.candidates.caseload_handover import JOB_NAME, carry_out_handover
from marketplace.candidates.retention import notify_admins, review_retention
from marketplace.jobs.tasks import job, periodic_job


@periodic_job(crontab(hour="2", minute="15"), "review_candidate_retention")
def review_retention_job() -> int:
    """Every night: the retention review of ``flask candidates inactive``; when anyone
    is past the period, one message to each active admin. Returns how many candidates.
    Only flushes: the review's event and the messages commit with the run's done-mark."""
    review = review_retention()
    notify_admins(review)
    return len(review.candidates)


@job(JOB_NAME)
def hand_over_caseload_job(handover_id: int, coach_id: int) -> int:
    """Carry out the whole-caseload handover ``handover_id`` of the coach ``coach_id``
    (``caseload_handover.carry_out_handover``; the coach's id is there for the jobs
    page's link). Commits a batch of people at a time and can be run again at any
    point: it moves only who is still to move. Returns how many moved in all."""
    return carry_out_handover(handover_id)
