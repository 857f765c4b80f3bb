"""Where a redirect may lead (only ever to a page of this site), and the absolute
links that messages carry (only ever on the site's public address)."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote, urlsplit

from flask import current_app, has_request_context, request, url_for

#: What a fragment keeps unquoted (as Flask's ``url_for`` does with ``_anchor``).
URL_FRAGMENT_SAFE = "%!#$&'()*+,/:;=?@"


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


def fixed_url(endpoint: str, **values) -> str:
    """``url_for(endpoint, **values)`` for a link that is the same on every page: the
    layout's style sheet and scripts, its menu. Built once per site root (the URL
    builder's path prefix, which a proxy may set per request) rather than on each of
    the dozen links of every page. Only for endpoints no ``url_defaults`` fills in."""
    if not has_request_context():
        return url_for(endpoint, **values)
    return _built_once(request.script_root, endpoint, tuple(values.items()))


@lru_cache(maxsize=512)
def _built_once(script_root: str, endpoint: str, values: tuple) -> str:
    # Built with the request's URL builder, whose prefix is ``script_root``: the key.
    return url_for(endpoint, **dict(values))


#: Stand-ins for the ids of a link (``built_url``): numbers no id reaches, none the start
#: of another, written as ``url_for`` writes any integer.
_STAND_IN = 987_654_321_000


def built_url(endpoint: str, **values) -> str:
    """``url_for(endpoint, **values)`` for a link that every row of a list has (a
    profile, "Propose", an answer form): built once per site root, endpoint and names
    with stand-ins for the integers (ids, ``near=1``), which are then put in.
    ``url_for`` cost more than the rest of a row; integers are written the same in a
    path and in a query string."""
    if not has_request_context():
        return url_for(endpoint, **values)
    numbers, shape = [], []
    for name, value in values.items():
        if value is None:  # left out, as url_for leaves it out
            continue
        if type(value) is int:
            numbers.append(value)
            shape.append((name, None))
        else:
            shape.append((name, value))
    built = _pattern(request.script_root, endpoint, tuple(shape))
    for place, number in enumerate(numbers):
        built = built.replace(str(_STAND_IN + place), str(number))
    return built


@lru_cache(maxsize=256)
def _pattern(script_root: str, endpoint: str, shape: tuple) -> str:
    # Built with the request's URL builder, whose prefix is ``script_root``: the key.
    values, place = {}, 0
    for name, value in shape:
        if value is None:
            values[name] = _STAND_IN + place
            place += 1
        else:
            values[name] = value
    return url_for(endpoint, **values)


def public_url(endpoint: str, **values) -> str:
    """The absolute link to ``endpoint`` on ``PUBLIC_BASE_URL``, path prefix included,
    for mails and the command line.

    Never built from the request: its Host header is whatever the sender typed, and a
    forged one would put a valid reset token in a link to another site. ``_anchor``
    adds a fragment, as with ``url_for``.
    """
    anchor = values.pop("_anchor", None)
    current_app.inject_url_defaults(endpoint, values)
    url = public_url_adapter().build(endpoint, values, force_external=True)
    return f"{url}#{quote(anchor, safe=URL_FRAGMENT_SAFE)}" if anchor else url


def public_url_adapter():
    """A URL builder bound to ``PUBLIC_BASE_URL`` rather than to a request."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    return current_app.url_map.bind(
        base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme
    )
