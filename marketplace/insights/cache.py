"""Computed aggregates kept per process until the data under them change.

The heaviest aggregate (candidates per occupation group, through wishes and
experience) reads every link of every eligible candidate: a few hundred milliseconds
with 100,000 candidates on SQLite. Dashboards ask the same questions again and again
(every filter change reloads the page, every CSV repeats the page's figures), so an
answer is kept, keyed by the question, its filters and the data version stamps of
opportunities, candidates and organisations (``marketplace/data_versions.py``): any
write to those tables changes a stamp, and the next request computes afresh. Nothing
personal is kept: only the raw counts per group, inside the process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

from flask import current_app, g, has_app_context
from sqlalchemy import func, select

from marketplace.accounts.models import Organisation
from marketplace.data_versions import current_version
from marketplace.extensions import db

_entries: OrderedDict = OrderedDict()
_lock = threading.Lock()


def data_stamp() -> tuple:
    """What the aggregates depend on, read once per request (before the aggregates, so
    a kept answer is never older than its stamp)."""
    if has_app_context() and "insights_stamp" in g:
        return g.insights_stamp
    organisations = db.session.execute(
        select(func.count(), func.coalesce(func.sum(Organisation.version), 0))
    ).one()
    stamp = (current_version("opportunities"), current_version("candidates"),
             tuple(organisations))
    if has_app_context():
        g.insights_stamp = stamp
    return stamp


def _size() -> int:
    return int(current_app.config.get("INSIGHTS_CACHE_SIZE", 0)) if has_app_context() else 0


def kept(function: Callable) -> Callable:
    """Keep ``function``'s answers (its arguments must be hashable)."""

    @wraps(function)
    def cached(*args, **kwargs):
        size = _size()
        if not size:
            return function(*args, **kwargs)
        key = (function.__qualname__, args, tuple(sorted(kwargs.items())), data_stamp())
        with _lock:
            if key in _entries:
                _entries.move_to_end(key)
                return _entries[key]
        answer = function(*args, **kwargs)
        if isinstance(answer, list):
            answer = tuple(answer)  # shared between requests: never changed in place
        with _lock:
            _entries[key] = answer
            while len(_entries) > size:
                _entries.popitem(last=False)
        return answer

    return cached


def forget_all() -> None:
    with _lock:
        _entries.clear()
