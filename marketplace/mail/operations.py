"""Queue messages with the change that causes them; deliver each exactly once.

Delivery runs as a background job (``marketplace/jobs``) or from ``flask mail send``;
both go through ``deliver_message``, which claims the row first.

Every value a mail template writes (``{{ ... }}``) is put on one line, and so is every
subject: a title or name stored with a line break (before the one-line rule, or
written around the forms) cannot add a header or a line of its own to a message.
"""

from __future__ import annotations

import logging
import os
import smtplib
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from flask import current_app, g, has_request_context
from flask_babel import force_locale
from jinja2 import Environment
from sqlalchemy import insert, or_, update

from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.mail.models import OutgoingAttachment, OutgoingMessage
from marketplace.mail.queries import waiting_messages
from marketplace.text_rules import flatten_line

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def claim_lease() -> timedelta:
    """How long a claim holds: one older belongs to a worker that died mid-try, and
    another may take over. It follows the job stall time (``JOB_STALL_SECONDS``): three
    quarters of it, so the message is free again by the time the job recovery hands a
    dead worker's run to another (the claim is taken just after the run's heartbeat is
    written, and a dead worker's last heartbeat is at least a stall time old). The app
    refuses a lease below 5 SMTP timeouts, so a live try is never taken over.
    """
    return timedelta(seconds=current_app.config["JOB_STALL_SECONDS"] * 3 / 4)


@dataclass(frozen=True)
class Attachment:
    """A file to send with a message. ``content_type`` may carry parameters
    (``text/calendar; method=REQUEST``)."""

    filename: str
    content_type: str
    content: bytes


#: The statements of ``queue_message``, built once: the columns are the parameters' keys
#: (the others get their defaults, as through the session).
_INSERT_MESSAGE = insert(OutgoingMessage.__table__)
_INSERT_ATTACHMENT = insert(OutgoingAttachment.__table__)


def queue_message(recipient: str, subject: str, body: str,
                  attachments: tuple[Attachment, ...] = ()) -> int:
    """Store a message (and its files); it is sent (or shown in the outbox) once the
    transaction commits. Returns its id.

    One INSERT per row, not objects through the session's unit of work: nobody keeps
    the message, and a flush cost an answer to a proposal more than writing its mail.
    Objects the session holds unsaved are written at its next flush, not before the
    message: a message refers to nothing else."""
    with db.session.no_autoflush:  # a Core statement would flush the session first
        message_id = db.session.execute(_INSERT_MESSAGE, {
            "recipient": recipient, "subject": flatten_line(subject), "body": body,
        }).inserted_primary_key[0]
        for a in attachments:
            db.session.execute(_INSERT_ATTACHMENT, {
                "message_id": message_id, "filename": flatten_line(a.filename),
                "content_type": a.content_type, "content": a.content,
            })
    if has_request_context():
        g.setdefault("queued_message_ids", []).append(message_id)
    return message_id


def queue_templated_message(recipient: str, locale: str, template: str,
                            attachments: tuple[Attachment, ...] = (), **context) -> int:
    """Render ``templates/mail/<template>.txt`` in the recipient's language and queue it
    (with ``attachments``, if any); returns the message's id.

    The template's first line is the subject; the rest is the body.
    """
    with force_locale(locale):
        current_app.update_template_context(context)
        text = _mail_environment().get_template(f"mail/{template}.txt").render(context)
    subject, _, body = text.strip().partition("\n")
    return queue_message(recipient, subject.strip(), body.strip() + "\n", attachments)


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


def deliver_pending(limit: int = 100, only_ids: list[int] | None = None) -> int:
    """Send the messages that wait (each through its claim); return how many went out.

    ``flask mail send`` and the periodic job use it; commits per message.
    """
    if not smtp_configured():
        return 0
    ids = db.session.scalars(waiting_messages(utcnow(), limit, only_ids)).all()
    db.session.commit()  # end the read before the claims, each its own transaction
    return sum(deliver_message(message_id) == "sent" for message_id in ids)


def claim_statement(message_id: int, token: str, now: datetime):
    """The conditional UPDATE that claims a message for one try.

    It hits the row only while the message is unsent, not failed, due, and not held by
    an unexpired claim of another try: of any number of workers, one gets the row.
    """
    m = OutgoingMessage
    return (
        update(m)
        .where(
            m.id == message_id,
            m.sent_at.is_(None),
            m.failed_at.is_(None),
            or_(m.next_attempt_at.is_(None), m.next_attempt_at <= now),
            or_(m.claimed_at.is_(None), m.claimed_at < now - claim_lease()),
        )
        .values(claimed_at=now, claimed_by=token)
        .execution_options(synchronize_session=False)
    )


def claim_message(message_id: int, now: datetime | None = None) -> str | None:
    """Claim a message and commit; return the claim's token, or None when not ours."""
    token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
    result = db.session.execute(claim_statement(message_id, token, now or utcnow()))
    db.session.commit()
    return token if result.rowcount == 1 else None


def deliver_message(message_id: int) -> str:
    """One try at sending a message: ``sent``, ``retry`` (a later try is planned),
    ``failed`` (no more tries), ``skipped`` (another try holds it, it is not due, or
    done already) or ``no_smtp``.

    A refused recipient fails at once; any other failure of the server waits
    ``retry_wait`` and fails after ``MAX_ATTEMPTS`` tries, keeping the server's answer.
    """
    if not smtp_configured():
        return "no_smtp"
    token = claim_message(message_id)
    if token is None:
        return "skipped"
    message = db.session.get(OutgoingMessage, message_id, populate_existing=True)
    try:
        _send_over_smtp(message)
    except smtplib.SMTPRecipientsRefused as error:
        outcome = _finish_try(message, token, error=_server_answer(error), final=True)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("Could not send message %s: %s", message_id, error)
        final = message.failed_attempts + 1 >= MAX_ATTEMPTS
        outcome = _finish_try(message, token, error=_server_answer(error), final=final)
    else:
        outcome = _finish_try(message, token)
    db.session.commit()
    return outcome


def retry_wait(failed_attempts: int) -> timedelta:
    """Back-off after a failed try: 1, 2, 4, 8 ... minutes."""
    return timedelta(minutes=2 ** max(failed_attempts - 1, 0))


def _finish_try(message: OutgoingMessage, token: str, error: str | None = None,
                final: bool = False) -> str:
    """Write the outcome of a try and release the claim (only our own claim)."""
    now = utcnow()
    values: dict = {"claimed_at": None, "claimed_by": None}
    if error is None:
        values["sent_at"] = now
        outcome = "sent"
    else:
        attempts = message.failed_attempts + 1
        values.update(failed_attempts=attempts, last_error=error[:2000])
        if final:
            values["failed_at"] = now
            outcome = "failed"
        else:
            values["next_attempt_at"] = now + retry_wait(attempts)
            outcome = "retry"
    db.session.execute(
        update(OutgoingMessage)
        .where(OutgoingMessage.id == message.id, OutgoingMessage.claimed_by == token)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return outcome


def _server_answer(error: Exception) -> str:
    """What the server said, for the outbox page (codes and texts, no addresses)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{code} {_text(answer)}" for code, answer in error.recipients.values()
        ) or "recipient refused"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}"


def _text(answer) -> str:
    return answer.decode("utf-8", "replace") if isinstance(answer, bytes) else str(answer)


def _send_over_smtp(message: OutgoingMessage) -> None:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = flatten_line(message.subject)  # also for rows queued before
    email.set_content(message.body)
    for attachment in message.attachments:
        maintype, subtype, params = split_content_type(attachment.content_type)
        email.add_attachment(attachment.content, maintype=maintype, subtype=subtype,
                             filename=attachment.filename, params=params)
    timeout = config["MAIL_TIMEOUT_SECONDS"]
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(email)


def split_content_type(content_type: str) -> tuple[str, str, dict[str, str]]:
    """``"text/calendar; method=REQUEST"`` -> ``("text", "calendar", {"method": "REQUEST"})``."""
    kind, *rest = (part.strip() for part in content_type.split(";"))
    maintype, _, subtype = kind.partition("/")
    params = dict(part.partition("=")[::2] for part in rest if "=" in part)
    return maintype, subtype or "octet-stream", params
