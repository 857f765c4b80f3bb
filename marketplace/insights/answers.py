"""The answers the insights queries keep (``cache.py``): plain frozen dataclasses of
raw figures per group. They live apart from the queries that make them because the
cache must know every answer type to rebuild one from the shared cache's JSON, and
the queries import the cache."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Count:
    """One group's raw figures: how many units, and a sum over them (places)."""

    key: str
    units: int
    total: float = 0


@dataclass(frozen=True)
class GroupSupply:
    """Eligible candidates of one occupation group: who wish work in it, and who wish
    it or did it before (each candidate counted once)."""

    key: str
    wishing: int
    wishing_or_done: int
