"""The Huey job queue, its storage chosen by ``JOB_QUEUE_URL``.

Tasks are bound to the one module-level ``huey`` at import time, so its storage is set
later, when an app is made (``configure_queue``): unset ``JOB_QUEUE_URL`` keeps the
queue in a SQLite file in the instance folder (no server needed), ``redis://...``
puts it in Redis (several hosts share it). ``JOB_QUEUE_IMMEDIATE`` (the tests) runs
each task at once, in memory, inside the caller's app context.

Each task runs inside an app context: the caller's when there is one (immediate mode),
else one of the app that configured the queue (in a worker process: the app that
``flask jobs worker`` made, once per process).
"""

from __future__ import annotations

import functools
import logging
import os

from flask import Flask, has_app_context
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from marketplace.config import ConfigurationError
from marketplace.extensions import db

huey = Huey("werkbrug", storage_class=MemoryStorage, utc=True)
_job_app: dict[str, Flask] = {}


def storage_for(url: str | None, instance_path: str):
    """The storage class and its arguments for a ``JOB_QUEUE_URL``."""
    if not url:
        return SqliteStorage, {"filename": os.path.join(instance_path, "jobs.sqlite")}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage, {"url": url}
    raise ConfigurationError("JOB_QUEUE_URL must be empty or a redis:// URL")


def configure_queue(app: Flask) -> None:
    """Point the queue at the app's storage and make the app the one tasks run in."""
    storage_class, kwargs = storage_for(app.config.get("JOB_QUEUE_URL"), app.instance_path)
    _job_app["app"] = app
    if app.config.get("JOB_QUEUE_IMMEDIATE"):
        huey.immediate = True
        return
    if huey.immediate:
        huey.immediate = False
    if huey.storage_class is storage_class and huey.storage_kwargs == kwargs:
        return
    huey.storage_class = storage_class
    huey.storage_kwargs = kwargs
    huey.storage = huey.create_storage()


def in_app_context(func):
    """Run ``func`` inside an app context (see the module docstring)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if has_app_context():
            return func(*args, **kwargs)
        app = _job_app.get("app")
        if app is None:
            raise RuntimeError("The job queue is not configured: make the app first")
        with app.app_context():
            try:
                return func(*args, **kwargs)
            finally:
                db.session.remove()

    return wrapper


def queue_reachable() -> bool:
    """Whether the queue's storage answers (for ``/health`` and the admins' jobs page).
    When it does not, the site keeps working: mail waits in the outbox."""
    try:
        huey.storage.queue_size()
    except Exception:  # any storage failure (Redis down, file unreadable) means: degraded
        logging.getLogger(__name__).warning("The job queue cannot be reached", exc_info=True)
        return False
    return True
