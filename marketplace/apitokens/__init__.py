"""API tokens: the keys an organisation's systems use to call the partner API.

A token belongs to one organisation and acts with the usual role of its kind; its
scopes narrow what it may do. The secret is shown once and only its SHA-256 hash is
kept. The site's pages to manage tokens are in ``routes.py`` (``/api-keys``), with
their blueprint: importing this package, as the audit event's model does for
``ApiToken``, must not load the pages, whose operations record audit events.
"""
