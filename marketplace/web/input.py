"""Request data that no browser sends is refused before any view reads it.

A NUL character cannot be typed into a form, and PostgreSQL cannot store or even
compare it in a text value: a query or form value holding one would fail deep in a
query (a 500) on PostgreSQL and not on SQLite. Such a request gets the 400 page.

The same goes for a Host the site does not serve (``TRUSTED_HOSTS``). Flask finds it
while making the request's URL builder and keeps the error for the view, so hooks that
run before (the login redirect) and the error page would have no URL builder: it is
reported first, with a builder on the public address for the error page's links.

A JSON body is the partner API's to check (``nul_locations``): it answers a problem
that names each field.
"""

from __future__ import annotations

from flask import Flask, abort, request
from flask.globals import request_ctx
from werkzeug.exceptions import SecurityError

from marketplace.web.urls import public_url_adapter


def _holds_nul(values) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in values.items(multi=True))


def _names_hold_nul(files) -> bool:
    """An uploaded file's field or file name with a NUL (a name is stored as sent)."""
    return any("\x00" in key or "\x00" in (upload.filename or "")
               for key, upload in files.items(multi=True))


def nul_locations(value) -> list[tuple]:
    """Where parsed JSON holds a NUL character (``"\\u0000"`` in the text): the path of
    each key or string that has one, as ``("experience", 0, "title")``, in document
    order. The partner API refuses those bodies for the reason forms are refused below.
    A loop, not recursion: a body may be nested as deep as the JSON parser allows."""
    found = []
    pending = [((), value)]
    while pending:
        where, item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                found.append(where)
        elif isinstance(item, dict):
            for key, inner in reversed(item.items()):
                if "\x00" in key:
                    pending.append(((*where, key), "\x00"))
                else:
                    pending.append(((*where, key), inner))
        elif isinstance(item, list):
            pending.extend(((*where, index), inner)
                           for index, inner in reversed(list(enumerate(item))))
    return found


def install_input_checks(app: Flask) -> None:
    @app.before_request
    def _refuse_untrusted_hosts():
        if isinstance(request.routing_exception, SecurityError):
            request_ctx.url_adapter = public_url_adapter()
            raise request.routing_exception

    @app.before_request
    def _refuse_nul_characters():
        if "\x00" in request.path or _holds_nul(request.args):
            abort(400)
        if request.method != "GET" and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"
        ) and (_holds_nul(request.form) or _names_hold_nul(request.files)):
            abort(400)
