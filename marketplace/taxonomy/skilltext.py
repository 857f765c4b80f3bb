"""Split ESCO's free-text skill dump into labels and a description.

``skills_en_text.csv`` (all 13,939 ESCO skills) gives each skill one text that runs
its preferred label, its alternative labels and its description together with no
separator::

    manage musical staff manage staff of music ... direct musical staff Assign and ...

Pure Python, no Flask, no database; ``scripts/derive_esco_skills.py`` runs it and
writes ``marketplace/taxonomy/data/skills_en.csv.gz``.

How the text is split, with statistics of the whole dump (no word list by hand):

* **Description**: it starts at the first capitalised word (``Assign``) that the dump
  also uses in lower case at least :data:`COMMON_WORD_MIN` times. Labels hold capitals
  too, but those are names (``Java``, ``Microsoft``) or acronyms (``ICT``), which are
  not written in lower case elsewhere.
* **Labels**: every text's first word starts a label and every label region's last word
  ends one. From that, each word gets a *start* rate (how often it begins a text,
  relative to how often it occurs in label regions) and an *end* rate. A new label
  begins between two words when start rate (next) x end rate (previous) exceeds
  :data:`BOUNDARY_MIN`, the previous word is no function word (``of``, ``to``...) and it
  ends labels at least :data:`END_OVER_START` times as often as it starts them.
  A label is also cut where its own first word comes back.
  A weak boundary (below :data:`STRONG_BOUNDARY`) is refused when the same two words
  follow each other again in the text: alternative labels repeat the words of a label
  (``use hand tools utilise hand tools``), not the chance meeting of two labels.

Measured against the ~450 skills whose labels ESCO publishes properly (the
transversal, language and ICT collections): the preferred label is right for about 85%
of the skills the dump holds (see ``tests/taxonomy/test_skilltext.py``). Alternative
labels are a best effort; a wrong split only adds a search key, never a wrong name
on those skills, since the loader lets the collections' own labels win.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

COMMON_WORD_MIN = 3
"""A capitalised word starts the description when its lower case form is this common."""

BOUNDARY_MIN = 0.0005
"""Start rate x end rate above which two words belong to different labels."""

STRONG_BOUNDARY = 0.001
"""Start rate x end rate above which a boundary holds even when the word pair repeats."""

LONG_LABEL_WORDS = 8
"""A label of more words than this is checked for two labels sharing one object."""

END_OVER_START = 0.3
"""The word before a boundary must end labels at least this much as often as it starts them."""

FUNCTION_WORDS = frozenset(
    {"of", "to", "and", "or", "the", "a", "an", "for", "with", "in", "on", "at", "by",
     "from", "as", "into", "&"}
)
"""Words that never end a label."""

_PUNCTUATION = ".,;:()\"'"


@dataclass(frozen=True)
class DerivedSkill:
    """One skill's labels and description, as far as the text gives them."""

    uri: str
    label: str
    alt_labels: tuple[str, ...]
    description: str


class SkillTextSplitter:
    """Learns word statistics from every text once, then splits any one of them."""

    def __init__(self, texts: Iterable[str]):
        texts = [text.split() for text in texts]
        self._lower = Counter(
            word.strip(_PUNCTUATION) for words in texts for word in words if word[:1].islower()
        )
        regions = [self._label_words(words) for words in texts]
        regions = [region for region in regions if region]
        self._first = Counter(region[0] for region in regions)
        self._last = Counter(region[-1] for region in regions)
        self._count = Counter(word for region in regions for word in region)

    def split(self, uri: str, text: str) -> DerivedSkill:
        """The preferred label, alternative labels and description of one text."""
        words = text.split()
        region = self._label_words(words)
        description = " ".join(words[len(region):])
        labels = self._labels(region) if region else [text.strip()]
        alternatives = tuple(dict.fromkeys(label for label in labels[1:] if label != labels[0]))
        return DerivedSkill(uri, labels[0], alternatives, description)

    def _label_words(self, words: list[str]) -> list[str]:
        """The words before the description."""
        for i, word in enumerate(words[1:], start=1):
            if (len(word) > 1 and word[0].isupper() and word[1].islower()
                    and self._lower[word.lower().strip(_PUNCTUATION)] >= COMMON_WORD_MIN):
                return words[:i]
        return words

    def _start_rate(self, word: str) -> float:
        return (self._first[word] + 0.5) / (self._count[word] + 1)

    def _end_rate(self, word: str) -> float:
        return (self._last[word] + 0.5) / (self._count[word] + 1)

    def _labels(self, region: list[str]) -> list[str]:
        labels = [[region[0]]]
        pairs = Counter(pairwise(region))
        for previous, word in pairwise(region):
            strength = self._start_rate(word) * self._end_rate(previous)
            if (previous not in FUNCTION_WORDS
                    and strength > BOUNDARY_MIN
                    and (strength > STRONG_BOUNDARY or pairs[previous, word] < 2)
                    and self._end_rate(previous) >= END_OVER_START * self._start_rate(previous)):
                labels.append([word])
            else:
                labels[-1].append(word)
        return [" ".join(part) for label in labels for part in split_on_repeated_start(label)]


def split_on_repeated_start(words: list[str]) -> list[list[str]]:
    """Cut a label where its first word comes back after a content word: alternative
    labels often repeat the verb (``position vehicles for repair position a vehicle``).
    A long label is also cut before another verb that the same object follows
    (``order supplies for repair buy supplies for repair``)."""
    cut = next((i for i in range(1, len(words))
                if words[i] == words[0] and words[i - 1] not in FUNCTION_WORDS), None)
    if cut is None and len(words) > LONG_LABEL_WORDS:
        cut = _repeated_object(words)
    if cut is None:
        return [words]
    return [*split_on_repeated_start(words[:cut]), *split_on_repeated_start(words[cut:])]


def _repeated_object(words: list[str]) -> int | None:
    """Where the next label starts when ``words[1:end]`` (2 words or more) comes back
    after one other word, longest phrase first; None when it does not."""
    for end in range(len(words) // 2 + 1, 2, -1):
        phrase = words[1:end]
        for start in range(end + 1, len(words) - len(phrase) + 1):
            if words[start:start + len(phrase)] == phrase:
                return start - 1
    return None


def derive_skills(rows: Iterable[tuple[str, str]]) -> list[DerivedSkill]:
    """Every ``(uri, text)`` row split into labels and description, in input order."""
    rows = list(rows)
    splitter = SkillTextSplitter(text for _uri, text in rows)
    return [splitter.split(uri, text) for uri, text in rows]
