"""Scorers and rankings: best candidates for an opportunity, best opportunities for a
candidate.

The cold-start score
--------------------
:class:`ColdStartScorer` (version ``cold-start-1``) needs no history: it is a weighted
sum of the features of ``features.py`` (each in [0, 1]), with weights that add up to 1,
so the score lies in [0, 1] too:

==================  ======  ==========================================================
feature             weight  why
==================  ======  ==========================================================
occupation          0.70    what the person has done or wants to do decides first
skills_required     0.06    must-have skills held
skills_advantage    0.02    nice-to-have skills held
dutch               0.05    margin over the Dutch level the job needs
languages           0.03    other languages the opportunity asks for
distance            0.05    a short commute keeps people in work
hours               0.03    wished hours against offered hours
schedule            0.02    day parts the candidate can work
sector              0.01    the candidate's wished sectors
start_date          0.03    available by the start date
==================  ======  ==========================================================

The occupation feature steps by relation level (same occupation 1.0, ESCO family 0.72,
ISCO unit group 0.6, minor group 0.35, sub-major group 0.15, see
:data:`~marketplace.matching.features.RELATION_CREDIT`) times an experience factor
between 0.85 and 1. With weight 0.7, a wish for the same occupation still leads
ten years in the same unit group by 0.7 * (0.85 - 0.6) = 0.175, and ten years in the
unit group lead a wish in the same minor group by 0.7 * (0.6 - 0.85 * 0.35) = 0.21: a
candidate whose occupation is a level further away needs a far better fit on
everything else (more than half of the remaining 0.3) to score higher, and never
comes first in a ranking (see "Rankings" below). The other weights follow what coaches
check next: skills, Dutch, the commute. On the benchmark data (README, "Matching
quality") this is what the relevance grades reward: with titles resolved perfectly the
rankings reach NDCG@10 0.998 to 0.999 in both directions.

Each suggestion carries the *effects* of its features: how much each one moved the
score away from what a neutral value (0.5, "not known") would give. For the linear
cold-start score this is ``weight * (value - 0.5)``; for any other scorer it is
measured the same way, by scoring again with that one feature set to 0.5.

Other scorers
-------------
Anything with a ``version`` and ``score(X) -> array in [0, 1]`` is a :class:`Scorer`.
:class:`SklearnScorer` wraps a fitted scikit-learn classifier (``predict_proba``) or
ranker/regressor with ``decision_function``, trained on the rows of
:func:`~marketplace.matching.features.feature_matrix`.

Rankings
--------
:func:`rank_candidates` scores one opportunity against every candidate of a pool and
:func:`rank_opportunities` one candidate against every opportunity of a table, both
vectorised (no Python loop over candidates or opportunities). Scores are rounded to
9 decimals.

The order follows the rule "occupation first, then must-have skills"
(docs/matching.md), whatever the scorer: entries are sorted by

1. the occupation's relation level (:func:`occupation_levels`, read off the
   ``occupation`` feature: its ranges per level do not overlap);
2. whether every must-have skill is held (``skills_required`` is 1; also when none is
   asked);
3. the score.

So among entries equally close in occupation, one holding every must-have skill comes
first; a missing must-have never excludes. The three keys are packed into one float
(:func:`ranking_keys`), so the partition-based top k stays as it is; the score shown is
still the scorer's. Equal keys keep pool (or table) order, so rankings are
deterministic.

A later part of the same list (``start``: the second page of twenty starts at 20) is
the top ``start + top_k`` of that one order with the first ``start`` left off, so the
parts of an unchanged pool follow each other without a gap or a repeat. Only the part's
entries get effects and explanations.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from marketplace.matching.features import (
    FEATURE_NAMES,
    NEUTRAL,
    RELATION_CREDIT,
    candidate_distances,
    feature_matrix,
    opportunity_distances,
    opportunity_feature_matrix,
)
from marketplace.matching.opportunity_table import OpportunitySpec, OpportunityTable
from marketplace.matching.pool import EXPERIENCE_BASE, CandidatePool
from marketplace.matching.requirements import (
    unmet_count,
    unmet_for_candidates,
    unmet_for_opportunities,
    unmet_names,
)

COLD_START_VERSION = "cold-start-1"

COLD_START_WEIGHTS: Mapping[str, float] = {
    "occupation": 0.70,
    "skills_required": 0.06,
    "skills_advantage": 0.02,
    "dutch": 0.05,
    "languages": 0.03,
    "distance": 0.05,
    "hours": 0.03,
    "schedule": 0.02,
    "sector": 0.01,
    "start_date": 0.03,
}
"""The cold-start weights (see the module docstring); they add up to 1."""

SCORE_DECIMALS = 9
DEFAULT_MAX_UNMET = 1
"""A near miss fails at most this many hard requirements (by default)."""

LEVEL_CREDITS = np.unique(np.r_[RELATION_CREDIT, NEUTRAL])
"""The occupation credit of each level of the ranking's first key, lowest first: the
relation levels of :data:`RELATION_CREDIT` and "not known" (0.5, the opportunity names
no occupation), which sits where its value puts it."""
# A feature value lies in [credit * EXPERIENCE_BASE, credit] of its level; these ranges
# must not overlap for the level to be read off the value.
assert (LEVEL_CREDITS[1:] * EXPERIENCE_BASE > LEVEL_CREDITS[:-1]).all()

_OCCUPATION = FEATURE_NAMES.index("occupation")
_MUST_HAVE = FEATURE_NAMES.index("skills_required")
_TOLERANCE = 1e-9


@runtime_checkable
class Scorer(Protocol):
    """Turns feature rows (columns :data:`~marketplace.matching.features.FEATURE_NAMES`)
    into scores in [0, 1]; higher is a better fit."""

    version: str

    def score(self, X: np.ndarray) -> np.ndarray: ...


class ColdStartScorer:
    """The documented weighted sum of the features (module docstring)."""

    def __init__(self, weights: Mapping[str, float] = COLD_START_WEIGHTS,
                 version: str = COLD_START_VERSION):
        if set(weights) != set(FEATURE_NAMES):
            raise ValueError(f"weights are needed for exactly {', '.join(FEATURE_NAMES)}")
        values = np.array([weights[name] for name in FEATURE_NAMES], dtype=np.float64)
        if (values < 0).any() or not np.isclose(values.sum(), 1.0):
            raise ValueError("weights are non-negative and add up to 1")
        self.weights = values
        self.version = version

    def score(self, X: np.ndarray) -> np.ndarray:
        # Column by column rather than X @ weights: no BLAS threads for a thin product.
        total = np.zeros(X.shape[0])
        term = np.empty(X.shape[0])
        for column, weight in enumerate(self.weights):
            if weight:
                np.multiply(X[:, column], weight, out=term)
                total += term
        return np.clip(total, 0.0, 1.0, out=total)


class SklearnScorer:
    """A fitted scikit-learn model as a :class:`Scorer`.

    Classifiers give the probability of their highest class (``predict_proba``, the
    "good match" class when trained on 0/1 labels); models with only
    ``decision_function`` (or ``predict``) are squashed into [0, 1] with the logistic
    function.
    """

    def __init__(self, model, version: str):
        self.model = model
        self.version = version

    def score(self, X: np.ndarray) -> np.ndarray:
        if hasattr(self.model, "predict_proba"):
            return np.asarray(self.model.predict_proba(X))[:, -1]
        if hasattr(self.model, "decision_function"):
            raw = np.asarray(self.model.decision_function(X), dtype=np.float64)
        else:
            raw = np.asarray(self.model.predict(X), dtype=np.float64)
        return 1.0 / (1.0 + np.exp(-raw))


_COLD_START = ColdStartScorer()


def feature_effects(scorer: Scorer, X: np.ndarray) -> np.ndarray:
    """How much each feature moved each row's score, compared with the score the row
    gets when that feature is neutral (0.5). Same shape as ``X``."""
    if isinstance(scorer, ColdStartScorer):
        return (X - NEUTRAL) * scorer.weights
    base = scorer.score(X)
    effects = np.empty_like(X, dtype=np.float64)
    for j in range(X.shape[1]):
        neutral = X.copy()
        neutral[:, j] = NEUTRAL
        effects[:, j] = base - scorer.score(neutral)
    return effects


@dataclass(frozen=True)
class Suggestion:
    """One entry of a :class:`Ranking`."""

    index: int
    """Row in the pool (candidates) or the table (opportunities)."""
    id: Hashable
    score: float
    features: dict[str, float]
    effects: dict[str, float]
    unmet: tuple[str, ...]
    """Hard requirements not met (empty for a real suggestion)."""


@dataclass(frozen=True, eq=False)
class Ranking:
    """The best entries, best first, with their features for explanations.

    ``near_misses`` (when asked for) is a ranking of entries that fail at most
    ``max_unmet`` hard requirements, each with ``unmet`` naming them.
    """

    indices: np.ndarray
    ids: tuple
    scores: np.ndarray
    features: np.ndarray
    """(entries, features): the feature rows of the entries."""
    effects: np.ndarray
    """(entries, features): see :func:`feature_effects`."""
    unmet: tuple[tuple[str, ...], ...]
    scorer_version: str
    eligible: int
    """How many entries met every hard requirement."""
    feature_names: tuple[str, ...] = FEATURE_NAMES
    near_misses: Ranking | None = field(default=None)
    start: int = 0
    """How many better entries come before the first one (0: the top of the list)."""

    def __len__(self) -> int:
        return len(self.indices)

    def __iter__(self) -> Iterator[Suggestion]:
        for k, index in enumerate(self.indices):
            yield Suggestion(
                index=int(index),
                id=self.ids[k],
                score=float(self.scores[k]),
                features=dict(zip(self.feature_names, self.features[k].tolist(), strict=True)),
                effects=dict(zip(self.feature_names, self.effects[k].tolist(), strict=True)),
                unmet=self.unmet[k],
            )


def rank_candidates(
    pool: CandidatePool,
    opportunity: OpportunitySpec,
    top_k: int = 10,
    include_near_misses: bool = False,
    *,
    scorer: Scorer | None = None,
    max_unmet: int = DEFAULT_MAX_UNMET,
    within: np.ndarray | None = None,
    start: int = 0,
) -> Ranking:
    """The ``top_k`` best candidates of ``pool`` for ``opportunity``, best first,
    among those meeting every hard requirement; with ``include_near_misses``, also the
    ``top_k`` best of those failing 1 to ``max_unmet`` requirements. ``within`` (a
    boolean mask over the pool) keeps the ranking to the candidates a viewer may see.
    ``start``: leave off that many best ones first (a later page; see
    :func:`part_start` for a start past the end); the near misses always start at the
    top."""
    scorer = scorer or _COLD_START
    distances = candidate_distances(pool, opportunity)
    unmet = unmet_for_candidates(pool, opportunity, distances)
    X, _names = feature_matrix(pool, opportunity, distances_km=distances)
    scores = np.round(scorer.score(X), SCORE_DECIMALS)
    return _ranking(scorer, pool.ids, X, scores, unmet, top_k, include_near_misses, max_unmet,
                    within, start)


def rank_opportunities(
    pool: CandidatePool,
    candidate_index: int,
    table: OpportunityTable,
    top_k: int = 10,
    include_near_misses: bool = False,
    *,
    scorer: Scorer | None = None,
    max_unmet: int = DEFAULT_MAX_UNMET,
    within: np.ndarray | None = None,
    start: int = 0,
) -> Ranking:
    """The ``top_k`` best opportunities of ``table`` for candidate ``candidate_index``
    of ``pool`` (a one-candidate pool works), best first; near misses, ``within`` (a
    mask over the table) and ``start`` as in :func:`rank_candidates`."""
    scorer = scorer or _COLD_START
    distances = opportunity_distances(pool, candidate_index, table)
    unmet = unmet_for_opportunities(pool, candidate_index, table, distances)
    X, _names = opportunity_feature_matrix(pool, candidate_index, table, distances_km=distances)
    scores = np.round(scorer.score(X), SCORE_DECIMALS)
    return _ranking(scorer, table.ids, X, scores, unmet, top_k, include_near_misses, max_unmet,
                    within, start)


#: The first key's tier per level: an ESCO family shares its ISCO unit group's tier.
_KEY_TIER = np.arange(len(LEVEL_CREDITS), dtype=np.float64)
_KEY_TIER[np.searchsorted(LEVEL_CREDITS, RELATION_CREDIT[4])] = _KEY_TIER[
    np.searchsorted(LEVEL_CREDITS, RELATION_CREDIT[3])]


def occupation_levels(occupation: np.ndarray) -> np.ndarray:
    """The level (index into :data:`LEVEL_CREDITS`) of ``occupation`` feature values:
    the smallest level credit at or above the value."""
    return np.searchsorted(LEVEL_CREDITS, np.asarray(occupation, dtype=np.float64) - _TOLERANCE)


def ranking_keys(X: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """One sort key per row, higher first: occupation level, then holding every
    must-have skill, then the score, as ``4 * level + 2 * complete + score`` (scores in
    [0, 1], so a key never crosses into the next group; at most 27, where float64
    keeps the 9 decimals of the score apart)."""
    keys = _KEY_TIER[occupation_levels(X[:, _OCCUPATION])]
    keys *= 4.0
    keys += np.where(X[:, _MUST_HAVE] >= 1.0 - _TOLERANCE, 2.0, 0.0)
    keys += np.clip(scores, 0.0, 1.0)
    return keys


def top_indices(scores: np.ndarray, allowed: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` highest ``scores`` where ``allowed``, best first; equal
    scores in index order."""
    candidates = np.flatnonzero(allowed)
    if k <= 0 or candidates.size == 0:
        return np.empty(0, dtype=np.int64)
    values = scores[candidates]
    if candidates.size > k:
        threshold = np.partition(values, candidates.size - k)[candidates.size - k]
        above = candidates[values > threshold]
        tied = candidates[values == threshold][: k - above.size]
        candidates = np.concatenate([above, tied])
        values = scores[candidates]
    order = np.lexsort((candidates, -values))
    return candidates[order]


def part_start(start: int, size: int, total: int) -> int:
    """Where a part of ``size`` entries of a list of ``total`` starts when asked to
    start at ``start``: there when an entry lies there, else at the last part (0 when
    the list is empty), so a page number past the end shows the last page."""
    if start < total:
        return max(0, start)
    return (total - 1) // size * size if total else 0


def _ranking(scorer, ids, X, scores, unmet, top_k, include_near_misses, max_unmet,
             within=None, start=0) -> Ranking:
    visible = np.ones(len(unmet), dtype=bool) if within is None else within
    eligible = (unmet == 0) & visible
    total = int(eligible.sum())
    keys = ranking_keys(X, scores)
    near = None
    if include_near_misses:
        count = unmet_count(unmet)
        near_rows = top_indices(keys, (count > 0) & (count <= max_unmet) & visible, top_k)
        near = _entries(scorer, ids, X, scores, unmet, near_rows, total, None)
    start = part_start(start, top_k, total)
    # The top start + top_k of the one order, the first start left off: the parts of a
    # list follow each other exactly (``top_indices`` breaks ties by index).
    rows = top_indices(keys, eligible, start + top_k)[start:]
    return _entries(scorer, ids, X, scores, unmet, rows, total, near, start)


def _entries(scorer, ids, X, scores, unmet, rows, eligible, near, start=0) -> Ranking:
    features = X[rows]
    return Ranking(
        indices=rows,
        ids=tuple(ids[i] for i in rows),
        scores=scores[rows],
        features=features,
        effects=feature_effects(scorer, features),
        unmet=tuple(unmet_names(mask) for mask in unmet[rows]),
        scorer_version=scorer.version,
        eligible=eligible,
        near_misses=near,
        start=start,
    )
