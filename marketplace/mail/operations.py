"""Queue messages with the change that causes them; deliver them after commit, once the
answer is out.

Every value a mail template writes (``{{ ... }}``) is put on one line, and so is every
subject: a title or name stored with a line break (before the one-line rule, or
written around the forms) cannot add a header or a line of its own to a message.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from functools import partial

from flask import current_app, g, has_request_context
from flask_babel import force_locale
from jinja2 import Environment
from sqlalchemy import select

from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from marketplace.text_rules import flatten_line

log = logging.getLogger(__name__)


def queue_message(recipient: str, subject: str, body: str) -> OutgoingMessage:
    """Store a message; it is sent (or shown in the outbox) once the transaction commits."""
    message = OutgoingMessage(recipient=recipient, subject=flatten_line(subject), body=body)
    db.session.add(message)
    db.session.flush()
    if has_request_context():
        g.setdefault("queued_message_ids", []).append(message.id)
    return message


def queue_templated_message(recipient: str, locale: str, template: str, **context):
    """Render ``templates/mail/<template>.txt`` in the recipient's language and queue it.

    The template's first line is the subject; the rest is the body.
    """
    with force_locale(locale):
        current_app.update_template_context(context)
        text = _mail_environment().get_template(f"mail/{template}.txt").render(context)
    subject, _, body = text.strip().partition("\n")
    return queue_message(recipient, subject.strip(), body.strip() + "\n")


def _one_line(value):
    return flatten_line(value) if isinstance(value, str) else value


def _mail_environment() -> Environment:
    """The app's template environment (same loader, globals and filters), but each
    ``{{ ... }}`` output goes through ``flatten_line``: the template's own line breaks
    make the lines, a value never does. Its own cache, as ``finalize`` is compiled in."""
    environment = current_app.extensions.get("mail_templates")
    if environment is None:
        environment = current_app.jinja_env.overlay(finalize=_one_line, cache_size=50)
        current_app.extensions["mail_templates"] = environment
    return environment


def smtp_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def install_delivery_after_requests(app) -> None:
    """With SMTP configured, send a request's messages once the request has committed
    and its answer has gone out (the server closes the response).

    Messages of a request that rolled back were never stored, so nothing goes out for
    a change that did not happen. Failures stay queued for ``flask mail send``. Sending
    after the answer keeps the SMTP time out of it: a reset request for a known
    address must take no longer than one for an unknown address.
    """

    @app.after_request
    def _deliver_this_requests_messages(response):
        ids = g.pop("queued_message_ids", None)
        if ids and smtp_configured():
            response.call_on_close(partial(_deliver_after_answer, app, ids))
        return response


def _deliver_after_answer(app, ids: list[int]) -> None:
    """Runs when the server closes the response, outside the request's context."""
    with app.app_context():
        try:
            deliver_pending(only_ids=ids)
        except Exception:  # the queue keeps them for ``flask mail send``
            log.exception("Delivering messages %s failed", ids)
            db.session.rollback()
        finally:
            db.session.remove()


def deliver_pending(limit: int = 100, only_ids: list[int] | None = None) -> int:
    """Send stored messages over SMTP; return how many went out. Commits per message."""
    if not smtp_configured():
        return 0
    config = current_app.config
    query = (
        select(OutgoingMessage)
        .where(OutgoingMessage.sent_at.is_(None), OutgoingMessage.failed_attempts < 5)
        .order_by(OutgoingMessage.id)
        .limit(limit)
    )
    if only_ids is not None:
        query = query.where(OutgoingMessage.id.in_(only_ids))
    pending = db.session.scalars(query).all()
    sent = 0
    for message in pending:
        email = EmailMessage()
        email["From"] = config["MAIL_SENDER"]
        email["To"] = message.recipient
        email["Subject"] = flatten_line(message.subject)  # also for rows queued before
        email.set_content(message.body)
        try:
            with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
                if config.get("MAIL_USE_TLS"):
                    smtp.starttls()
                if config.get("MAIL_USERNAME"):
                    smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
                smtp.send_message(email)
        except (OSError, smtplib.SMTPException):
            log.exception("Could not send message %s", message.id)
            message.failed_attempts += 1
        else:
            message.sent_at = utcnow()
            sent += 1
        db.session.commit()
    return sent
