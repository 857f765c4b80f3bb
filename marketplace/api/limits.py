"""Rate limits per API token (flask-limiter).

One budget per token across every operation (``API_RATE_LIMIT``, e.g.
``600/minute``), counted in the shared Redis (``CACHE_REDIS_URL``) when there is one,
so every worker and host counts together, and in memory otherwise. A call over the
budget is a 429 problem with ``Retry-After``. The limit is checked after the token is
authenticated (``auth.api_requires``), so a bad key gets its 401 first and never uses
up a real token's budget.
"""

from __future__ import annotations

import math
import time
from functools import partial, wraps

from flask import Flask, current_app, g
from flask_limiter import Limiter

from marketplace.web.api_paths import is_api_request

#: Used when the settings name no limit (the config's default too).
DEFAULT_RATE_LIMIT = "600/minute"


def _token_key() -> str:
    """The authenticated token's public prefix (random, so tests never share counts)."""
    token = g.get("api_token")
    return f"api-token:{token.prefix}" if token is not None else "api-token:none"


def _rate_limit() -> str:
    return current_app.config.get("API_RATE_LIMIT") or DEFAULT_RATE_LIMIT


limiter = Limiter(key_func=_token_key, headers_enabled=True, strategy="moving-window",
                  key_prefix="werkbrug-api")

#: Decorator of every API operation: one shared budget per token.
token_rate_limit = limiter.shared_limit(_rate_limit, scope="api")


def install_rate_limits(app: Flask) -> None:
    app.config.setdefault("API_RATE_LIMIT", DEFAULT_RATE_LIMIT)
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config.get("CACHE_REDIS_URL") or "memory://"
    # A Redis that does not answer must not stop the API: count in memory meanwhile.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    limiter.init_app(app)
    _only_for_the_api(app)


def _only_for_the_api(app: Flask) -> None:
    """Run flask-limiter's three request hooks on ``/api/v1`` paths only.

    Only the API's operations carry limits (``token_rate_limit``; no default or
    application-wide limit is set), so on every other request the hooks find nothing to
    count and no header to add, yet cost about 0.1 ms of every page. A hook the
    limiter no longer registers under these names makes this fail at start, loudly."""
    hooks = (
        (app.before_request_funcs[None],
         lambda hook: hook == limiter._check_request_limit),
        (app.after_request_funcs[None],
         lambda hook: isinstance(hook, partial) and hook.args == (limiter,)),
        (app.teardown_request_funcs[None],
         lambda hook: hook == limiter._Limiter__release_context),
    )
    for registered, is_limiters in hooks:
        found = [index for index, hook in enumerate(registered) if is_limiters(hook)]
        if len(found) != 1:
            raise RuntimeError("flask-limiter's request hooks are not where expected")
        registered[found[0]] = _on_api_paths(registered[found[0]])


def _on_api_paths(hook):
    """``hook``, run only while the request is for the API; else the hook's argument
    (a response, or the teardown's error) goes on untouched."""

    @wraps(hook)
    def gated(*args):
        if is_api_request():
            return hook(*args)
        return args[0] if args else None

    return gated


def seconds_until_reset() -> int:
    """For ``Retry-After``: whole seconds until the breached limit lets a call through."""
    current = limiter.current_limit
    if current is None:
        return 1
    return max(1, math.ceil(current.reset_at - time.time()))
