"""Fixed vocabularies that the code itself relies on: CEFR levels and skill kinds.

They are plain Python so that every domain (and the pure matching maths) can use them
without a database; ``taxonomy load`` writes the CEFR levels to their table so that
foreign keys and SQL ordering can use them too.
"""

from __future__ import annotations

import enum


class Cefr(enum.StrEnum):
    """CEFR levels in order, with 'none' below A1."""

    NONE = "none"
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"

    @property
    def rank(self) -> int:
        return CEFR_ORDER.index(self)


CEFR_ORDER: tuple[Cefr, ...] = tuple(Cefr)

SKILL_KINDS = ("group", "skill", "transversal", "language", "ict")
"""``skill``: one of the 13,939 ESCO skills that is in none of the collections."""
