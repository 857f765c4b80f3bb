"""Rules for the record of job runs (``job_run``): queued, running, done, failed.

Functions change rows and flush; the task wrapper (``jobs.tasks.tracked``) and the
views commit. Arguments are kept as a JSON list of ids (never personal data), so a
failed run can be handed to the queue again as it was.
"""

from __future__ import annotations

import json
import os
import socket
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.jobs.models import JobRun, JobState


def worker_name() -> str:
    """This process as the runs name it: host:pid (read each time: workers fork)."""
    return f"{socket.gethostname()}:{os.getpid()}"


class NotRetryable(Exception):
    """Only a failed run can be tried again."""


def summarise_args(args: tuple) -> str:
    """The arguments as stored: ids and other plain values only."""
    if any(not isinstance(value, int | str) for value in args):
        raise TypeError("Job arguments must be ids")
    return json.dumps(list(args))


def stored_args(run: JobRun) -> tuple:
    return tuple(json.loads(run.args_summary or "[]"))


def record_queued(name: str, args: tuple) -> JobRun:
    """A run handed to the queue."""
    run = JobRun(name=name, args_summary=summarise_args(args), state=JobState.QUEUED)
    db.session.add(run)
    db.session.flush()
    return run


def run_is_done(run_id: int) -> bool:
    """Whether the run finished (its work committed with this mark)."""
    return db.session.scalar(select(JobRun.state).where(JobRun.id == run_id)) == JobState.DONE


def record_start(run_id: int | None, name: str, args: tuple) -> JobRun:
    """A run starts: the queued row (or a new one, for a periodic job) becomes running."""
    run = db.session.get(JobRun, run_id) if run_id is not None else None
    if run is None:
        run = record_queued(name, args)
    run.state = JobState.RUNNING
    run.attempts += 1
    run.started_at = run.heartbeat_at = utcnow()
    run.worker = worker_name()
    run.finished_at = None
    run.error = None
    run.failure_reason = None
    db.session.flush()
    return run


def claim_slot(name: str, slot: datetime) -> JobRun | None:
    """Start the run of periodic job ``name`` for its schedule ``slot`` and commit, or
    None when another worker (on any host) has it already: the unique (name, slot)
    lets one INSERT in."""
    now = utcnow()
    run = JobRun(name=name, args_summary="[]", state=JobState.RUNNING, attempts=1, slot=slot,
                 started_at=now, heartbeat_at=now, worker=worker_name())
    db.session.add(run)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return run


def record_done(run_id: int) -> None:
    run = db.session.get(JobRun, run_id)
    run.state = JobState.DONE
    run.finished_at = utcnow()
    db.session.flush()


def record_failure(run_id: int | None, name: str, args: tuple, error: BaseException) -> JobRun:
    """A run failed (or could not be handed to the queue): keep the error's text."""
    run = db.session.get(JobRun, run_id) if run_id is not None else None
    if run is None:
        run = record_queued(name, args)
    run.state = JobState.FAILED
    run.finished_at = utcnow()
    run.error = f"{type(error).__name__}: {error}"[:2000]
    db.session.flush()
    return run


def requeue_run(run: JobRun) -> JobRun:
    """A failed run goes back to waiting; the caller commits, then hands it over."""
    if run.state != JobState.FAILED:
        raise NotRetryable(run.state)
    run.state = JobState.QUEUED
    run.queued_at = utcnow()
    run.finished_at = None
    run.worker = run.heartbeat_at = None
    db.session.flush()
    return run
