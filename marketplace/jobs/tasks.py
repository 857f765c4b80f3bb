"""The background jobs: mail delivery and the daily closing of opportunities.

Mail: a request's messages are handed to the queue once its answer is out
(``install_delivery_after_requests``), and a periodic job picks up every minute what
waits in the outbox (a retry whose wait is over, or a message whose hand-over failed
because the queue was down). Each try claims the message first
(``mail.operations.deliver_message``), so it goes out once on any number of workers.
"""

from __future__ import annotations

import logging
from functools import partial

from flask import g
from huey import crontab

from marketplace.extensions import db
from marketplace.jobs.queue import huey, in_app_context
from marketplace.mail.operations import deliver_message, deliver_pending, smtp_configured
from marketplace.opportunities.expiry import close_expired_opportunities

log = logging.getLogger(__name__)


@huey.task(name="deliver_message")
@in_app_context
def deliver_message_job(message_id: int) -> str:
    """One try at one message (see ``deliver_message``)."""
    return deliver_message(message_id)


@huey.periodic_task(crontab(minute="*"), name="deliver_waiting_mail")
@in_app_context
def deliver_waiting_mail() -> int:
    """Every minute: send what waits in the outbox; returns how many went out."""
    return deliver_pending()


@huey.periodic_task(crontab(hour="1", minute="5"), name="close_expired_opportunities")
@in_app_context
def close_expired_job() -> int:
    """Every night (and when a worker starts): close opportunities past their date."""
    closed = close_expired_opportunities()
    db.session.commit()
    return len(closed)


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
                deliver_message_job(message_id)
        except Exception:  # the outbox keeps them for the periodic job
            log.exception("Handing messages %s to the job queue failed", ids)
            db.session.rollback()
        finally:
            db.session.remove()
