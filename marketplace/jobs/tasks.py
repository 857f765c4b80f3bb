"""The background jobs: mail delivery, the daily closing of opportunities and retention
review, training a ranking model and importing an uploaded records file.

Mail: a request's messages are handed to the queue once its answer is out
(``install_delivery_after_requests``), and a periodic job picks up every minute what
waits in the outbox (a retry whose wait is over, or a message whose hand-over failed
because the queue was down). Each try claims the message first
(``mail.operations.deliver_message``), so it goes out once on any number of workers.

Every job is ``tracked``: its run is a ``job_run`` row (queued, running, done, failed)
that the admins' jobs page reads, whatever holds the queue. The every-minute mail job
keeps a row only when it fails, so the table does not fill with routine.
"""

from __future__ import annotations

import functools
import logging
from functools import partial

from flask import g
from huey import crontab

from marketplace.extensions import db
from marketplace.jobs.models import JobRun
from marketplace.jobs.operations import (
    record_done,
    record_failure,
    record_queued,
    record_start,
    run_is_done,
    stored_args,
)
from marketplace.jobs.queue import huey, in_app_context
from marketplace.mail.operations import deliver_message, deliver_pending, smtp_configured
from marketplace.opportunities.expiry import close_expired_opportunities

log = logging.getLogger(__name__)


def tracked(name: str, keep_done: bool = True):
    """Write the run of job ``name`` to ``job_run``; the job gets ``run_id`` from the
    hand-over (``dispatch``), or none when the scheduler starts it."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, run_id: int | None = None):
            if run_id is not None and run_is_done(run_id):
                # A run done before its worker was killed (or handed over twice):
                # its work committed with its done-mark, so there is nothing left to do.
                log.info("Job run %s (%s) is done already; not run again", run_id, name)
                return None
            if run_id is not None or keep_done:
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


@huey.task(name="deliver_message")
@in_app_context
@tracked("deliver_message")
def deliver_message_job(message_id: int) -> str:
    """One try at one message (see ``deliver_message``)."""
    return deliver_message(message_id)


@huey.periodic_task(crontab(minute="*"), name="deliver_waiting_mail")
@in_app_context
@tracked("deliver_waiting_mail", keep_done=False)
def deliver_waiting_mail() -> int:
    """Every minute: send what waits in the outbox; returns how many went out."""
    return deliver_pending()


@huey.periodic_task(crontab(hour="1", minute="5"), name="close_expired_opportunities")
@in_app_context
@tracked("close_expired_opportunities")
def close_expired_job() -> int:
    """Every night (and when a worker starts): close opportunities past their date."""
    closed = close_expired_opportunities()
    db.session.commit()
    return len(closed)


@huey.task(name="train_ranking_model")
@in_app_context
@tracked("train_ranking_model")
def train_ranking_model_job(user_id: int, min_rows: int, folds: int, seed: int) -> str:
    """Train a ranking model (``ranking.train.train_new_model``) for the admin
    ``user_id`` (0: the command line). Only flushes: the model row commits with the
    run's done-mark, so a retry after a killed worker never stores a second model."""
    from marketplace.accounts.models import User
    from marketplace.ranking.train import train_new_model

    user = db.session.get(User, user_id) if user_id else None
    outcome = train_new_model(min_rows=min_rows, folds=folds, seed=seed, trained_by=user,
                              progress=log.info)
    return outcome.model.version


@huey.task(name="import_records")
@in_app_context
@tracked("import_records")
def import_records_job(import_id: int) -> str:
    """Import an uploaded records file (``records.operations.run_import``). Only
    flushes: the records, the import's new state and the run's done-mark commit
    together, so a repeated run of a done import does nothing."""
    from marketplace.records.operations import run_import

    return run_import(import_id)


@huey.periodic_task(crontab(hour="2", minute="15"), name="review_candidate_retention")
@in_app_context
@tracked("review_candidate_retention")
def review_retention_job() -> int:
    """Every night: the retention review of ``flask candidates inactive``; when anyone
    is past the period, one message to each active admin. Returns how many candidates.
    Only flushes: the review's event and the messages commit with the run's done-mark."""
    from marketplace.candidates.retention import notify_admins, review_retention

    review = review_retention()
    notify_admins(review)
    return len(review.candidates)


TASKS = {
    task.name: task
    for task in (deliver_message_job, deliver_waiting_mail, close_expired_job,
                 train_ranking_model_job, import_records_job, review_retention_job)
}
"""The jobs by name, for handing a stored run to the queue again."""


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
