"""Landing page, each role's home page, the language switch and the health check."""

from __future__ import annotations

from collections.abc import Callable

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import text

from marketplace.accounts.operations import set_user_locale
from marketplace.extensions import db
from marketplace.jobs.queue import queue_reachable
from marketplace.security import login_only, public
from marketplace.web.urls import safe_next

bp = Blueprint("web", __name__)


@bp.get("/")
@public
def landing():
    if current_user.is_authenticated:
        return redirect(url_for("web.start"))
    return render_template("web/landing.html")


#: What a role's home page shows beyond its template's own helpers, by role; the package
#: that owns it registers a function (``home_context``) that may write (the coach's
#: "news seen"), and the view commits once.
_HOME_CONTEXTS: dict[str, Callable[[], dict]] = {}


def home_context(role: str):
    """Register the decorated function as the context of ``role``'s home page."""
    def register(func: Callable[[], dict]) -> Callable[[], dict]:
        _HOME_CONTEXTS[role] = func
        return func
    return register


@bp.get("/start")
@login_only
def start():
    """Each role lands on its own home page."""
    context = _HOME_CONTEXTS.get(current_user.role, dict)()
    page = render_template(f"web/home_{current_user.role}.html", **context)
    # Committed (the coach's news read) after rendering: a commit expires every loaded
    # object, and the page would read the user and the organisation again.
    db.session.commit()
    return page


@bp.post("/language")
@public
def switch_language():
    """Remember the chosen language in this browser and, when logged in, for the user."""
    locale = request.form.get("locale", "")
    if locale in current_app.config["LANGUAGES"]:
        session["locale"] = locale
        if current_user.is_authenticated:
            set_user_locale(current_user, locale)
            db.session.commit()
    return redirect(safe_next(request.form.get("next"), "web.landing"))


@bp.get("/health")
@public
def health():
    """For load balancers: 503 "unavailable" when the database does not answer (take
    this host out of rotation); 200 "degraded" when only the job queue cannot be
    reached (the site keeps answering and mail waits in the outbox); else 200 "ok"."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means: take this host out of rotation
        current_app.logger.exception("Health check failed")
        return jsonify(status="unavailable", database="unavailable",
                       queue="ok" if queue_reachable() else "degraded"), 503
    if not queue_reachable():
        return jsonify(status="degraded", database="ok", queue="degraded")
    return jsonify(status="ok", database="ok", queue="ok")
