"""Job titles as people type them → ESCO occupations.

"Heftruckchauffeur (m/v/x)", "junior kapster", "cleaning lady", "lasser" with a typo:
:class:`TitleResolver` finds the occupation through the Dutch and English labels
(preferred and alternative) with the forgiving search of
:class:`~marketplace.taxonomy.labelindex.LabelIndex`, which already ignores case,
accents, gender markers such as ``(m/v/x)`` and seniority words, and forgives typing
errors. On top of that the resolver

* drops words that describe the contract rather than the job (:data:`NOISE_WORDS`:
  ``voltijds``, ``interim``, ``vacature``...; :data:`NOISE_PHRASES`: ``met ervaring``)
  and seniority words with a typing error (``junoir``; unless a label uses the word:
  ``trainer`` is a job, not a mistyped ``trainee``);
* tries the masculine form of feminine job words (``word_forms.masculine_forms``:
  ``kassierster`` → ``kassier``, ``chauffeuse`` → ``chauffeur``, ``lerares`` →
  ``leraar``, ``poetsvrouw`` → ``poetsman``) when the title as typed matches less well;
  ESCO's Dutch labels list many feminine forms, but not all;
* looks up cheap things first: the exact key, then a masculine form's, then keys one
  typing error away (a letter left out, added, changed or swapped), and only then runs
  the full search (a few milliseconds), so that resolving 100,000 candidates' titles
  takes seconds, not minutes;
* settles ties between occupations that share a label: an occupation whose *preferred*
  label it is wins; otherwise the one closest, on average, to all the tied occupations
  (``tuinman`` is a label of two gardeners and a botanist: a gardener it is).

The confidence of a :class:`Resolution` says how well the title matched the label: 1.0
for an exact match, 0.9 one typing error away, and for the search's tiers prefix 0.85,
every word 0.75, contained 0.65, similar: the similarity; times 0.95 for a masculine
form. :meth:`TitleResolver.resolve` answers None below ``min_confidence``. ``tied`` says
how many occupations matched equally well (the resolver chose one of them).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from marketplace.matching.word_forms import masculine_forms
from marketplace.taxonomy.label_text import SENIORITY_WORDS, core_key, normalise
from marketplace.taxonomy.labelindex import TIERS, LabelIndex, Match
from marketplace.taxonomy.typos import OneEditIndex

NOISE_WORDS = frozenset({
    "vacature", "gezocht", "dringend", "urgent", "voltijds", "voltijd", "deeltijds",
    "deeltijd", "halftijds", "fulltime", "parttime", "interim", "uitzendarbeid", "flexi",
    "flexijob", "jobstudent", "studentenjob", "tijdelijk", "m", "v", "x", "f", "h",
})
"""Words about the contract, not the job; dropped unless nothing is left."""

NOISE_PHRASES = re.compile(
    r"\b(?:met|zonder|with|without) (?:ervaring|experience)\b|\b(?:full|part) time\b"
)
"""Phrases about the contract or the person (``met ervaring``, ``part time``)."""

TIER_CONFIDENCE = {"exact": 1.0, "prefix": 0.85, "word": 0.75, "contains": 0.65}
"""Confidence per match tier; the ``similar`` tier uses the similarity itself."""

VARIANT_FACTOR = 0.95
ONE_EDIT_CONFIDENCE = 0.9
ONE_EDIT_MIN_LENGTH = 5
"""Keys shorter than this are not matched one typing error away (too many neighbours)."""
TIE_MARGIN = 1e-6
DEFAULT_MIN_CONFIDENCE = 0.4
_SEARCH_LIMIT = 30
MIN_SIMILARITY = 0.35
"""The least similarity a typed title needs to a label (the index's own default)."""
@dataclass(frozen=True)
class Resolution:
    """The occupation a title stands for."""

    occupation_id: Hashable
    confidence: float
    """In (0, 1]: how sure the resolver is (module docstring)."""
    matched_label: str
    how: str
    """The match tier: ``exact``, ``prefix``, ``word``, ``contains`` or ``similar``."""
    tied: int = 1
    """How many occupations matched exactly as well (1: no doubt between occupations)."""


def occupation_label_entries(occupations: Iterable, id_attribute: str = "id"
                             ) -> list[tuple[Hashable, str, str, bool]]:
    """``(id, label, lang, preferred)`` for every label of every occupation (see
    :meth:`TitleResolver.from_occupations` for the attributes read)."""
    entries = []
    for occupation in occupations:
        occupation_id = getattr(occupation, id_attribute)
        for lang in ("nl", "en"):
            entries.append((occupation_id, getattr(occupation, f"label_{lang}"), lang, True))
            alternatives = getattr(occupation, f"alt_labels_{lang}") or ()
            if isinstance(alternatives, str):
                alternatives = alternatives.splitlines()
            entries += [(occupation_id, label, lang, False) for label in alternatives]
    return entries


def clean_title(title: str) -> str:
    """The normalised title without :data:`NOISE_PHRASES` and :data:`NOISE_WORDS`
    (unless nothing is left)."""
    text = normalise(title or "")
    words = [word for word in NOISE_PHRASES.sub(" ", text).split() if word not in NOISE_WORDS]
    return " ".join(words) if words else text


def _one_edit_neighbours(word: str) -> set[str]:
    """Every lower-case ASCII string one typing error away from ``word``."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    neighbours = {a + b[1:] for a, b in splits if b}
    neighbours |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    neighbours |= {a + c + b[1:] for a, b in splits if b for c in letters}
    neighbours |= {a + c + b for a, b in splits for c in letters}
    neighbours.discard(word)
    return neighbours


_MISTYPED_SENIORITY = frozenset(  # the resolver leaves out words its labels use (trainer)
    neighbour for word in SENIORITY_WORDS for neighbour in _one_edit_neighbours(word)
    if len(neighbour) >= ONE_EDIT_MIN_LENGTH
) - SENIORITY_WORDS


class TitleResolver:
    """Resolves typed job titles to occupation ids. Build it with :meth:`build`."""

    def __init__(self, index: LabelIndex, ids: Sequence[Hashable],
                 labels: Sequence[tuple[int, str, str, bool]], groups: Sequence[str | None]):
        self._index = index
        self._ids = tuple(ids)
        self._groups = tuple(groups)
        self._preferred = frozenset(
            (number, core_key(normalise(label))) for number, label, _lang, preferred in labels
            if preferred
        )
        exact: dict[str, list[tuple[int, str, str, bool, str]]] = {}
        keys: dict[str, None] = {}
        for number, label, lang, preferred in labels:
            text = normalise(label)
            key = core_key(text)
            keys[key] = None
            for form in dict.fromkeys((key, key.replace(" ", ""))):
                exact.setdefault(form, []).append((number, label.strip(), lang, preferred, text))
        self._exact = exact
        # Not the compact forms: half the memory.
        self._near = OneEditIndex(list(keys), ONE_EDIT_MIN_LENGTH)
        label_words = {word for key in exact for word in key.split()}
        self._mistyped_seniority = _MISTYPED_SENIORITY - label_words
        self._label_counts = Counter((number, lang) for number, _label, lang, _p in labels)
        self._cached = lru_cache(maxsize=65536)(self._resolve_clean)

    @classmethod
    def build(
        cls,
        entries: Iterable[Sequence],
        isco_codes: Mapping[Hashable, str] | None = None,
    ) -> TitleResolver:
        """From ``(occupation_id, label, lang, preferred)`` entries (the format of
        :meth:`LabelIndex.build`, any hashable ids) and optionally each occupation's
        ISCO code (for settling ties)."""
        numbers: dict[Hashable, int] = {}
        labels = []
        for entry in entries:
            occupation_id, label, lang = entry[0], entry[1], entry[2]
            is_preferred = bool(entry[3]) if len(entry) > 3 else True
            number = numbers.setdefault(occupation_id, len(numbers))
            if label and normalise(label):
                labels.append((number, label, lang, is_preferred))
        ids = list(numbers)
        groups = [isco_codes.get(i) if isco_codes else None for i in ids]
        return cls(LabelIndex.build(labels), ids, labels, groups)

    @classmethod
    def from_occupations(cls, occupations: Iterable, id_attribute: str = "id"
                         ) -> TitleResolver:
        """From objects with an id (``id_attribute``), ``isco_code``, ``label_nl``,
        ``label_en``, ``alt_labels_nl`` and ``alt_labels_en`` (alternative labels as
        one text, one per line, or as a sequence): database rows or
        :class:`~marketplace.matching.esco_data.EscoOccupation`."""
        occupations = list(occupations)
        return cls.build(
            occupation_label_entries(occupations, id_attribute),
            isco_codes={getattr(o, id_attribute): o.isco_code for o in occupations},
        )

    def resolve(self, title: str, min_confidence: float = DEFAULT_MIN_CONFIDENCE
                ) -> Resolution | None:
        """The occupation ``title`` most likely names, or None when nothing matches
        with at least ``min_confidence``."""
        text = clean_title(title)
        if self._mistyped_seniority.intersection(text.split()):
            kept = [w for w in text.split() if w not in self._mistyped_seniority]
            text = " ".join(kept) if kept else text
        resolution = self._cached(text)
        if resolution is None or resolution.confidence < min_confidence:
            return None
        return resolution

    def _resolve_clean(self, text: str) -> Resolution | None:
        """Cheap lookups first, in order of confidence: the title exactly (1.0), a
        masculine form exactly (0.95), the title one typing error away (0.9), a
        masculine form one typing error away (0.855); only then the full search, of
        the title and, unless that found a prefix or better, of its masculine forms."""
        if not text:
            return None
        exact = self._exact_matches(text)
        if exact:
            return self._resolution(1.0, exact)
        variants = self._variants(text)
        best = None
        for lookup, texts, factor in (
            (self._exact_matches, variants, VARIANT_FACTOR),
            (self._one_edit_matches, [text], ONE_EDIT_CONFIDENCE),
            (self._one_edit_matches, variants, ONE_EDIT_CONFIDENCE * VARIANT_FACTOR),
        ):
            found = next((matches for matches in map(lookup, texts) if matches), None)
            if found:
                best = (factor, found)
                break
        if best is None:
            best = self._best_matches(text, factor=1.0)
            if best is None or best[0] < TIER_CONFIDENCE["prefix"]:
                for variant in variants:
                    found = self._best_matches(variant, factor=VARIANT_FACTOR)
                    if found is not None and (best is None or found[0] > best[0] + TIE_MARGIN):
                        best = found
        return None if best is None else self._resolution(*best)

    def _resolution(self, confidence: float, matches: list[Match]) -> Resolution:
        chosen = self._settle_tie(matches)
        return Resolution(
            occupation_id=self._ids[chosen.entity_id],
            confidence=round(confidence, 4),
            matched_label=chosen.label,
            how=chosen.how,
            tied=len(matches) if matches[0].how in ("exact", "similar") else 1,
        )

    def _one_edit_matches(self, text: str) -> list[Match]:
        """Matches on labels whose key is one typing error away from the text's (as
        ``similar`` matches), one per occupation."""
        key = core_key(text)
        if len(key) < ONE_EDIT_MIN_LENGTH:
            return []
        matches, seen = [], set()
        for other in self._near.within_one_edit(key):
            for match in self._exact_matches(other):
                if match.entity_id not in seen:
                    seen.add(match.entity_id)
                    matches.append(replace(match, how="similar", score=ONE_EDIT_CONFIDENCE))
        return matches

    def _exact_matches(self, text: str) -> list[Match]:
        """One match per occupation with a label whose key equals the text's: those
        whose normalised label equals the text itself when there are any (``senior
        accountant`` and ``accountant`` share a key)."""
        key = core_key(text)
        entries = self._exact.get(key) or self._exact.get(key.replace(" ", "")) or []
        same_text = [entry for entry in entries if entry[4] == text]
        matches: dict[int, Match] = {}
        for number, label, lang, _preferred, _text in sorted(same_text or entries,
                                                             key=lambda e: not e[3]):
            if number not in matches:
                matches[number] = Match(number, label, lang, 5.0, "exact")
        return list(matches.values())

    def _variants(self, text: str) -> list[str]:
        words = text.split()
        variants = []
        for position, word in enumerate(words):
            for form in masculine_forms(word):
                variants.append(" ".join([*words[:position], form, *words[position + 1:]]))
        return variants

    def _best_matches(self, text: str, factor: float) -> tuple[float, list[Match]] | None:
        """The confidence of the best match for ``text`` and the matches it was chosen
        from: those tied with it (exact and similar tiers) or every match of its tier
        (prefix, word, contains), for :meth:`_settle_tie`."""
        key = core_key(text)
        found = self._index.search(text, limit=_SEARCH_LIMIT)
        matches = [m for m in (_demote_inside_word(m, key) for m in found) if m is not None]
        matches.sort(key=lambda m: -m.score)  # stable: the index's order breaks ties
        if not matches or matches[0].how == "similar":
            known = {m.entity_id for m in matches}
            matches += [m for m in self._index.similar(text, limit=_SEARCH_LIMIT)
                        if m.entity_id not in known]
        if not matches:
            return None
        matches.sort(key=lambda m: -m.score)  # stable: the index's order breaks ties
        best = matches[0]
        if best.how in ("exact", "similar"):
            chosen = [m for m in matches if m.score >= best.score - TIE_MARGIN]
        else:
            chosen = [m for m in matches if m.how == best.how]
        return _confidence(best) * factor, chosen

    def _settle_tie(self, matches: list[Match]) -> Match:
        """One match of several: the one on a preferred label if there is exactly one;
        else the one closest on average to all of them (:meth:`_expected_closeness`)."""
        if len(matches) == 1:
            return matches[0]
        on_preferred = [
            m for m in matches if (m.entity_id, core_key(normalise(m.label))) in self._preferred
        ]
        if len(on_preferred) == 1:
            return on_preferred[0]
        pool = on_preferred or matches
        if any(self._groups[m.entity_id] is None for m in matches):
            return pool[0]
        return max(pool, key=lambda m: self._expected_closeness(m, matches))  # first on ties

    def _expected_closeness(self, chosen: Match, matches: list[Match]) -> float:
        """How close ``chosen`` is to the occupation the title meant, on average over
        the tied ``matches``: closeness 3 for the same occupation, 2 for the same ISCO
        unit group, 1 for the same minor group, each weighted by how specific the
        matched label is to that occupation (1 / its number of labels in that
        language: a label is likelier meant for an occupation with few labels)."""
        group = self._groups[chosen.entity_id]
        total = 0.0
        for match in matches:
            other = self._groups[match.entity_id]
            if match.entity_id == chosen.entity_id:
                closeness = 3
            elif other == group:
                closeness = 2
            elif other[:3] == group[:3]:
                closeness = 1
            else:
                continue
            total += closeness / self._label_counts[(match.entity_id, match.lang)]
        return total


def _demote_inside_word(match: Match, key: str) -> Match | None:
    """A ``contains`` match counts only where the title ends a word of the label (the
    head of a Dutch compound: ``chauffeur`` in ``vrachtwagenchauffeur``); elsewhere
    (``lassr`` in ``classroom``) it falls back to its similarity, if that is enough."""
    if match.how != "contains":
        return match
    words = core_key(normalise(match.label)).split()
    if any(word.endswith(key) for word in words) or key.endswith(tuple(words)):
        return match
    similarity = match.score - TIERS.index("contains")
    if similarity < MIN_SIMILARITY:
        return None
    return replace(match, score=similarity, how="similar")


def _confidence(match: Match) -> float:
    if match.how == "similar":
        return float(match.score)
    return TIER_CONFIDENCE[match.how]
