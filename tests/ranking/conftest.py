"""Fixtures for the ranking tests: stored models with a real fitted estimator."""

from __future__ import annotations

import numpy as np
import pytest

from marketplace.extensions import db
from marketplace.matching.scoring import COLD_START_VERSION
from marketplace.matching.training import ALGORITHM, TrainingData, fit_pairwise_ranker
from marketplace.ranking import operations
from marketplace.ranking.models import RankingModel


def _estimator(weight_on: int):
    """A fitted pairwise ranker that prefers a high value of feature ``weight_on``."""
    rng = np.random.default_rng(weight_on)
    X = rng.random((100, 10))
    lists = np.repeat(np.arange(10), 10)
    grades = np.zeros(100, dtype=int)
    for start in range(0, 100, 10):
        grades[start + np.argmax(X[start : start + 10, weight_on])] = 1
    return fit_pairwise_ranker(TrainingData(X, grades, lists, lists.copy()))


@pytest.fixture
def store(app_ctx):
    def make(promote: bool = True, weight_on: int = 5, new: float = 0.91,
             current: float = 0.67, lists: int = 10, trained_by=None) -> RankingModel:
        model = operations.store_trained_model(
            _estimator(weight_on),
            algorithm=ALGORITHM,
            rows=100,
            lists=lists,
            metrics={
                "ndcg10_new": new,
                "ndcg10_current": current,
                "current_version": COLD_START_VERSION,
                "folds": 5,
            },
            promote=promote,
            trained_by=trained_by,
        )
        db.session.commit()
        return model

    return make
