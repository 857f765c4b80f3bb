"""Values a process builds from the database, each kept with the stamp it was built at.

The matching bridge (``matching/operations.py``) keeps the prepared candidate rows,
the opportunity table, the vocabularies and the title resolver in one, and
``ranking/scorer.py`` the fitted model; ``taxonomy/version.py`` keeps the postcodes'
points in another. A value is served while its stamp is the one asked for; a new stamp
builds again. Builds may need the value held before (the candidate rows are refreshed
from the rows of an older version: :meth:`ProcessCache.held`).

Pure: the standard library. Whether a built value may be kept is asked of
``may_keep`` (both say no inside a transaction that raised a data version stamp
it has not committed: such a stamp comes back with other rows after a rollback).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable


class ProcessCache:
    """Values built from the database, each with the stamp it was built at."""

    def __init__(self, may_keep: Callable[[], bool] = lambda: True):
        self._lock = threading.RLock()  # a build may need another cached value
        self._values: dict[str, tuple[Hashable, object]] = {}
        self._may_keep = may_keep

    def get(self, name: str, stamp: Hashable, build: Callable[[], object]):
        found = self._values.get(name)
        if found is not None and found[0] == stamp:
            return found[1]
        with self._lock:
            found = self._values.get(name)
            if found is not None and found[0] == stamp:
                return found[1]
            value = build()
            if self._may_keep():
                self._values[name] = (stamp, value)
            return value

    def held(self, name: str) -> tuple[Hashable, object] | None:
        """The stamp and value kept under ``name``, whatever the stamp."""
        return self._values.get(name)

    def replace(self, name: str, stamp: Hashable, value: object) -> None:
        """Keep ``value`` for ``stamp`` instead of what is kept (the same data in
        another form: refreshed rows swapped for the snapshot mapped)."""
        with self._lock:
            self._values[name] = (stamp, value)

    def clear(self, keep: tuple[str, ...] = ()) -> None:
        with self._lock:
            for name in [name for name in self._values if name not in keep]:
                del self._values[name]
