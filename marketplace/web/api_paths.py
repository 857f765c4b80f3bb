"""Where the partner API lives, for the site's hooks that answer it differently
(errors as problem details, the language from ``Accept-Language``)."""

from __future__ import annotations

from flask import has_request_context, request

API_PREFIX = "/api/v1"


#: The API's one page for people (the readable contract): it keeps the site's
#: session, language choice and menu.
DOCS_ENDPOINT = "api.docs"


def is_api_request() -> bool:
    """True for any path under ``/api/v1``, a route or not."""
    if not has_request_context():
        return False
    return request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")


def is_api_call() -> bool:
    """An API request for a machine: every one but the documentation page."""
    return is_api_request() and request.endpoint != DOCS_ENDPOINT
