"""The development outbox: admins read the messages the site would have e-mailed."""

from __future__ import annotations

from flask import abort, render_template

from marketplace.extensions import db
from marketplace.mail import bp
from marketplace.mail.models import OutgoingMessage
from marketplace.mail.operations import smtp_configured
from marketplace.mail.queries import outbox_messages
from marketplace.security import Permission, requires
from marketplace.web.pagination import paginate


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
