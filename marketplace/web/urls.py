"""Where a redirect may lead: only ever to a page of this site."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import url_for


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
