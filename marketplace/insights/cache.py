"""Computed aggregates kept per process until the data under them change.

Every page answers under 300 ms computed afresh (``bench/insights.py``), but
dashboards ask the same questions again and again (every filter change reloads the
page, every CSV repeats the page's figures), so an answer is kept, keyed by the
question, its filters and the data version stamps of opportunities, candidates and
organisations (``marketplace/data_versions.py``): any write to those tables changes a
stamp, and the next request computes afresh. Nothing personal is kept: only the raw
counts per group, inside the process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

from flask import current_app, g, has_request_context
from sqlalchemy import func, select

from marketplace.accounts.models import Organisation
from marketplace.data_versions import current_version
from marketplace.extensions import db

_entries: OrderedDict = OrderedDict()
_lock = threading.Lock()


def data_stamp() -> tuple:
    """What the aggregates depend on, read once per request (before the aggregates, so
    a kept answer is never older than its stamp)."""
    if "insights_stamp" in g:
        return g.insights_stamp
    organisations = db.session.execute(
        select(func.count(), func.coalesce(func.sum(Organisation.version), 0))
    ).one()
    stamp = (current_version("opportunities"), current_version("candidates"), tuple(organisations))
    g.insights_stamp = stamp
    return stamp


def _size() -> int:
    return int(current_app.config.get("INSIGHTS_CACHE_SIZE", 0))


def kept(function: Callable) -> Callable:
    """Keep ``function``'s answers (its arguments must be hashable): for the rest of
    the request in any case (the supply page asks one question for two tables), and
    across requests in a cache of ``INSIGHTS_CACHE_SIZE`` answers."""

    @wraps(function)
    def cached(*args, **kwargs):
        if not has_request_context():  # a command or a test calling it directly
            return function(*args, **kwargs)
        question = (function.__qualname__, args, tuple(sorted(kwargs.items())))
        this_request = g.setdefault("insights_answers", {})
        if question in this_request:
            return this_request[question]
        size = _size()
        key = (*question, data_stamp()) if size else None
        if size:
            with _lock:
                if key in _entries:
                    _entries.move_to_end(key)
                    this_request[question] = _entries[key]
                    return _entries[key]
        answer = function(*args, **kwargs)
        if isinstance(answer, list):
            answer = tuple(answer)  # shared between requests: never changed in place
        this_request[question] = answer
        if size:
            with _lock:
                _entries[key] = answer
                while len(_entries) > size:
                    _entries.popitem(last=False)
        return answer

    return cached


def forget_all() -> None:
    with _lock:
        _entries.clear()
