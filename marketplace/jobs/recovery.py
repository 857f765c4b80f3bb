"""Jobs survive a worker that dies half-way.

Huey takes a job off the queue when a worker starts it, so a worker killed mid-job
(SIGKILL, a lost host) takes the job with it and its run stays "running". Each worker
process therefore runs a ``Heartbeat`` thread: every ``JOB_STALL_SECONDS / 4`` it
writes ``heartbeat_at`` on the runs it is running (the runs name their worker,
host:pid), then looks for runs of any worker whose heartbeat is older than
``JOB_STALL_SECONDS`` (``recover_stalled_runs``). Such a run goes back to the queue as
it was, counted as a try; after ``JOB_MAX_ATTEMPTS`` tries it fails with the reason
"the worker stopped" (the admins' jobs page says so). Each takeover is a conditional
UPDATE, so of several workers looking at once only one hands a run over.

The check runs in the heartbeat thread of every worker rather than as a periodic job:
a run is taken over within ``JOB_STALL_SECONDS`` and a quarter more, not up to a
minute later, and workers started without periodic jobs recover runs too.

Jobs are idempotent, so a run taken over from a worker that was only slow does no
harm twice: mail claims its message with a lease of 3/4 of the stall time
(``mail.operations.claim_lease``: free again when the run is taken over, far longer
than a live try), closing finds nothing the second time.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import and_, delete, or_, select, update

from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.jobs.models import FailureReason, JobRun, JobState
from marketplace.jobs.operations import worker_name
from marketplace.jobs.tasks import ROUTINE_JOBS, send_run

log = logging.getLogger(__name__)

#: How long the done runs of routine jobs keep their row (and so their slot).
ROUTINE_RUNS_KEPT = timedelta(days=1)


def stall_time() -> timedelta:
    return timedelta(seconds=current_app.config["JOB_STALL_SECONDS"])


def beat(now: datetime | None = None) -> int:
    """Write this worker's heartbeat on the runs it is running; commits."""
    result = db.session.execute(
        update(JobRun)
        .where(JobRun.state == JobState.RUNNING, JobRun.worker == worker_name())
        .values(heartbeat_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount


def _stalled(cutoff: datetime):
    """A running run whose worker has not written a heartbeat since ``cutoff`` (a run
    from before heartbeats existed: not started since)."""
    return and_(
        JobRun.state == JobState.RUNNING,
        or_(
            JobRun.heartbeat_at < cutoff,
            and_(JobRun.heartbeat_at.is_(None), JobRun.started_at < cutoff),
        ),
    )


def recover_stalled_runs(now: datetime | None = None) -> dict[str, list[int]]:
    """Hand the stalled runs to the queue again, or fail those out of tries; commits.

    Returns the ids of the runs ``requeued`` and ``failed`` by this call.
    """
    now = now or utcnow()
    stalled = _stalled(now - stall_time())
    rows = db.session.execute(select(JobRun.id, JobRun.attempts).where(stalled)).all()
    db.session.commit()
    max_attempts = current_app.config["JOB_MAX_ATTEMPTS"]
    outcome: dict[str, list[int]] = {"requeued": [], "failed": []}
    for run_id, attempts in rows:
        if attempts >= max_attempts:
            values = dict(
                state=JobState.FAILED,
                finished_at=now,
                error=None,
                failure_reason=FailureReason.WORKER_STOPPED,
            )
            key = "failed"
        else:
            values = dict(state=JobState.QUEUED, queued_at=now, worker=None, heartbeat_at=None)
            key = "requeued"
        # The same condition again: another worker may have taken it over meanwhile.
        result = db.session.execute(
            update(JobRun)
            .where(JobRun.id == run_id, stalled)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        if result.rowcount != 1:
            continue
        outcome[key].append(run_id)
        run = db.session.get(JobRun, run_id, populate_existing=True)
        log.warning("Job run %s (%s): its worker stopped; %s", run_id, run.name, key)
        if key == "requeued":
            send_run(run)
    return outcome


def prune_routine_runs(now: datetime | None = None) -> int:
    """Delete the done runs of routine jobs older than ``ROUTINE_RUNS_KEPT``; commits."""
    if not ROUTINE_JOBS:
        return 0
    result = db.session.execute(
        delete(JobRun)
        .where(
            JobRun.state == JobState.DONE,
            JobRun.name.in_(sorted(ROUTINE_JOBS)),
            JobRun.finished_at < (now or utcnow()) - ROUTINE_RUNS_KEPT,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount


class Heartbeat(threading.Thread):
    """The worker process's heartbeat and stall check (see the module docstring)."""

    def __init__(self, app: Flask):
        super().__init__(name="job-heartbeat", daemon=True)
        self.app = app
        self.interval = max(app.config["JOB_STALL_SECONDS"] / 4, 0.5)
        self._stopping = threading.Event()

    def run(self) -> None:
        while not self._stopping.wait(self.interval):
            self.tick()

    def tick(self) -> None:
        with self.app.app_context():
            try:
                beat()
                recover_stalled_runs()
                prune_routine_runs()
            except Exception:  # the database is away: try again at the next beat
                log.exception("Job heartbeat failed")
                db.session.rollback()
            finally:
                db.session.remove()

    def stop(self) -> None:
        self._stopping.set()
