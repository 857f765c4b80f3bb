"""Training a new ranking model from the suggestion logs and the imported history
(``training_rows.py``): the one function behind
``flask match train`` and the admins' "Train a new model now" button (a job).

It reads the logs (``ranking.training_rows.training_data``), trains and evaluates
(``matching.training``), and stores the model (``operations.store_trained_model``). It
only flushes: the caller commits, so in the job the model row and the run's done-mark
are one transaction, and a run retried after a killed worker never stores two models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from marketplace.jobs.errors import ExplainedError
from marketplace.matching import training
from marketplace.ranking import operations, training_rows
from marketplace.ranking.models import RankingModel
from marketplace.ranking.scorer import active_scorer

DEFAULT_MIN_ROWS = 200
MIN_PROMOTION_LISTS = 20
"""A model learned from fewer lists is stored but never promoted by training: its
held-out score rests on too few lists to trust (an admin can still choose it). A list is
a suggestion list as a coach opened it, counted by its first page: its later pages
("Toon de volgende 20") are queries of their own in training but no list more
(``TrainingData.list_count``); the imported history counts one list per opportunity."""


class TooLittleData(ExplainedError):
    """The logs hold too few shown entries (or no choice at all) to learn from."""

    message = _l(
        "Too little data: %(rows)d entries, %(positives)d chosen (at least %(min_rows)d "
        "entries and one choice needed). Nothing trained."
    )


class NothingToCompare(ExplainedError):
    """Enough entries, but no two of one list (and one ranking tier) that differ, or
    fewer than two opportunities to hold one out: nothing to learn or to test on."""

    message = _l(
        "Too little data to learn from: %(rows)d entries about %(opportunities)d "
        "opportunities, but no list in which people compared candidates of the same "
        "level, or fewer than two opportunities to test on. Nothing trained."
    )


@dataclass(frozen=True)
class TrainingOutcome:
    rows: int
    lists: int
    positives: int
    evaluation: training.Evaluation
    current_version: str
    promote: bool
    model: RankingModel | None  # None for a dry run


def train_new_model(
    *,
    min_rows: int = DEFAULT_MIN_ROWS,
    folds: int = training.DEFAULT_FOLDS,
    seed: int = 0,
    dry_run: bool = False,
    trained_by=None,
    progress: Callable[[str], None] | None = None,
) -> TrainingOutcome:
    """Train on the logs, compare with the scorer in use on held-out opportunities
    (NDCG@10) and store the model, promoted when better by the margin and learned from
    at least ``MIN_PROMOTION_LISTS`` lists. Raises
    ``TooLittleData`` before training when the logs hold too little, and
    ``NothingToCompare`` when they hold nothing to learn or to test on."""
    step = progress or (lambda message: None)
    step("reading the suggestion logs")
    data = training_rows.training_data()
    step(f"{data.rows} shown entries in {data.list_count} lists, {data.positives} chosen")
    if data.rows < min_rows or data.positives == 0:
        raise TooLittleData(rows=data.rows, positives=data.positives, min_rows=min_rows)
    current = active_scorer()
    step(f"evaluating against {current.version}, {folds} folds by opportunity")
    try:
        result = training.train_and_evaluate(data, current, folds=folds, seed=seed,
                                             progress=step)
    except training.NothingToLearn:
        raise NothingToCompare(rows=data.rows,
                               opportunities=len(set(data.opportunities.tolist()))) from None
    promote = result.promote and data.list_count >= MIN_PROMOTION_LISTS
    model = None
    if not dry_run:
        model = operations.store_trained_model(
            result.model, algorithm=training.ALGORITHM, rows=data.rows, lists=data.list_count,
            metrics=result.evaluation.as_metrics(current.version), promote=promote,
            trained_by=trained_by,
        )
    return TrainingOutcome(
        rows=data.rows, lists=data.list_count, positives=data.positives,
        evaluation=result.evaluation, current_version=current.version,
        promote=promote, model=model,
    )
