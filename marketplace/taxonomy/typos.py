"""Words one typing error apart: a letter left out, added or changed, or two
neighbours swapped. The label search (``labelindex``) reads a typed word as a label's
word one error away, and the title resolver (``matching/titles``) a typed job title as
a known one. Pure Python and numpy.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class OneEditIndex:
    """Finds keys one typing error away from a key (a letter left out, added, changed,
    or two neighbours swapped): both sides' one-letter deletions are compared, through
    64-bit hashes in sorted numpy arrays rather than a dict of strings (a tenth of the
    memory). Keys shorter than ``min_length`` are never found (nor looked for by the
    callers, which check the length of what they look up)."""

    def __init__(self, keys: Sequence[str], min_length: int):
        self._keys = [key for key in keys if len(key) >= min_length - 1]
        hashes, owners = [], []
        for number, key in enumerate(self._keys):
            for variant in _deletions(key, with_itself=True):
                hashes.append(hash(variant))
                owners.append(number)
        order = np.argsort(np.array(hashes, dtype=np.int64), kind="stable")
        self._hashes = np.array(hashes, dtype=np.int64)[order]
        self._owners = np.array(owners, dtype=np.int32)[order]

    def within_one_edit(self, key: str) -> list[str]:
        """Known keys (other than ``key``) one typing error away from it."""
        wanted = np.array([hash(v) for v in _deletions(key, with_itself=True)], dtype=np.int64)
        low = np.searchsorted(self._hashes, wanted, side="left")
        high = np.searchsorted(self._hashes, wanted, side="right")
        numbers = {int(n) for a, b in zip(low, high, strict=True) for n in self._owners[a:b]}
        found = (self._keys[n] for n in sorted(numbers))
        return [other for other in found if other != key and _one_edit_apart(key, other)]


def _deletions(key: str, with_itself: bool) -> set[str]:
    variants = {key[:i] + key[i + 1:] for i in range(len(key))}
    if with_itself:
        variants.add(key)
    return variants


def _one_edit_apart(a: str, b: str) -> bool:
    """True when one letter left out, added, changed, or one swap of neighbours turns
    ``a`` into ``b`` (hash collisions and double deletions are ruled out here)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) != len(b):
        shorter, longer = (a, b) if len(a) < len(b) else (b, a)
        return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))
    differ = [i for i in range(len(a)) if a[i] != b[i]]
    if len(differ) == 1:
        return True
    return (len(differ) == 2 and differ[1] == differ[0] + 1
            and a[differ[0]] == b[differ[1]] and a[differ[1]] == b[differ[0]])
