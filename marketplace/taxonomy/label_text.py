"""The comparable form of what people type and of the labels they look for: folded
(lower case, no accents), without gender markers ("(m/v/x)", "verkoper/ster") and
punctuation, and the matching key without seniority words. The label index
(``labelindex.py``) compares these forms; the matching engine's typed titles and the
opportunities' search fold text the same way.
"""

from __future__ import annotations

import re
import unicodedata

SENIORITY_WORDS = frozenset({"junior", "medior", "senior", "ervaren", "experienced", "trainee"})
"""Words dropped from the matching key: they qualify a job, they do not name one."""

_GENDER_LETTERS = "[mvfhwxd]"
_GENDER_MARKER = re.compile(
    rf"\(\s*{_GENDER_LETTERS}(?:\s*/\s*{_GENDER_LETTERS}){{1,3}}\s*\)"
    rf"|(?<![\w/]){_GENDER_LETTERS}(?:/{_GENDER_LETTERS}){{1,3}}(?![\w/])"
)
_FEMININE_ENDING = re.compile(r"(?<=\w)/(?:ster|sters|euse|euses|ice|e)(?!\w)")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_COMBINING_MARKS = {c: None for c in range(0x10000) if unicodedata.combining(chr(c))}


def fold(text: str) -> str:
    """Lower case without accents: ``'Élève Ü'`` → ``'eleve u'``."""
    return unicodedata.normalize("NFKD", text).translate(_COMBINING_MARKS).casefold()


def normalise(text: str) -> str:
    """The comparable form of a label or query: folded, no gender markers, words only.

    >>> normalise("Heftruckchauffeur (m/v/x)")
    'heftruckchauffeur'
    >>> normalise("Verkoper/ster - Kassière")
    'verkoper kassiere'
    """
    text = fold(text)
    text = _GENDER_MARKER.sub(" ", text)
    text = _FEMININE_ENDING.sub("", text)
    return " ".join(_NOT_WORD.sub(" ", text).split())


def core_key(normalised: str) -> str:
    """The matching key of a normalised text: seniority words dropped (unless that
    leaves nothing).

    >>> core_key("senior lasser")
    'lasser'
    >>> core_key("senior")
    'senior'
    """
    words = [w for w in normalised.split() if w not in SENIORITY_WORDS]
    return " ".join(words) if words else normalised
