"""Vocabularies: every occupation, skill and language gets a column number.

The columnar data in ``features.py`` stores occupations, skills and languages as
column numbers of sparse matrices. The spaces here give those numbers, and know how
two occupations or two skills relate:

* :class:`OccupationSpace`: each occupation's ISCO-08 unit group (4 digits) and,
  optionally, its ESCO code. :meth:`OccupationSpace.relation_levels` says for one
  occupation how every occupation relates to it (:data:`RELATION_LEVELS`).
* :class:`SkillSpace`: skills (ESCO skills or skill groups) with their broader skills,
  so that a candidate's narrower skill can meet a required skill group.
* :class:`Vocabulary`: plain ids (language codes, for instance).

Ids are whatever the caller uses (database ids in the app, ESCO URIs in the pure
benchmarks); a space only maps them to positions.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

RELATION_LEVELS = ("none", "isco2", "isco3", "isco4", "esco_family", "same")
"""How one occupation relates to another, from far to near; a level's index is its rank.

* ``same``: the same occupation;
* ``esco_family``: another occupation under the same top-level ESCO occupation (the
  ESCO codes share their first two parts, for instance ``7212.3`` welder and
  ``7212.3.3`` pipe welder);
* ``isco4``, ``isco3``, ``isco2``: the same ISCO-08 unit group (4 digits), minor group
  (3 digits) or sub-major group (2 digits);
* ``none``: not related at those levels.
"""

NONE, ISCO2, ISCO3, ISCO4, ESCO_FAMILY, SAME = range(len(RELATION_LEVELS))


class Vocabulary:
    """An ordered set of ids; an id's position is its column number."""

    def __init__(self, ids: Iterable[Hashable]):
        self.ids: tuple = tuple(ids)
        self._index = {item: position for position, item in enumerate(self.ids)}
        if len(self._index) != len(self.ids):
            raise ValueError("a vocabulary cannot hold the same id twice")

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, item: Hashable) -> bool:
        return item in self._index

    def index_of(self, item: Hashable) -> int:
        """The column number of ``item``; :class:`KeyError` naming the vocabulary if
        it is unknown."""
        try:
            return self._index[item]
        except KeyError:
            raise KeyError(f"{item!r} is not in the {type(self).__name__}") from None

    def get(self, item: Hashable) -> int | None:
        """The column number of ``item``, or None."""
        return self._index.get(item)

    def indices_of(self, items: Iterable[Hashable]) -> np.ndarray:
        """Column numbers of ``items`` (all must be known), as an int64 array."""
        return np.fromiter((self.index_of(item) for item in items), dtype=np.int64)


class OccupationSpace(Vocabulary):
    """Occupations with their ISCO-08 unit group and ESCO code.

    ``isco_codes`` are 4-digit strings (``"7212"``). ``esco_codes`` (``"7212.3.3"``) are
    optional; without them the ``esco_family`` level never occurs.
    """

    def __init__(
        self,
        ids: Iterable[Hashable],
        isco_codes: Sequence[str],
        esco_codes: Sequence[str] | None = None,
    ):
        super().__init__(ids)
        if len(isco_codes) != len(self.ids):
            raise ValueError("one ISCO code per occupation is needed")
        bad = [code for code in isco_codes if not re.fullmatch(r"\d{4}", str(code))]
        if bad:
            raise ValueError(f"ISCO-08 unit group codes have 4 digits, not {bad[0]!r}")
        self.isco_codes: tuple[str, ...] = tuple(str(code) for code in isco_codes)
        self.isco4 = np.array([int(code) for code in self.isco_codes], dtype=np.int32)
        self.isco3 = self.isco4 // 10
        self.isco2 = self.isco4 // 100
        if esco_codes is None:
            self.esco_codes: tuple[str, ...] | None = None
            self.esco_family = np.arange(len(self.ids), dtype=np.int32)
        else:
            if len(esco_codes) != len(self.ids):
                raise ValueError("one ESCO code per occupation is needed")
            self.esco_codes = tuple(esco_codes)
            roots = [".".join(str(code).split(".")[:2]) for code in esco_codes]
            numbers = {root: n for n, root in enumerate(dict.fromkeys(roots))}
            self.esco_family = np.array([numbers[root] for root in roots], dtype=np.int32)

    @classmethod
    def from_occupations(cls, occupations: Iterable, id_attribute: str = "id"
                         ) -> OccupationSpace:
        """From objects with an id (``id_attribute``), ``isco_code`` and ``esco_code``:
        database rows or :class:`~marketplace.matching.esco_data.EscoOccupation`."""
        occupations = list(occupations)
        return cls([getattr(o, id_attribute) for o in occupations],
                   [o.isco_code for o in occupations], [o.esco_code for o in occupations])

    def relation_levels(self, occupation: int) -> np.ndarray:
        """For the occupation at column ``occupation``: every occupation's relation
        level to it (an int8 array of indices into :data:`RELATION_LEVELS`)."""
        levels = np.zeros(len(self.ids), dtype=np.int8)
        levels[self.isco2 == self.isco2[occupation]] = ISCO2
        levels[self.isco3 == self.isco3[occupation]] = ISCO3
        levels[self.isco4 == self.isco4[occupation]] = ISCO4
        levels[self.esco_family == self.esco_family[occupation]] = ESCO_FAMILY
        levels[occupation] = SAME
        return levels

    def relation_level(self, first: int, second: int) -> int:
        """The relation level between two occupations (by column number)."""
        if first == second:
            return SAME
        if self.esco_family[first] == self.esco_family[second]:
            return ESCO_FAMILY
        for level, groups in ((ISCO4, self.isco4), (ISCO3, self.isco3), (ISCO2, self.isco2)):
            if groups[first] == groups[second]:
                return level
        return NONE


class SkillSpace(Vocabulary):
    """Skills (ESCO skills and skill groups) with their broader skills.

    ``broader`` gives, per skill, the ids of its broader skills (its parents); ids that
    are not in the space are ignored, so a partial hierarchy is fine. A candidate meets
    a required skill fully with that skill or a narrower one (a descendant), and partly
    with a broader one or a sibling (see :meth:`credit_sets`).
    """

    def __init__(
        self,
        ids: Iterable[Hashable],
        broader: Sequence[Iterable[Hashable]] | None = None,
    ):
        super().__init__(ids)
        size = len(self.ids)
        self.parents: tuple[tuple[int, ...], ...]
        if broader is None:
            self.parents = tuple(() for _ in range(size))
        else:
            if len(broader) != size:
                raise ValueError("one list of broader skills per skill is needed")
            self.parents = tuple(
                tuple(sorted({self._index[p] for p in parents if p in self._index} - {i}))
                for i, parents in enumerate(broader)
            )
        children: list[list[int]] = [[] for _ in range(size)]
        for child, parents in enumerate(self.parents):
            for parent in parents:
                children[parent].append(child)
        self.children: tuple[tuple[int, ...], ...] = tuple(tuple(c) for c in children)
        self._credit_sets: dict[int, SkillCredit] = {}

    @classmethod
    def from_codes(cls, ids: Sequence[Hashable], codes: Sequence[str | None]) -> SkillSpace:
        """Skills whose hierarchy comes from their ESCO skill group codes
        (:func:`broader_from_codes`), as the database's ``skill`` rows give it."""
        by_code = {code: skill for skill, code in zip(ids, codes, strict=True) if code}
        broader = [[by_code[code] for code in parents] for parents in broader_from_codes(codes)]
        return cls(ids, broader)

    def credit_sets(self, skill: int) -> SkillCredit:
        """Which skills meet the skill at column ``skill`` fully and which partly.

        Fully: the skill itself and every narrower skill (descendants, any depth).
        Partly: its broader skills and its siblings (other children of its parents).
        """
        cached = self._credit_sets.get(skill)
        if cached is not None:
            return cached
        full, stack = {skill}, [skill]
        while stack:
            for child in self.children[stack.pop()]:
                if child not in full:
                    full.add(child)
                    stack.append(child)
        partial = set(self.parents[skill])
        for parent in self.parents[skill]:
            partial.update(self.children[parent])
        partial -= full
        credit = SkillCredit(
            full=np.array(sorted(full), dtype=np.int64),
            partial=np.array(sorted(partial), dtype=np.int64),
        )
        self._credit_sets[skill] = credit
        return credit


@dataclass(frozen=True)
class SkillCredit:
    """Skill columns that meet one required skill fully, and those that meet it partly."""

    full: np.ndarray
    partial: np.ndarray


def broader_from_codes(codes: Sequence[str | None]) -> list[list[str]]:
    """Broader skill codes from ESCO skill group codes: ``S1.5.0`` → ``S1.5`` → ``S1``
    → ``S``; ``T4.3`` → ``T4`` → ``T``. Codes without a parent (or None) get none.

    With database rows that have a ``code`` but no parent column, this gives the skill
    group hierarchy: map each code back to its skill's id before building the space.
    """
    known = {code for code in codes if code}
    broader: list[list[str]] = []
    for code in codes:
        parent = _parent_code(code) if code else None
        while parent is not None and parent not in known:
            parent = _parent_code(parent)
        broader.append([parent] if parent is not None else [])
    return broader


def _parent_code(code: str) -> str | None:
    if "." in code:
        return code.rsplit(".", 1)[0]
    if len(code) > 1 and code[0].isalpha():
        return code[0]
    return None


@dataclass(frozen=True)
class Spaces:
    """The vocabularies one pool and its opportunities share."""

    occupations: OccupationSpace
    skills: SkillSpace
    languages: Vocabulary
