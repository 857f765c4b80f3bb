"""The development outbox: admins read the messages the site would have e-mailed."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template
from sqlalchemy import select

from marketplace.accounts.permissions import Permission
from marketplace.extensions import db
from marketplace.mail.models import OutgoingAttachment, OutgoingMessage
from marketplace.mail.operations import smtp_configured
from marketplace.mail.queries import outbox_messages
from marketplace.security import requires
from marketplace.web.pagination import paginate

bp = Blueprint("mail", __name__, url_prefix="/admin/outbox")


@bp.get("/")
@requires(Permission.READ_OUTBOX)
def outbox():
    page = paginate(outbox_messages(), per_page=25)
    return render_template("mail/outbox.html", page=page, smtp=smtp_configured())


@bp.get("/<int:message_id>")
@requires(Permission.READ_OUTBOX)
def message(message_id: int):
    found = db.session.get(OutgoingMessage, message_id)
    if found is None:
        abort(404)
    return render_template("mail/message.html", message=found, smtp=smtp_configured())


@bp.get("/<int:message_id>/attachments/<int:attachment_id>")
@requires(Permission.READ_OUTBOX)
def attachment(message_id: int, attachment_id: int):
    """A file of a message, downloaded as it would arrive (never shown inline: an
    attachment's content is not the site's own)."""
    found = db.session.scalar(select(OutgoingAttachment).where(
        OutgoingAttachment.id == attachment_id, OutgoingAttachment.message_id == message_id))
    if found is None:
        abort(404)
    response = Response(found.content, content_type=found.content_type)
    response.headers.set("Content-Disposition", "attachment", filename=found.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
