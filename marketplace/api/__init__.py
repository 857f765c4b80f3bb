"""The partner API, ``/api/v1``: JSON for the partners' own systems.

``auth.py`` (bearer tokens, ``api_requires``), ``problems.py`` (RFC 9457 errors),
``spec.py`` (the OpenAPI 3.1 contract and request validation, spectree),
``paging.py`` (cursors), ``etag.py`` (If-Match), ``limits.py`` (rate limits per
token), ``hooks.py`` (how it sits in the app), ``docs_routes.py`` (the contract and
its page) and one module per resource (``opportunities.py``, ``opportunity_writes.py``,
``candidates.py``, ``proposals.py``, ``suggestions.py``, ``insights.py``, ``reports.py``,
``imports.py``). Those modules add their operations to the one blueprint of
``blueprint.py``; ``routes.py`` imports them all, and the app registers the blueprint
from there. Importing this package (or its schemas, problems or paging) loads none of
them.
"""
