"""A cache shared by every process and host: Redis at ``CACHE_REDIS_URL``.

Without ``CACHE_REDIS_URL`` there is none and callers keep what they compute in their
own process. Values are bytes the caller encodes itself (never pickle: whoever can
write to the cache must not be able to run code in the site). Every key carries
``CACHE_KEY_PREFIX`` and expires after ``CACHE_TTL_SECONDS``; keys of derived data
hold the data version stamps they were computed at, so an old entry is never read
after a change, it only waits to expire.

The cache is an accelerator, never a dependency: when Redis does not answer (within
half a second), reads miss and writes are dropped, the site computes afresh and the
log says so at most once a minute per process.
"""

from __future__ import annotations

import threading
import time

import redis
from flask import Flask, current_app

SHARED_CACHE_EXTENSION = "werkbrug_shared_cache"
#: Seconds to wait for Redis before treating it as absent for this call.
TIMEOUT_SECONDS = 0.5
_WARN_EVERY_SECONDS = 60.0


class SharedCache:
    """A thin wrapper of a Redis client: prefixed keys, expiry, failures as misses."""

    def __init__(self, url: str, prefix: str, ttl_seconds: int):
        self.client = redis.Redis.from_url(
            url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
        )
        self.prefix = prefix
        self.ttl_seconds = ttl_seconds
        self._errors = (redis.RedisError, OSError)
        self._warned_at = float("-inf")
        self._warn_lock = threading.Lock()

    def key(self, name: str) -> str:
        return self.prefix + name

    def get(self, name: str) -> bytes | None:
        try:
            return self.client.get(self.key(name))
        except self._errors:
            self._warn("read")
            return None

    def set(self, name: str, value: bytes) -> None:
        try:
            self.client.set(self.key(name), value, ex=self.ttl_seconds)
        except self._errors:
            self._warn("write")

    def _warn(self, what: str) -> None:
        with self._warn_lock:
            now = time.monotonic()
            if now - self._warned_at < _WARN_EVERY_SECONDS:
                return
            self._warned_at = now
        current_app.logger.warning(
            "Shared cache %s failed; computing without it", what, exc_info=True
        )


def install_shared_cache(app: Flask) -> None:
    """Make the client when ``CACHE_REDIS_URL`` is set (it connects on first use)."""
    url = app.config.get("CACHE_REDIS_URL")
    if url:
        app.extensions[SHARED_CACHE_EXTENSION] = SharedCache(
            url, app.config.get("CACHE_KEY_PREFIX", ""), int(app.config["CACHE_TTL_SECONDS"])
        )


def shared_cache() -> SharedCache | None:
    """This app's shared cache, or None when it has none."""
    return current_app.extensions.get(SHARED_CACHE_EXTENSION)
