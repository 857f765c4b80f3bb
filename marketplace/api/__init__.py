"""The partner API, ``/api/v1``: JSON for the partners' own systems.

``auth.py`` (bearer tokens, ``api_requires``), ``problems.py`` (RFC 9457 errors),
``spec.py`` (the OpenAPI 3.1 contract and request validation, spectree),
``paging.py`` (cursors), ``etag.py`` (If-Match), ``limits.py`` (rate limits per
token), ``hooks.py`` (how it sits in the app), ``docs_routes.py`` (the contract and
its page) and one module per resource (``opportunities.py``, ``opportunity_writes.py``,
``candidates.py``, ``proposals.py``, ``suggestions.py``, ``insights.py``, ``reports.py``,
``imports.py``).
"""

from flask import Blueprint

from marketplace.web.api_paths import API_PREFIX

bp = Blueprint("api", __name__, url_prefix=API_PREFIX)

from marketplace.api import (  # noqa: E402, F401
    candidates,
    docs_routes,
    imports,
    insights,
    opportunities,
    opportunity_writes,
    proposals,
    reports,
    suggestions,
)
