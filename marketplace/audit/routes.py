"""The audit log page for admins (read only: the log has no edit or delete path)."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from marketplace.accounts.permissions import Permission
from marketplace.audit.queries import audit_events
from marketplace.audit.sentences import log_line
from marketplace.security import requires
from marketplace.web.pagination import paginate

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.get("/")
@requires(Permission.READ_AUDIT_LOG)
def log():
    action = request.args.get("action", "").strip() or None
    page = paginate(audit_events(action=action), per_page=50)
    lines = [log_line(event) for event in page.items]
    return render_template("audit/log.html", page=page, lines=lines, action=action or "")
