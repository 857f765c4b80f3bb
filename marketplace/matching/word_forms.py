"""Dutch job words in their masculine and feminine forms (pure): people type
"schoonmaakster" where ESCO says "schoonmaker", and the benchmark generator types
titles as they do. The title resolver (``titles.py``) tries the masculine forms of a
feminine word it cannot find.
"""

from __future__ import annotations

_VOWELS = "aeiou"

_FEMININE_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("vrouw", ("man",)),
    ("woman", ("man",)),
    ("ierster", ("ier", "iere")),
    ("ster", ("er", "ker", "")),
    ("euse", ("eur",)),
    ("trice", ("teur", "tor")),
    ("iere", ("ier",)),
    ("ares", ("aar",)),
    ("eres", ("er",)),
    ("esse", ("",)),
    ("iste", ("ist",)),
    ("ante", ("ant",)),
    ("ente", ("ent",)),
    ("ress", ("er", "or")),
    ("ess", ("",)),
    ("in", ("",)),
)
"""Feminine word endings and the masculine endings to try instead."""


def masculine_forms(word: str) -> list[str]:
    """Masculine forms to try for a (normalised) feminine job word, most likely first.

    >>> masculine_forms("schoonmaakster")[:2]
    ['schoonmaker', 'schoonmaaker']
    >>> masculine_forms("chauffeuse")
    ['chauffeur']
    """
    forms: list[str] = []
    for ending, replacements in _FEMININE_RULES:
        if not word.endswith(ending) or len(word) - len(ending) < 2:
            continue
        stem = word[: -len(ending)]
        for replacement in replacements:
            if ending == "ster" and replacement == "er":
                forms += [_shorten_long_vowel(stem) + "er", _double_final_consonant(stem) + "er"]
            forms.append(stem + replacement)
        break
    return [form for form in dict.fromkeys(forms) if form != word and len(form) > 2]


def _shorten_long_vowel(stem: str) -> str:
    """``schoonmaak`` → ``schoonmak``: a long vowel is written single before ``-er``."""
    if len(stem) >= 3 and stem[-1] not in _VOWELS and stem[-2] == stem[-3] in _VOWELS:
        return stem[:-2] + stem[-1]
    return stem


def _double_final_consonant(stem: str) -> str:
    """``kap`` → ``kapp``: a short vowel keeps its sound by doubling the consonant."""
    if len(stem) >= 2 and stem[-1] not in _VOWELS and stem[-2] in _VOWELS and (
        len(stem) < 3 or stem[-3] not in _VOWELS
    ):
        return stem + stem[-1]
    return stem


def feminine_forms(word: str) -> list[str]:
    """Feminine forms of a (normalised) masculine job word, most likely first; the
    benchmark generator uses them to type titles as people do.

    >>> feminine_forms("kapper")[0], feminine_forms("schoonmaker")[0]
    ('kapster', 'schoonmaakster')
    """
    if word.endswith("man") and len(word) > 4:
        return [word[:-3] + "vrouw"]
    if word.endswith("eur"):
        return [word[:-3] + "euse"]
    if word.endswith("ier"):
        return [word + "ster", word[:-3] + "iere"]
    if word.endswith(("ist", "ant", "ent")):
        return [word + "e"]
    if word.endswith("aar"):
        return [word[:-3] + "ares"]
    if word.endswith("er") and len(word) > 4:
        stem = word[:-2]
        if stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
            return [stem[:-1] + "ster"]  # kapper → kapster
        if stem[-1] not in _VOWELS and stem[-2] in _VOWELS and stem[-3] not in _VOWELS:
            return [stem[:-1] + stem[-2] + stem[-1] + "ster"]  # maker → maakster
        return [stem + "ster"]
    return []
