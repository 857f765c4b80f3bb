"""Stable refs: the key of a record in the interchange format (``flask records``).

Every organisation, opportunity and candidate has one from the moment it exists, so an
export always names its records and imports back onto the same rows. A ref made here is
random (a prefix and 16 hex digits) rather than derived from the id, so that it can be
given before the row is inserted, by the column default, on every path that creates a
row (forms, the demo loader, bulk inserts). Rows from before migration 0011 got
``<prefix>-<id>``, the ref the exporter wrote for them until then. A ref never changes.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable


def new_ref(prefix: str) -> str:
    """A fresh ref such as ``opportunity-3f9c0a1be2d47765`` (64 random bits)."""
    return f"{prefix}-{secrets.token_hex(8)}"


def ref_default(prefix: str) -> Callable[[], str]:
    """A column default that gives each new row a fresh ref with ``prefix``."""

    def make() -> str:
        return new_ref(prefix)

    return make
