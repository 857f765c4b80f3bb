"""Learning the ranking from what coaches did with the suggestions they were shown.

Pure maths: numpy and scikit-learn, no Flask and no session. ``matching/operations.py``
reads the suggestion logs into a :class:`TrainingData`; ``match train`` calls
:func:`train_and_evaluate`.

Labels
------
Only entries that were actually shown count, each with a graded relevance
(:func:`grade_of`): hired 3, invited (an interview) 2, proposed 1 (also when the
employer declined later or the coach withdrew: the coach did choose the person), and 0
for an entry shown but not chosen or dismissed. A query is one suggestion list: the
entries one coach saw at once. History without a logged list (a partner's imported
proposals and the lists it says it showed) is graded by how each proposal ended
(:data:`HISTORY_GRADES`; ``ranking/training_rows.py`` makes one query per opportunity).

Model
-----
A linear pairwise ranker (RankNet-style, :func:`fit_pairwise_ranker`): for every pair
of entries of one list with different grades, the difference of their feature rows is
one example, "the first is better" or not, for a scikit-learn ``LogisticRegression``
without intercept. Only pairs of one ranking tier count (the same occupation level and
the same "holds every must-have skill"): the ranking orders the tiers by rule and lets
the score decide only within one, so a pair across tiers would teach a weight for an
order the model never decides (it inflated the occupation weight and drowned the
years of experience within one level). Its weights give a score ``w . x``, centred
on the rows it learned from (handed out in [0, 1] by the logistic function of
``predict_proba``), so the order it learns is the order of pairs
coaches showed. Why this one: coach decisions compare the entries of one list, never
an absolute level, and pairs say exactly that; it fits in well under a second for tens
of thousands of pairs, cannot extrapolate wildly outside the shown features (it stays
linear, like the cold-start score) and its weights can be read. The pairs of one list
are capped (:data:`MAX_PAIRS_PER_LIST`) so one long list cannot dominate.

Evaluation and decision
-----------------------
:func:`evaluate` splits the lists with ``GroupKFold`` *by opportunity* (all lists of one
opportunity fall in the same fold, so a model is never tested on an opportunity it
was trained on), fits on the other folds and ranks each held-out list's entries with
both the new model and the current scorer, in the order a ranking shows them
(occupation first, then must-have skills, then the score:
:func:`~marketplace.matching.scoring.ranking_keys`); NDCG@10 (``evaluation.py``, gain
``2^grade - 1``) is averaged over the held-out lists with at least one chosen entry,
the same lists for both. :func:`should_promote` promotes the new model only when its
NDCG@10 beats the current scorer's by at least :data:`PROMOTION_MARGIN` (0.01): a
smaller gain is within what another fold split or another month of logs changes, and
every switch changes what coaches see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from marketplace.matching.evaluation import mean_ndcg
from marketplace.matching.features import FEATURE_NAMES
from marketplace.matching.scoring import SCORE_DECIMALS, Scorer, SklearnScorer, ranking_keys

K = 10
"""NDCG is measured at this depth."""

PROMOTION_MARGIN = 0.01
"""The new model must beat the current scorer by this much NDCG@10 to be promoted."""

DEFAULT_FOLDS = 5
MAX_PAIRS_PER_LIST = 200
ALGORITHM = "pairwise-logistic-regression"

GRADES = {"proposed": 1, "interview": 2, "hired": 3}
"""The grade of each step a proposal can reach; a shown entry gets its furthest one."""

HISTORY_GRADES = {"hired": 3, "interview": 2, "proposed": 1, "withdrawn": 1, "declined": 0}
"""The grade of a proposal without a logged entry (imported history, or proposed from
a profile) by the state it ended in: an employer's decline is a 0, like a candidate
shown and not proposed (such a 0 only where an imported list says who was shown); a
withdrawal says nothing about the employer, so the coach's choice (1) stands."""


class NothingToLearn(ValueError):
    """The data holds no pair to learn from, or too few opportunities to hold one out."""


def grade_of(states_reached: Iterable[str]) -> int:
    """The grade of one shown entry from the proposal states it reached (none: 0). A
    declined or withdrawn proposal keeps the furthest step it reached before."""
    return max((GRADES.get(state, 0) for state in states_reached), default=0)


@dataclass(frozen=True)
class TrainingData:
    """Shown entries as rows: features, grades, the list (query) each belongs to and
    the opportunity each list is about (the unit of the folds). ``later_page`` marks
    the rows of a list that continues one shown before (a later page of suggestions,
    "Toon de volgende 20"): such a list is learned from as a query of its own, but it
    is not another list in ``list_count``. None: no row is on a later page."""

    X: np.ndarray
    grades: np.ndarray
    lists: np.ndarray
    opportunities: np.ndarray
    later_page: np.ndarray | None = None

    def __post_init__(self):
        n = len(self.grades)
        if (
            self.X.ndim != 2
            or self.X.shape[0] != n
            or len(self.lists) != n
            or len(self.opportunities) != n
            or (self.later_page is not None and len(self.later_page) != n)
        ):
            raise ValueError("X, grades, lists, opportunities and later_page need one entry "
                             "per row")

    @property
    def rows(self) -> int:
        return len(self.grades)

    @property
    def list_count(self) -> int:
        """How many lists were shown: a list and its later pages count once (one coach
        reading three pages saw one list, not three), which is what
        ``MIN_PROMOTION_LISTS`` asks for."""
        if self.later_page is None:
            return len(np.unique(self.lists))
        return len(np.unique(self.lists[~self.later_page]))

    @property
    def positives(self) -> int:
        return int((self.grades > 0).sum())

    def subset(self, mask: np.ndarray) -> TrainingData:
        return TrainingData(
            self.X[mask], self.grades[mask], self.lists[mask], self.opportunities[mask],
            None if self.later_page is None else self.later_page[mask],
        )


def _list_slices(lists: np.ndarray) -> list[np.ndarray]:
    """Row indices of each list, in row order."""
    order = np.argsort(lists, kind="stable")
    sorted_lists = lists[order]
    starts = np.flatnonzero(np.r_[True, sorted_lists[1:] != sorted_lists[:-1]])
    return np.split(order, starts[1:])


def pairwise_examples(
    data: TrainingData, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Differences of feature rows for pairs of one list with different grades, each
    pair once in each direction (labels 1 and 0), at most :data:`MAX_PAIRS_PER_LIST`
    pairs per list (a random sample beyond that)."""
    differences = []
    tiers = _tiers(data.X)
    for rows in _list_slices(data.lists):
        grades = data.grades[rows]
        tier = tiers[rows]
        better, worse = np.nonzero((grades[:, None] > grades[None, :])
                                   & (tier[:, None] == tier[None, :]))
        if better.size == 0:
            continue
        if better.size > MAX_PAIRS_PER_LIST:
            keep = rng.choice(better.size, MAX_PAIRS_PER_LIST, replace=False)
            better, worse = better[keep], worse[keep]
        differences.append(data.X[rows[better]] - data.X[rows[worse]])
    if not differences:
        raise NothingToLearn("no list has entries of different grades: nothing to learn from")
    positive = np.concatenate(differences)
    X = np.concatenate([positive, -positive])
    y = np.r_[np.ones(len(positive)), np.zeros(len(positive))]
    return X, y


def _tiers(X: np.ndarray) -> np.ndarray:
    """The ranking tier of each row (see the module docstring); rows that are not the
    ranking's features (another width: the maths tested on plain arrays) are one tier."""
    if X.shape[1] != len(FEATURE_NAMES):
        return np.zeros(len(X))
    return np.floor(ranking_keys(X, np.zeros(len(X))))


def fit_pairwise_ranker(data: TrainingData, seed: int = 0) -> LogisticRegression:
    """A linear ranker fitted on the pairs of :func:`pairwise_examples`."""
    X, y = pairwise_examples(data, np.random.default_rng(seed))
    model = LogisticRegression(fit_intercept=False, C=1.0, max_iter=1000)
    model.fit(X, y)
    # Pairs fix the weights but not the level: centre the scores of the rows learned
    # from on 0.5, so that large weights never push them all to 1.0, where the
    # ranking's rounding (``SCORE_DECIMALS``) would tie them.
    model.intercept_ = -np.array([float(np.mean(data.X @ model.coef_[0]))])
    return model


def _ranked_queries(scores: np.ndarray, data: TrainingData) -> list[tuple]:
    """Per list: its grades in the order a ranking with ``scores`` shows (the keys of
    :func:`~marketplace.matching.scoring.ranking_keys`; equal keys keep row order), and
    its grades as the ideal, for :func:`~marketplace.matching.evaluation.mean_ndcg`."""
    # Rounded as the ranking rounds them: what is measured is what coaches would see.
    keys = ranking_keys(data.X, np.round(scores, SCORE_DECIMALS))
    queries = []
    for rows in _list_slices(data.lists):
        order = np.lexsort((rows, -keys[rows]))
        queries.append((data.grades[rows[order]], data.grades[rows]))
    return queries


def list_ndcg(scorer: Scorer, data: TrainingData, k: int = K) -> float:
    """Mean NDCG@k of ``scorer`` re-ranking the entries of each list of ``data``
    (lists without a chosen entry are left out)."""
    return mean_ndcg(_ranked_queries(scorer.score(data.X), data), k)


@dataclass(frozen=True)
class Evaluation:
    """NDCG@10 of the new model and of the current scorer on the same held-out lists."""

    ndcg_new: float
    ndcg_current: float
    folds: int
    fold_scores: tuple[tuple[float, float], ...]

    def as_metrics(self, current_version: str) -> dict:
        """The ``metrics`` JSON of a ``ranking_model`` row."""
        return {
            "ndcg10_new": round(self.ndcg_new, 4),
            "ndcg10_current": round(self.ndcg_current, 4),
            "current_version": current_version,
            "folds": self.folds,
        }


Progress = Callable[[str], None]


def _quiet(_message: str) -> None:
    return None


def evaluate(
    data: TrainingData,
    current: Scorer,
    *,
    folds: int = DEFAULT_FOLDS,
    seed: int = 0,
    progress: Progress = _quiet,
) -> Evaluation:
    """Cross-validated NDCG@10 of a new pairwise ranker against ``current``, with
    ``GroupKFold`` by opportunity (see the module docstring). The means are over all
    held-out lists together, not an average of fold means."""
    opportunities = np.unique(data.opportunities)
    folds = min(folds, len(opportunities))
    if folds < 2:
        raise NothingToLearn("at least two opportunities are needed to hold one out")
    new_queries, current_queries, fold_scores = [], [], []
    splitter = GroupKFold(n_splits=folds)
    for number, (train_rows, test_rows) in enumerate(
        splitter.split(data.X, groups=data.opportunities), start=1
    ):
        progress(f"fold {number}/{folds}")
        train = data.subset(np.isin(np.arange(data.rows), train_rows))
        test = data.subset(np.isin(np.arange(data.rows), test_rows))
        model = SklearnScorer(fit_pairwise_ranker(train, seed=seed + number), "candidate")
        fold_new = _ranked_queries(model.score(test.X), test)
        fold_current = _ranked_queries(current.score(test.X), test)
        new_queries += fold_new
        current_queries += fold_current
        fold_scores.append((mean_ndcg(fold_new, K), mean_ndcg(fold_current, K)))
    return Evaluation(
        ndcg_new=mean_ndcg(new_queries, K),
        ndcg_current=mean_ndcg(current_queries, K),
        folds=folds,
        fold_scores=tuple(fold_scores),
    )


def should_promote(evaluation: Evaluation, margin: float = PROMOTION_MARGIN) -> bool:
    """True when the new model beats the current scorer by at least ``margin``."""
    if np.isnan(evaluation.ndcg_new):
        return False
    if np.isnan(evaluation.ndcg_current):
        return True
    return evaluation.ndcg_new >= evaluation.ndcg_current + margin


@dataclass(frozen=True)
class TrainingResult:
    model: LogisticRegression
    evaluation: Evaluation
    promote: bool


def train_and_evaluate(
    data: TrainingData,
    current: Scorer,
    *,
    folds: int = DEFAULT_FOLDS,
    seed: int = 0,
    progress: Progress = _quiet,
) -> TrainingResult:
    """Evaluate by held-out opportunities, then fit the model on all the data, and
    decide whether it replaces ``current``."""
    evaluation = evaluate(data, current, folds=folds, seed=seed, progress=progress)
    progress("fitting on all lists")
    model = fit_pairwise_ranker(data, seed=seed)
    return TrainingResult(model, evaluation, should_promote(evaluation))
