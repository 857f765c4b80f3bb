"""Error pages in the user's language instead of tracebacks; details go to the log."""

from __future__ import annotations

from flask import Flask, current_app, g, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from marketplace.api.hooks import api_error_answer
from marketplace.audit.operations import record_event
from marketplace.database import WritesForbidden, writes_forbidden
from marketplace.extensions import db
from marketplace.web.api_paths import is_api_request

ERROR_TEXTS = {
    400: (
        _l("Something was wrong with the request"),
        _l("The page could not understand what was sent. Go back and try again."),
    ),
    403: (
        _l("You do not have access to this page"),
        _l("Your account cannot open this page. Ask an administrator if you need it."),
    ),
    404: (_l("Page not found"), _l("This page does not exist, or you do not have access to it.")),
    405: (
        _l("This action is not possible here"),
        _l("The page does not accept this kind of request."),
    ),
    409: (
        _l("Someone else changed this in the meantime"),
        _l("Reload the page to see the latest version, then make your change again."),
    ),
    429: (_l("Too many attempts"), _l("Wait a few minutes and try again.")),
    503: (
        _l("Werkbrug is very busy right now"),
        _l("Nothing was saved. Wait a moment and send it again."),
    ),
    500: (
        _l("Something went wrong on our side"),
        _l("The error has been logged. Try again later."),
    ),
}


def render_error(code: int, title=None, message=None):
    default_title, default_message = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=title or default_title,
            message=message or default_message,
        ),
        code,
    )


def _form_again_without_saving():
    """For a form page posted with an expired or missing token: show the form again
    with what was typed. The view runs once more; its form fails validation on the
    same token, so nothing is saved, and the form explains why."""
    rule = request.url_rule
    view = current_app.view_functions.get(request.endpoint or "")
    if request.method != "POST" or rule is None or "GET" not in (rule.methods or ()):
        return None
    if view is None or g.get("csrf_form_retry"):
        return None
    g.csrf_form_retry = True
    try:
        with writes_forbidden():
            response = make_response(view(**(request.view_args or {})))
    except WritesForbidden:  # a view that saves without checking its form's token
        db.session.rollback()
        return None
    response.status_code = 400
    return response


def _record_refused_lookup() -> None:
    """A logged-in user asked for a record by id and got 404: it does not exist, or it
    belongs to another organisation (the two look the same on purpose). The attempt is
    an audit event with the endpoint and the ids asked for, nothing typed."""
    ids = {name: value for name, value in (request.view_args or {}).items()
           if isinstance(value, int)}
    if request.url_rule is None or not ids or not current_user.is_authenticated:
        return
    record_event("record_not_found", "endpoint",
                 details={"endpoint": request.endpoint, "method": request.method, "ids": ids})
    db.session.commit()


def register_error_handlers(app: Flask) -> None:
    """Every error as a page; on ``/api/v1`` paths as a problem (``api/hooks.py``)."""

    @app.errorhandler(CSRFError)
    def _csrf_error(error):
        if is_api_request():
            return api_error_answer(error)
        db.session.rollback()
        retry = _form_again_without_saving()
        if retry is not None:
            return retry
        return render_error(
            400,
            _l("This form has expired"),
            _l(
                "For your safety a form is only valid for a while. Go back, reload the "
                "page and send it again."
            ),
        )

    @app.errorhandler(StaleDataError)
    def _stale_data(error):
        if is_api_request():
            return api_error_answer(error)
        # Two saves of one record at the same moment: the later one lost the race on
        # its version column. Nothing of it was written; say so instead of a 500.
        db.session.rollback()
        return render_error(409)

    @app.errorhandler(OperationalError)
    def _database_busy(error: OperationalError):
        if is_api_request():
            if "database is locked" not in str(error.orig):
                app.logger.exception("Unhandled error")
            return api_error_answer(error)
        # SQLite's write lock stayed taken for the whole busy timeout (many saves at
        # once on the embedded database): nothing was written, so ask to try again.
        db.session.rollback()
        if "database is locked" not in str(error.orig):
            app.logger.exception("Unhandled error")
            return render_error(500)
        app.logger.warning("Database busy: %s %s", request.method, request.path)
        page, code = render_error(503)
        return page, code, {"Retry-After": "5"}

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if is_api_request():
            return api_error_answer(error)
        if error.code == 403:
            # The only thing written during a refused request is its audit event.
            db.session.commit()
        else:
            db.session.rollback()
            if error.code == 404:
                _record_refused_lookup()
        if error.code is not None and error.code < 400:
            return error
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error")
        if is_api_request():
            return api_error_answer(error)
        return render_error(500)
