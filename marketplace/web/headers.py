"""Security headers on every response."""

from __future__ import annotations

from flask import Flask, request
from flask_login import current_user

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ]
)


def install_security_headers(app: Flask) -> None:
    production = app.config.get("ENVIRONMENT") == "production"

    @app.after_request
    def _set_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if production:
            headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
        if _may_hold_personal_data(response):
            # Never kept by a browser or a shared cache: a later user of the same
            # computer, or a proxy, could read it back.
            headers["Cache-Control"] = "no-store"
        return response


def _may_hold_personal_data(response) -> bool:
    """Every answer to a logged-in person, every page and every download; static files
    (the same for everyone) keep their caching."""
    if request.endpoint == "static":
        return False
    return (
        response.mimetype in ("text/html", "text/csv")
        or response.headers.get("Content-Disposition", "").startswith("attachment")
        or current_user.is_authenticated
    )
