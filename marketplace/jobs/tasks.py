"""The background jobs: mail delivery, the daily closing of opportunities and retention
review, the candidate pool snapshot, training a ranking model and importing an uploaded
records file.

Mail: a request's messages are handed to the queue once its answer is out
(``install_delivery_after_requests``), and a periodic job picks up every minute what
waits in the outbox (a retry whose wait is over, or a message whose hand-over failed
because the queue was down). Each try claims the message first
(``mail.operations.deliver_message``), so it goes out once on any number of workers.

Candidate pool: every minute (and when a worker starts) the snapshot of the current
candidates is written on this host unless it is there already
(``matching.operations.prepare_candidate_pool``), so web workers rarely build one.
A check every minute rather than a job per saved change: a burst of edits or an import
costs one build, not one per commit (a build takes about 20 s at 1,000,000
candidates), and the check is one query and a few file opens when nothing moved.

Every job is ``tracked``: its run is a ``job_run`` row (queued, running, done, failed)
that the admins' jobs page reads, whatever holds the queue, and that names the worker
running it, whose heartbeat lets another worker take over when it dies
(``jobs.recovery``).

Periodic jobs (``periodic_job``) run once per schedule slot across all hosts: every
host's scheduler enqueues each slot, and the run that claims the (name, slot) row first
runs while the others skip quietly. Routine runs (the every-minute mail job) keep their
row only a day (``jobs.recovery.prune_routine_runs``), unless they fail.
"""

from __future__ import annotations

import functools
import logging
from datetime import UTC, datetime, timedelta
from functools import partial

from flask import g
from huey import crontab

from marketplace.extensions import db
from marketplace.jobs.models import JobRun
from marketplace.jobs.operations import (
    claim_slot,
    record_done,
    record_failure,
    record_queued,
    record_start,
    run_is_done,
    stored_args,
)
from marketplace.jobs.queue import huey, in_app_context
from marketplace.mail.operations import deliver_message, deliver_pending, smtp_configured
from marketplace.matching.operations import prepare_candidate_pool
from marketplace.opportunities.expiry import close_expired_opportunities

log = logging.getLogger(__name__)


#: Jobs whose done runs are routine: their rows are pruned after a day.
ROUTINE_JOBS: set[str] = set()
#: How far back a schedule's latest slot is looked for (a weekly job's slot is found).
SLOT_SEARCH = timedelta(days=8)


def schedule_slot(task, now: datetime | None = None) -> datetime:
    """The latest minute at or before ``now`` that the periodic ``task``'s schedule
    names: the slot its run belongs to, the same on every host however late the run
    starts (a copy that waited past the next slot takes that one, which the next
    slot's copies then skip)."""
    now = (now or datetime.now(UTC)).replace(second=0, microsecond=0)
    minute = now
    while now - minute <= SLOT_SEARCH:
        if task.validate_datetime(minute.replace(tzinfo=None)):  # huey's naive UTC
            return minute
        minute -= timedelta(minutes=1)
    return now


def tracked(name: str, keep_done: bool = True):
    """Write the run of job ``name`` to ``job_run``; the job gets ``run_id`` from the
    hand-over (``dispatch``). A periodic job started by a scheduler gets its huey
    ``task`` instead (``periodic_job``) and first claims its slot; a direct call
    (``call_local``) gets neither and keeps a row only with ``keep_done``."""
    if not keep_done:
        ROUTINE_JOBS.add(name)

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, run_id: int | None = None, task=None):
            if run_id is not None and run_is_done(run_id):
                # A run done before its worker was killed (or handed over twice):
                # its work committed with its done-mark, so there is nothing left to do.
                log.info("Job run %s (%s) is done already; not run again", run_id, name)
                return None
            if run_id is None and task is not None:
                run = claim_slot(name, schedule_slot(task))
                if run is None:
                    log.info("%s: this slot ran on another worker", name)
                    return None
                run_id = run.id
            elif run_id is not None or keep_done:
                run_id = record_start(run_id, name, args).id
                db.session.commit()
            try:
                result = func(*args)
            except Exception as error:
                db.session.rollback()
                record_failure(run_id, name, args, error)
                db.session.commit()
                raise
            if run_id is not None:
                record_done(run_id)
                db.session.commit()
            return result

        return wrapper

    return decorate


TASKS: dict = {}
"""The jobs by name, for handing a stored run to the queue again; every job made with
``job`` or ``periodic_job`` is in it (the app factory imports each domain's jobs)."""


def job(name: str):
    """A tracked job called ``name``, run in an app context, handed over by ``dispatch``."""

    def decorate(func):
        task = huey.task(name=name)(in_app_context(tracked(name)(func)))
        TASKS[name] = task
        return task

    return decorate


def periodic_job(schedule, name: str, keep_done: bool = True):
    """A tracked periodic job on ``schedule`` that runs once per slot on all hosts."""

    def decorate(func):
        tracked_job = tracked(name, keep_done=keep_done)(func)
        task = huey.periodic_task(schedule, name=name, context=True)(in_app_context(tracked_job))
        TASKS[name] = task
        return task

    return decorate


@job("deliver_message")
def deliver_message_job(message_id: int) -> str:
    """One try at one message (see ``deliver_message``)."""
    return deliver_message(message_id)


@periodic_job(crontab(minute="*"), "deliver_waiting_mail", keep_done=False)
def deliver_waiting_mail() -> int:
    """Every minute: send what waits in the outbox; returns how many went out."""
    return deliver_pending()


@periodic_job(crontab(hour="1", minute="5"), "close_expired_opportunities")
def close_expired_job() -> int:
    """Every night (and when a worker starts): close opportunities past their date."""
    closed = close_expired_opportunities()
    db.session.commit()
    return len(closed)


@huey.periodic_task(crontab(minute="*"), name="prepare_candidate_pool")
@in_app_context
@tracked("prepare_candidate_pool", keep_done=False)
def prepare_candidate_pool_job() -> bool:
    """Every minute: write this host's candidate pool snapshot of the current data
    unless it is there; True when it was built."""
    built = prepare_candidate_pool()
    db.session.rollback()  # read only: end the transaction that read the stamps
    return built


# Per host, not once per slot: each host's web workers map their own snapshot.
TASKS[prepare_candidate_pool_job.name] = prepare_candidate_pool_job




def dispatch(task, *args) -> JobRun:
    """Record a run of ``task`` and hand it to the queue (after the record commits, so
    a worker always finds it). When the queue is down the run is marked failed and the
    caller goes on; nothing here raises."""
    run = record_queued(task.name, args)
    db.session.commit()
    send_run(run)
    return run


def send_run(run: JobRun) -> None:
    """Hand a committed, queued run to the queue."""
    try:
        TASKS[run.name](*stored_args(run), run_id=run.id)
    except Exception as error:  # the queue is down: the run shows as failed
        log.exception("Handing job run %s (%s) to the queue failed", run.id, run.name)
        db.session.rollback()
        record_failure(run.id, run.name, stored_args(run), error)
        db.session.commit()


def install_delivery_after_requests(app) -> None:
    """With SMTP configured, hand a request's messages to the queue once the request
    has committed and its answer has gone out (the server closes the response).

    Messages of a request that rolled back were never stored, so nothing goes out for
    a change that did not happen. Handing over after the answer keeps the queue's time
    out of it: a reset request for a known address must take no longer than one for an
    unknown address. When the queue is down the messages wait in the outbox for the
    periodic job or ``flask mail send``; the site keeps answering.
    """

    @app.after_request
    def _deliver_this_requests_messages(response):
        ids = g.pop("queued_message_ids", None)
        if ids and smtp_configured():
            response.call_on_close(partial(_enqueue_after_answer, app, ids))
        return response


def _enqueue_after_answer(app, ids: list[int]) -> None:
    """Runs when the server closes the response, outside the request's context."""
    with app.app_context():
        try:
            for message_id in ids:
                dispatch(deliver_message_job, message_id)
        except Exception:  # the database is down too: the periodic job finds them later
            log.exception("Handing messages %s to the job queue failed", ids)
            db.session.rollback()
        finally:
            db.session.remove()
