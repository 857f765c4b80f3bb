"""How the partner API sits in the app: session cookies ignored, errors as problems,
every call in the audit log, answers never cached.

``install_api`` runs in ``create_app`` before access control: on ``/api/v1`` paths
(but the documentation page, a page like the site's) the logged-in user is made
anonymous at once, so a session cookie (and therefore a forged cross-site request)
can never act in the API. Its answers never write the browser's session cookie nor
say they vary by it (``SessionIgnoredInTheApi``): a partner's system sends no cookie,
and Flask-Login's after-request hook, which touches the session on every answer,
would otherwise add ``Vary: Cookie``.
"""

from __future__ import annotations

from flask import Flask, g, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from marketplace.api.limits import install_rate_limits, seconds_until_reset
from marketplace.api.problems import (
    ApiProblem,
    answer_http_error,
    answer_problem,
    problem_response,
)
from marketplace.api.spec import IDEMPOTENT_REPLAYED
from marketplace.apitokens.operations import note_use
from marketplace.audit.operations import record_event
from marketplace.extensions import db, login_manager
from marketplace.web.api_paths import is_api_call, is_api_request


class SessionIgnoredInTheApi(SecureCookieSessionInterface):
    """The site's signed-cookie session, left alone by partner API calls: their answers
    neither set nor clear the cookie, nor carry ``Vary: Cookie``.

    Its signing serializer is made once per set of keys, not on every request as Flask
    does (making one serialises an empty dict to test its serializer and builds the
    signer's settings: about a quarter of opening the cookie). A changed ``SECRET_KEY`` or
    ``SECRET_KEY_FALLBACKS`` makes a new one, so the keys in force are always those of
    the configuration."""

    #: The keys and the serializer made for them, one tuple (replaced in one step).
    _made_for: tuple = (None, None)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        made_keys, serializer = self._made_for
        if keys != made_keys:
            serializer = super().get_signing_serializer(app)
            self._made_for = (keys, serializer)
        return serializer

    def save_session(self, app, session, response) -> None:
        if is_api_call():
            return
        super().save_session(app, session, response)


def install_api(app: Flask) -> None:
    app.session_interface = SessionIgnoredInTheApi()

    @app.after_request
    def _retry_after_only_when_waiting(response):
        # flask-limiter puts Retry-After on every answer; it means "wait" only on a 429
        # or 503. Registered before the limiter, so it runs after the limiter's hook.
        if is_api_request() and response.status_code not in (429, 503):
            response.headers.pop("Retry-After", None)
        return response

    install_rate_limits(app)

    @app.before_request
    def _no_session_in_the_api():
        if is_api_call():
            g._login_user = login_manager.anonymous_user()

    @app.errorhandler(ApiProblem)
    def _problem(problem: ApiProblem):
        db.session.rollback()
        return answer_problem(problem)

    @app.after_request
    def _after_api_call(response):
        if not is_api_request():
            return response
        response.headers["Cache-Control"] = "no-store"
        token = g.get("api_token") or g.get("api_refused_token")
        if token is not None:
            _record_call(token, response.status_code,
                         replayed=response.headers.get(IDEMPOTENT_REPLAYED) == "true")
        return response


def _record_call(token, status: int, *, replayed: bool = False) -> None:
    """The call's audit event (and the token's last use), committed on their own: an
    error's own writes were rolled back before, so this is all it leaves. A create
    answered again for its ``Idempotency-Key`` says so (``replayed``): it made nothing."""
    if status >= 400:
        db.session.rollback()
    rule = request.url_rule.rule if request.url_rule is not None else None
    details = {
        "method": request.method, "route": rule, "path": request.path, "status": status,
        "token_id": token.id, "token_name": token.name,
        "organisation_id": token.organisation_id}
    if replayed:
        details["replayed"] = True
    record_event("api_call", "api_token", token.id, token=token, details=details)
    if g.get("api_token") is not None:
        note_use(token)
    db.session.commit()


def api_error_answer(error: Exception):
    """The problem for an error raised during an API call (called by ``web/errors.py``
    for every error on an ``/api/v1`` path, so the site's pages keep their HTML)."""
    db.session.rollback()
    if isinstance(error, ApiProblem):
        return answer_problem(error)
    if isinstance(error, StaleDataError):
        return problem_response(409, _("Someone else changed this in the meantime: fetch "
                                       "it again."))
    if isinstance(error, OperationalError) and "database is locked" in str(error.orig):
        return problem_response(503, headers={"Retry-After": "5"})
    if isinstance(error, HTTPException):
        if error.code is not None and error.code < 400:
            return error  # a redirect (a missing trailing slash), not an error
        if error.code == 429:
            return problem_response(429, headers={"Retry-After": str(seconds_until_reset())})
        return answer_http_error(error)
    return problem_response(500)
