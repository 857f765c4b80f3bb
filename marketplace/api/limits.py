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

from flask import Flask, current_app, g
from flask_limiter import Limiter

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


def seconds_until_reset() -> int:
    """For ``Retry-After``: whole seconds until the breached limit lets a call through."""
    current = limiter.current_limit
    if current is None:
        return 1
    return max(1, math.ceil(current.reset_at - time.time()))
