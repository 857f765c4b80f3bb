"""Where a redirect may lead (only ever to a page of this site), and the absolute
links that messages carry (only ever on the site's public address)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, url_for


def is_safe_local_path(target: str | None) -> bool:
    """True for a path on this site such as ``/candidates?page=2``; False for anything
    that a browser could read as another host or a script (``//evil``, ``/\\evil``,
    ``https://evil``, ``javascript:``)."""
    if not target or not target.startswith("/"):
        return False
    if target.startswith("//") or "\\" in target:
        return False
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, fallback_endpoint: str = "web.start") -> str:
    """``target`` when it is a local path, else the URL of ``fallback_endpoint``."""
    return target if is_safe_local_path(target) else url_for(fallback_endpoint)


def public_url(endpoint: str, **values) -> str:
    """The absolute link to ``endpoint`` on ``PUBLIC_BASE_URL``, path prefix included,
    for mails and the command line.

    Never built from the request: its Host header is whatever the sender typed, and a
    forged one would put a valid reset token in a link to another site.
    """
    current_app.inject_url_defaults(endpoint, values)
    return public_url_adapter().build(endpoint, values, force_external=True)


def public_url_adapter():
    """A URL builder bound to ``PUBLIC_BASE_URL`` rather than to a request."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    return current_app.url_map.bind(
        base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme
    )
