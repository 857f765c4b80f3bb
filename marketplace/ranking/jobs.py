"""The ranking's background job: training a new model (``flask match train
--background`` and the ranking page's button)."""

from __future__ import annotations

import logging

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.jobs.tasks import job
from marketplace.ranking.train import train_new_model

log = logging.getLogger(__name__)


@job("train_ranking_model")
def train_ranking_model_job(user_id: int, min_rows: int, folds: int, seed: int) -> str:
    """Train a ranking model (``ranking.train.train_new_model``) for the admin
    ``user_id`` (0: the command line). Only flushes: the model row commits with the
    run's done-mark, so a retry after a killed worker never stores a second model."""
    user = db.session.get(User, user_id) if user_id else None
    outcome = train_new_model(min_rows=min_rows, folds=folds, seed=seed, trained_by=user,
                              progress=log.info)
    return outcome.model.version
