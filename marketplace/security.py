"""How views are opened: the decorators views use, over the permissions table of
``marketplace.accounts.permissions``.

Every view is closed by default (see ``install_access_control``): a view is reachable
without login only when it is marked ``@public``. Logged-in users reach a view only
through ``@requires(permission)``, or ``@login_only`` for pages every role may see
(their own account, the language switch).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, abort, request
from flask_login import current_user

from marketplace.accounts.permissions import Permission, has_permission
from marketplace.audit.operations import record_denied_access
from marketplace.extensions import login_manager


def public(view: Callable) -> Callable:
    """Mark a view as reachable without logging in."""
    view.access = "public"
    return view


def login_only(view: Callable) -> Callable:
    """Mark a view as open to every logged-in user, whatever their role."""
    view.access = "login"
    return view


def requires(permission: Permission) -> Callable[[Callable], Callable]:
    """Open a view to the roles that hold ``permission``; others get 403."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not has_permission(current_user, permission):
                record_denied_access(str(permission))
                abort(403)
            return view(*args, **kwargs)

        guarded.access = permission
        return guarded

    return decorate


def install_access_control(app: Flask) -> None:
    """Deny by default: every endpoint needs a login unless its view is ``@public``.

    A view with no access marking at all is a programming error: it answers 403 so it
    can never leak, and the access-matrix test names it. Partner API operations are
    marked ``"token"`` (``marketplace/api/auth.api_requires``): they are let through
    here and authenticate the call's bearer token themselves (a 401 problem without
    one); a login session never opens them.
    """
    app.view_functions["static"].access = "public"  # css, scripts: never personal data

    @app.before_request
    def _deny_by_default():
        endpoint = request.endpoint  # once: each proxy access costs a lookup
        if endpoint is None:
            return None  # 404 or 405, answered by Flask
        access = getattr(app.view_functions.get(endpoint), "access", None)
        if access in ("public", "token"):
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if access is None:
            abort(403)
        return None
