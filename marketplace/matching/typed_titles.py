"""Titles typed as people type them, for the benchmark data (:mod:`benchdata`).

:func:`type_title` takes a real ESCO occupation and writes one of its labels the way an
employer or a coach might: a Dutch or English preferred or alternative label, then a
few of: a feminine form, a seniority word, a gender marker, contract words, no accents,
another case, one typing error.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from marketplace.matching.esco_data import EscoOccupation
from marketplace.matching.word_forms import feminine_forms
from marketplace.taxonomy.label_text import fold, normalise

SENIORITY = ("junior", "senior", "ervaren", "experienced")
GENDER_MARKERS = (" (m/v/x)", " m/v/x", " (m/v)", " (h/f)", " (M/V/X)", " (m/f/x)")
CONTRACT_WORDS = (" - voltijds", " (deeltijds)", " interim", " fulltime")
_KEYBOARD = {  # neighbours on a QWERTY/AZERTY keyboard, for substitution typos
    "a": "sqz", "b": "vn", "c": "xv", "d": "sf", "e": "rz", "f": "dg", "g": "fh", "h": "gj",
    "i": "uo", "j": "hk", "k": "jl", "l": "km", "m": "nl", "n": "bm", "o": "ip", "p": "ol",
    "q": "wa", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "cz",
    "y": "tu", "z": "xa",
}


def type_title(rng: np.random.Generator, occupation: EscoOccupation, *,
               for_opportunity: bool, typo_share: float = 0.2) -> str:
    """A title for ``occupation`` as an employer (``for_opportunity``) or a coach
    might type it: a label in Dutch or English, then a few of: a feminine form, a
    seniority word, a gender marker or contract words (employers), no accents, another
    case, one typing error. Feminine forms are made of Dutch labels only."""
    if for_opportunity:
        pick = rng.choice(4, p=(0.45, 0.25, 0.15, 0.15))
    else:
        pick = rng.choice(4, p=(0.35, 0.30, 0.15, 0.20))
    label = _pick_label(rng, occupation, int(pick))
    if not for_opportunity and pick < 2 and rng.random() < 0.2:  # Dutch labels only
        label = _feminine(rng, occupation, label)
    if rng.random() < 0.12:
        label = f"{SENIORITY[rng.integers(len(SENIORITY))]} {label}"
    if rng.random() < (0.5 if for_opportunity else 0.05):
        label += GENDER_MARKERS[rng.integers(len(GENDER_MARKERS))]
    if for_opportunity and rng.random() < 0.1:
        label += CONTRACT_WORDS[rng.integers(len(CONTRACT_WORDS))]
    if rng.random() < 0.3:
        label = fold(label)
    case = rng.random()
    if case < 0.4:
        label = label.lower()
    elif case < 0.5:
        label = label.upper()
    elif case < 0.7:
        label = label.title()
    if rng.random() < typo_share:
        label = _typo(rng, label)
    return label


def _pick_label(rng, occupation: EscoOccupation, pick: int) -> str:
    """0: Dutch preferred, 1: a Dutch alternative, 2: English preferred, 3: an English
    alternative (the preferred label when there is no alternative)."""
    if pick == 1 and occupation.alt_labels_nl:
        return occupation.alt_labels_nl[rng.integers(len(occupation.alt_labels_nl))]
    if pick == 3 and occupation.alt_labels_en:
        return occupation.alt_labels_en[rng.integers(len(occupation.alt_labels_en))]
    return occupation.label_en if pick >= 2 else occupation.label_nl


def _feminine(rng, occupation: EscoOccupation, label: str) -> str:
    """A feminine form of ``label``: one that ESCO lists when there is one, else the
    last word made feminine by rule (``kapper`` → ``kapster``)."""
    words = normalise(label).split()
    if not words:
        return label
    forms = feminine_forms(words[-1])
    listed = [alt for alt in occupation.alt_labels_nl
              if normalise(alt).split()[-1:] and normalise(alt).split()[-1] in forms]
    if listed and rng.random() < 0.7:
        return listed[rng.integers(len(listed))]
    if not forms:
        return label
    return " ".join([*words[:-1], forms[0]])


def _typo(rng, text: str) -> str:
    """One typing error in a word of 6 letters or more (not its first letter):
    a letter left out, typed twice, swapped with the next, or a neighbouring key."""
    spans = [(start, start + len(word)) for start, word in _words(text) if len(word) >= 6]
    if not spans:
        return text
    start, end = spans[rng.integers(len(spans))]
    position = int(rng.integers(start + 1, end - 1))
    letter = text[position]
    kind = rng.integers(4)
    if kind == 0:
        return text[:position] + text[position + 1:]
    if kind == 1:
        return text[:position] + letter + text[position:]
    if kind == 2:
        return text[:position] + text[position + 1] + letter + text[position + 2:]
    neighbours = _KEYBOARD.get(letter.lower(), "e")
    replacement = neighbours[rng.integers(len(neighbours))]
    return text[:position] + (replacement.upper() if letter.isupper() else replacement) + (
        text[position + 1:])


def _words(text: str) -> Iterator[tuple[int, str]]:
    start = None
    for position, character in enumerate(text + " "):
        if character.isalpha() and start is None:
            start = position
        elif not character.isalpha() and start is not None:
            yield start, text[start:position]
            start = None
