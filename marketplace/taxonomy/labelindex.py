"""Find things by the words people type: a forgiving index of labels.

Pure Python, numpy, scipy and scikit-learn: no Flask, no database. ``queries.py`` builds
one index for occupations and one for skills from the database; the same class can
resolve a typed job title to an ESCO occupation.

An index holds *labels* (preferred and alternative, in any language), each pointing to
an *entity id*. A search compares the query with every label and answers one result per
entity (its best label), best first.

Normalisation (query and labels alike, see :func:`normalise`):

* lower case, accents removed (``é`` → ``e``), punctuation becomes a space;
* gender markers dropped: ``(m/v/x)``, ``(m/v)``, ``(h/f)``, ``m/v/x``, ``(m/f/d)``...,
  and feminine endings written after a slash: ``verkoper/ster``, ``chauffeur/euse``;
* for the *key* that exact and prefix matching use (see :func:`core_key`), seniority
  words are dropped as well: ``junior``, ``medior``, ``senior``, ``ervaren``,
  ``experienced``, ``trainee``. They say how long someone has done the job, not which
  job it is. Words that change the job itself are kept: ``hoofd``/``head`` (a head nurse
  is another occupation), ``stagiair``/``intern``, ``assistent``/``assistant``.

Ranking, from strong to weak (the *tier*; the score is the tier plus the similarity):

5. ``exact``: the keys are equal, or equal once spaces are removed
   (``heftruck chauffeur`` = ``heftruckchauffeur``);
4. ``prefix``: the label's key starts with the query's key;
3. ``word``: every word of the query starts a word of the label (``driver`` finds
   ``forklift driver``);
2. ``typo`` (only in a *focused* search, below): every word of the query starts a word
   of the label or is one typing error away from a whole word of it, and at least one
   is the latter;
1. ``contains``: the query (3 characters or more) occurs inside the label, which finds
   Dutch compounds (``chauffeur`` in ``vrachtwagenchauffeur``);
0. ``similar``: cosine similarity of character 2- to 4-gram TF-IDF vectors
   (``char_wb``), which forgives typing errors (``heftruckchaufeur``); only labels with a
   similarity of at least ``min_similarity`` are kept.

Within a tier the similarity decides, so a shorter, closer label wins. Ties go to a
label in the preferred language, then to preferred (not alternative) labels.

A *focused* search (``focused=True``: the search boxes and pickers people type in)
answers what contains the typed words before what merely looks like them. The rule:

* tiers 1 to 5 are *good* matches: the label contains the typed text, starts with it,
  has words that start with the typed words, or has a whole word one typing error away
  (a letter left out, added, changed, or two neighbours swapped) from a typed word;
* a typed word counts as mistyped only when it has :data:`TYPO_MIN_LENGTH` letters or
  more and no label has a word that starts or ends with it: a word the labels use is
  taken as meant (``lassen`` ends ``booglassen``, so it is not read as ``lossen``), and
  a short word has too many neighbours one letter away;
* when the search has a good match, ``similar`` matches (labels that share some letter
  groups with the query and nothing more: ``hunting truck`` for ``heftruck``) are left
  out; when it has none, they are the answer, so a query with more than one typing
  error or an unknown compound still finds the nearest labels;
* a ``typo`` match ranks above ``contains``: a word typed wrong is never found at the
  start or end of a label's word, so any label that contains it holds it by chance
  inside another word (``lassr`` in ``classroom``, where ``lasser`` was meant).

With ``preferred_first`` (skills: their alternative labels are many and, for most
skills, derived by a heuristic) the order is by *group* first: a preferred label that
matches exactly, by prefix or by word; then such a match on an alternative label; then
``typo``; then ``contains``; then ``similar``. An index built with
``fuzzy_alternatives=False`` compares only preferred labels by n-gram similarity (an
alternative label never matches as ``similar``, even when a preferred label elsewhere
has the same text), which keeps building and searching fast with many alternative
labels (13,939 skills have about 90,000).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from marketplace.taxonomy.label_text import core_key, normalise
from marketplace.taxonomy.typos import OneEditIndex

TIERS = ("similar", "contains", "typo", "word", "prefix", "exact")
"""Names of the match tiers, weakest first; a tier's index is its score bonus."""

TYPO_MIN_LENGTH = 5
"""A typed word shorter than this is never matched one typing error away (a focused
search): ``kas`` is one letter from ``kat``, ``kar`` and ``bas``."""

_LANG_BONUS = 0.001
_GROUP_WEIGHT = 10.0  # above any tier + similarity, so a group always outranks the next
_CONTAINS_MIN_LENGTH = 3
_HIGHEST = "\uffff"


@dataclass(frozen=True)
class Match:
    """One search result: the entity, the label that matched best, and how well."""

    entity_id: int
    label: str
    lang: str
    score: float
    how: str
    """The tier that matched: ``exact``, ``prefix``, ``word``, ``typo``, ``contains``,
    ``similar``."""
    preferred: bool = True
    """Whether the label that matched is the entity's preferred label."""


class LabelIndex:
    """Labels → entity ids, searchable by exact key, prefix, word prefix, substring and
    character n-gram similarity. Build it with :meth:`build`; it is read-only after."""

    def __init__(self, entity_ids, labels, langs, preferred, keys, text_ids, vectorizer, matrix):
        self._entity_ids: np.ndarray = entity_ids
        self._labels: list[str] = labels
        self._langs: list[str] = langs
        self._alternative: np.ndarray = ~preferred
        self._keys: list[str] = keys
        self._text_ids: np.ndarray = text_ids
        self._vectorizer: TfidfVectorizer | None = vectorizer
        self._matrix_t: sparse.csr_matrix | None = matrix  # n-grams x distinct texts
        self._lang_codes = {lang: np.array([x == lang for x in langs]) for lang in set(langs)}
        self._last_similarity: tuple[str, np.ndarray] | None = None
        if vectorizer is not None:
            self._analyse = vectorizer.build_analyzer()
            self._idf = vectorizer.idf_.astype(np.float64)
        self._build_lookups()

    # -- building --------------------------------------------------------------------

    @classmethod
    def build(cls, entries: Iterable[Sequence], fuzzy_alternatives: bool = True) -> LabelIndex:
        """Index ``(entity_id, label, lang)`` or ``(entity_id, label, lang, preferred)``
        entries. ``preferred`` (default True) says the label is an entity's main name
        rather than an alternative; it breaks ties (and orders groups with
        ``preferred_first``). Empty labels are skipped. ``fuzzy_alternatives=False``
        leaves alternative labels out of the n-gram similarity."""
        rows = []
        for entry in entries:
            entity_id, label, lang = entry[0], entry[1], entry[2]
            preferred = bool(entry[3]) if len(entry) > 3 else True
            text = normalise(label or "")
            if text:
                rows.append((int(entity_id), label.strip(), lang, preferred, text))
        texts = sorted({row[4] for row in rows if fuzzy_alternatives or row[3]})
        text_number = {text: i for i, text in enumerate(texts)}
        vectorizer, matrix = _fit_vectors(texts)
        return cls(
            entity_ids=np.array([r[0] for r in rows], dtype=np.int64),
            labels=[r[1] for r in rows],
            langs=[r[2] for r in rows],
            preferred=np.array([r[3] for r in rows], dtype=bool),
            keys=[core_key(r[4]) for r in rows],
            # An alternative label left out of the vectors gets none, even when a
            # preferred label has the same text.
            text_ids=np.array([text_number.get(r[4], -1) if fuzzy_alternatives or r[3] else -1
                               for r in rows], dtype=np.int64),
            vectorizer=vectorizer,
            matrix=matrix,
        )

    def _build_lookups(self) -> None:
        exact: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(self._keys):
            exact[key].append(i)
            compact = key.replace(" ", "")
            if compact != key:
                exact[compact].append(i)
        self._exact = dict(exact)  # lists index numpy arrays as well as arrays would
        order = sorted(range(len(self._keys)), key=self._keys.__getitem__)
        self._sorted_keys = [self._keys[i] for i in order]
        self._sorted_entries = np.array(order, dtype=np.int64)
        words, owners = [], []
        for i, key in enumerate(self._keys):
            for word in key.split():
                words.append(word)
                owners.append(i)
        by_word = sorted(range(len(words)), key=words.__getitem__)  # stable: owners ascend
        self._sorted_words = [words[i] for i in by_word]
        self._word_entries = np.array(owners, dtype=np.int64)[by_word]
        self._typo_lookups: tuple[list[str], OneEditIndex] | None = None
        self._joined = "\n".join(self._keys)
        starts = np.cumsum([0] + [len(k) + 1 for k in self._keys[:-1]])
        self._key_starts = np.asarray(starts, dtype=np.int64)

    def __len__(self) -> int:
        return len(self._labels)

    @property
    def entity_count(self) -> int:
        return len(np.unique(self._entity_ids))

    # -- searching -------------------------------------------------------------------

    def search(
        self,
        query: str,
        limit: int = 10,
        lang: str | None = None,
        min_similarity: float = 0.35,
        preferred_first: bool = False,
        focused: bool = False,
    ) -> list[Match]:
        """The best ``limit`` entities for ``query``, one :class:`Match` each, best first.

        ``lang`` prefers labels in that language when scores tie. ``preferred_first``
        ranks by group first; ``focused`` adds the ``typo`` tier and leaves out
        ``similar`` matches when there are better ones (see the module docstring). An
        empty query (after normalisation) finds nothing.
        """
        text = normalise(query or "")
        if not text or not self._labels or limit <= 0:
            return []
        key = core_key(text)
        similarity = self._similarity(text)
        tiers = self._tiers(key, focused)
        good = tiers > 0
        candidates = np.flatnonzero(good if focused and good.any()
                                    else good | (similarity >= min_similarity))
        if candidates.size == 0:
            return []
        scores = tiers[candidates] + similarity[candidates]
        if preferred_first:
            strong = tiers[candidates] >= TIERS.index("word")
            groups = np.where(strong, np.where(self._alternative[candidates], 3, 4),
                              np.minimum(tiers[candidates], TIERS.index("typo")))
            scores = scores + _GROUP_WEIGHT * groups
        if lang in self._lang_codes:
            scores = scores + _LANG_BONUS * self._lang_codes[lang][candidates]
        return self._best_per_entity(candidates, scores, tiers, limit)

    def similar(self, query: str, limit: int = 10, min_similarity: float = 0.35) -> list[Match]:
        """The best ``limit`` entities by character n-gram similarity alone (every
        :class:`Match` has ``how == "similar"``), for callers that distrust the tiers:
        a mistyped query can be a substring of an unrelated label."""
        text = normalise(query or "")
        if not text or not self._labels or limit <= 0:
            return []
        similarity = self._similarity(text)
        candidates = np.flatnonzero(similarity >= min_similarity)
        tiers = np.zeros(len(self._labels), dtype=np.float64)
        return self._best_per_entity(candidates, similarity[candidates], tiers, limit)

    def _similarity(self, text: str) -> np.ndarray:
        """Cosine similarity of ``text`` with every label (labels are L2-normalised).

        Only the rows of the text's own n-grams are read. The last answer is kept, so
        :meth:`search` followed by :meth:`similar` for one text computes it once; callers
        must not change the array."""
        last = self._last_similarity
        if last is not None and last[0] == text:
            return last[1]
        if self._vectorizer is None:
            return np.zeros(len(self._labels), dtype=np.float64)
        columns, weights = self._query_vector(text)
        if columns.size == 0:
            similarity = np.zeros(len(self._labels), dtype=np.float64)
        else:
            per_text = np.append(self._matrix_t[columns].T @ weights, 0.0)  # [-1]: no vector
            similarity = per_text[self._text_ids].astype(np.float64)
        self._last_similarity = (text, similarity)
        return similarity

    def _query_vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The TF-IDF vector of ``text`` as the fitted vectorizer makes it (n-grams,
        sublinear term frequency, IDF, L2 norm), without its per-call overhead: its
        non-zero columns and their weights."""
        counts: dict[int, int] = defaultdict(int)
        vocabulary = self._vectorizer.vocabulary_
        for gram in self._analyse(text):
            column = vocabulary.get(gram)
            if column is not None:
                counts[column] += 1
        columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
        weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64,
                                            count=len(counts)))) * self._idf[columns]
        norm = np.sqrt(weights @ weights)
        return columns, (weights / norm if norm > 0 else weights)

    def _tiers(self, key: str, focused: bool = False) -> np.ndarray:
        tiers = np.zeros(len(self._labels), dtype=np.float64)
        if len(key) >= _CONTAINS_MIN_LENGTH:
            tiers[self._containing(key)] = TIERS.index("contains")
        if focused:
            tiers[self._word_typos(key)] = TIERS.index("typo")
        tiers[self._word_prefixed(key)] = TIERS.index("word")
        tiers[self._prefixed(key)] = TIERS.index("prefix")
        for exact_key in {key, key.replace(" ", "")}:
            tiers[self._exact.get(exact_key, [])] = TIERS.index("exact")
        return tiers

    def _prefixed(self, key: str) -> np.ndarray:
        low = bisect.bisect_left(self._sorted_keys, key)
        high = bisect.bisect_left(self._sorted_keys, key + _HIGHEST, lo=low)
        return self._sorted_entries[low:high]

    def _word_prefixed(self, key: str) -> np.ndarray:
        found = None
        for word in set(key.split()):
            entries = self._starting(word)
            found = entries if found is None else np.intersect1d(found, entries)
            if found.size == 0:
                break
        return found if found is not None else np.empty(0, dtype=np.int64)

    def _word_typos(self, key: str) -> np.ndarray:
        """Entries where every word of ``key`` starts a word or is one typing error
        from a whole word, at least one of them the latter (the ``typo`` tier)."""
        words = set(key.split())
        near = {word: self._typo_words()[1].within_one_edit(word)
                for word in words if self._may_be_mistyped(word)}
        if not any(near.values()):
            return np.empty(0, dtype=np.int64)  # the common case, at the cost of a lookup
        found = None
        for word in words:
            if near.get(word):
                entries = np.unique(np.concatenate([self._with_word(o) for o in near[word]]))
            else:
                entries = self._starting(word)
            found = entries if found is None else np.intersect1d(found, entries)
            if found.size == 0:
                break
        return found

    def _may_be_mistyped(self, word: str) -> bool:
        """Whether ``word`` is long enough and no label word starts or ends with it."""
        if len(word) < TYPO_MIN_LENGTH:
            return False
        return not (_starts_one(self._sorted_words, word)
                    or _starts_one(self._typo_words()[0], word[::-1]))

    def _typo_words(self) -> tuple[list[str], OneEditIndex]:
        """The distinct label words written backwards (sorted), and an
        :class:`OneEditIndex` of them: built on the first focused search that needs
        them, so an index that is never searched that way (skill descriptions, the
        title resolver's) does not pay for them. Two threads may both build them; the
        last one is kept."""
        if self._typo_lookups is None:
            distinct = list(dict.fromkeys(self._sorted_words))  # sorted already
            self._typo_lookups = (sorted(word[::-1] for word in distinct),
                                  OneEditIndex(distinct, TYPO_MIN_LENGTH))
        return self._typo_lookups

    def _starting(self, word: str) -> np.ndarray:
        """Entries with a word that starts with ``word``, each once, ascending."""
        low = bisect.bisect_left(self._sorted_words, word)
        high = bisect.bisect_left(self._sorted_words, word + _HIGHEST, lo=low)
        return np.unique(self._word_entries[low:high])

    def _with_word(self, word: str) -> np.ndarray:
        """Entries with ``word`` as a whole word."""
        low = bisect.bisect_left(self._sorted_words, word)
        high = bisect.bisect_right(self._sorted_words, word, lo=low)
        return self._word_entries[low:high]

    def _containing(self, key: str) -> np.ndarray:
        positions, found = [], self._joined.find(key)
        while found >= 0:
            positions.append(found)
            found = self._joined.find(key, found + 1)
        if not positions:
            return np.empty(0, dtype=np.int64)
        return np.unique(np.searchsorted(self._key_starts, positions, side="right") - 1)

    def _best_per_entity(self, candidates, scores, tiers, limit) -> list[Match]:
        # Sort by score (high first), then preferred labels first, then index order.
        order = np.lexsort((candidates, self._alternative[candidates], -scores))
        ranked = candidates[order]
        _, first = np.unique(self._entity_ids[ranked], return_index=True)
        best = np.sort(first)[:limit]
        return [self._match(int(ranked[i]), float(scores[order[i]]), tiers) for i in best]

    def _match(self, entry: int, score: float, tiers: np.ndarray) -> Match:
        return Match(
            entity_id=int(self._entity_ids[entry]),
            label=self._labels[entry],
            lang=self._langs[entry],
            score=round(score, 4),
            how=TIERS[int(tiers[entry])],
            preferred=not bool(self._alternative[entry]),
        )


def _starts_one(sorted_words: list[str], prefix: str) -> bool:
    """Whether a word of the sorted list starts with ``prefix``."""
    position = bisect.bisect_left(sorted_words, prefix)
    return position < len(sorted_words) and sorted_words[position].startswith(prefix)


def _fit_vectors(texts: list[str]) -> tuple[TfidfVectorizer | None, sparse.csr_matrix | None]:
    """Character 2- to 4-gram TF-IDF vectors of the distinct normalised texts."""
    if not texts:
        return None, None
    vectorizer = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 4),
        lowercase=False,
        sublinear_tf=True,
        dtype=np.float32,
    )
    matrix = vectorizer.fit_transform(texts)
    return vectorizer, sparse.csr_matrix(matrix.T)
