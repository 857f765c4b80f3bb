"""Errors of the partner API as RFC 9457 problem details.

Every error under ``/api/v1`` (a raised :class:`ApiProblem`, a Werkzeug HTTP error,
an unexpected exception) becomes ``application/problem+json`` with ``type``,
``title``, ``status`` and ``detail``; validation errors add ``errors``, each with the
field's location (``["body", "title"]``) and a message. The ``type`` points at the
problem's entry on the API's documentation page (``/api/v1/docs#problem-<slug>``).
The site's own pages keep their HTML errors (``web/errors.py`` hands API paths here).
"""

from __future__ import annotations

from typing import Any

from flask import Response, json
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from marketplace.web.api_paths import API_PREFIX

PROBLEM_MIMETYPE = "application/problem+json"

#: status -> (slug, title, default detail): the catalogue the docs page lists.
PROBLEMS: dict[int, tuple[str, Any, Any]] = {
    400: ("bad-request", _l("Bad request"),
          _l("The request could not be read, for example JSON that is not valid.")),
    401: ("unauthorized", _l("Not authenticated"),
          _l("Send a valid API key: Authorization: Bearer <key>.")),
    403: ("forbidden", _l("Not allowed"),
          _l("This API key may not do this: it lacks the scope or its role the permission.")),
    404: ("not-found", _l("Not found"),
          _l("This does not exist, or your organisation has no access to it.")),
    405: ("method-not-allowed", _l("Method not allowed"),
          _l("This address does not accept this method.")),
    409: ("conflict", _l("Conflict"),
          _l("The request conflicts with the current state of the resource.")),
    412: ("precondition-failed", _l("Changed in the meantime"),
          _l("The If-Match header does not match the current ETag: fetch it again.")),
    413: ("content-too-large", _l("Body too large"),
          _l("The request body is larger than this operation accepts.")),
    415: ("unsupported-media-type", _l("Wrong content type"),
          _l("Send the body as application/json.")),
    422: ("validation-failed", _l("Validation failed"),
          _l("Some fields are missing, unknown or not valid: see errors.")),
    428: ("precondition-required", _l("If-Match required"),
          _l("Send the ETag you last received in an If-Match header.")),
    429: ("too-many-requests", _l("Too many requests"),
          _l("This API key made too many requests: wait as long as Retry-After says.")),
    500: ("internal-error", _l("Internal error"),
          _l("Something went wrong on our side. It has been logged; nothing was saved.")),
    503: ("unavailable", _l("Temporarily unavailable"),
          _l("Werkbrug is very busy. Nothing was saved; try again after Retry-After.")),
}


class ApiProblem(Exception):
    """Raise to answer a problem: ``ApiProblem(409, "This ref is taken.")``."""

    def __init__(self, status: int, detail: str | None = None, *,
                 errors: list[dict] | None = None, headers: dict[str, str] | None = None):
        super().__init__(detail or str(status))
        self.status = status
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}


def problem_type(status: int) -> str:
    slug = PROBLEMS.get(status, PROBLEMS[500])[0]
    return f"{API_PREFIX}/docs#problem-{slug}"


def problem_body(status: int, detail: str | None = None,
                 errors: list[dict] | None = None) -> dict[str, Any]:
    _slug, title, default_detail = PROBLEMS.get(status, PROBLEMS[500])
    body: dict[str, Any] = {
        "type": problem_type(status), "title": str(title), "status": status,
        "detail": str(detail or default_detail),
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem_response(status: int, detail: str | None = None, *,
                     errors: list[dict] | None = None,
                     headers: dict[str, str] | None = None) -> Response:
    response = Response(json.dumps(problem_body(status, detail, errors)), status=status,
                        mimetype=PROBLEM_MIMETYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def answer_problem(problem: ApiProblem) -> Response:
    return problem_response(problem.status, problem.detail, errors=problem.errors,
                            headers=problem.headers)


def answer_http_error(error: HTTPException) -> Response:
    """A Werkzeug error (abort(404), an unknown route, 405, 413, ...) as a problem;
    its own description only where it says more than the catalogue (never HTML)."""
    status = error.code or 500
    if status not in PROBLEMS:
        status = 500 if status >= 500 else 400
    headers = {}
    if status == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    retry_after = getattr(error, "retry_after", None) or (
        error.response.headers.get("Retry-After") if error.response is not None else None)
    if status == 429 and retry_after:
        headers["Retry-After"] = str(retry_after)
    return problem_response(status, headers=headers)


def validation_errors(pydantic_errors: list[dict], location: str) -> list[dict]:
    """Pydantic's errors as the problem's ``errors``: where, what, and the code."""
    return [
        {"location": [location, *(str(part) for part in error.get("loc", ()))],
         "message": error.get("msg", ""), "code": error.get("type", "")}
        for error in pydantic_errors
    ]
