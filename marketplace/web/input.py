"""Request data that no browser sends is refused before any view reads it.

A NUL character cannot be typed into a form, and PostgreSQL cannot store or even
compare it in a text value: a query or form value holding one would fail deep in a
query (a 500) on PostgreSQL and not on SQLite. Such a request gets the 400 page.
"""

from __future__ import annotations

from flask import Flask, abort, request


def _holds_nul(values) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in values.items(multi=True))


def install_input_checks(app: Flask) -> None:
    @app.before_request
    def _refuse_nul_characters():
        if "\x00" in request.path or _holds_nul(request.args):
            abort(400)
        if request.method != "GET" and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"
        ) and _holds_nul(request.form):
            abort(400)
