"""The scorer that ranks now: the active trained model, or the cold-start score.

Every ranking asks for it (``marketplace.suggestions.ranking``); the fitted model is
kept in the matching process cache while the active row stays the same.
"""

from __future__ import annotations

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.matching.operations import process_cache
from marketplace.matching.scoring import ColdStartScorer, Scorer, SklearnScorer
from marketplace.ranking.models import RankingModel
from marketplace.ranking.operations import load_estimator


def active_scorer() -> Scorer:
    """The scorer that ranks now: the active ``ranking_model`` as a ``SklearnScorer``,
    or the cold-start scorer when no model is active. The fitted model is loaded once
    per process and kept while the active row stays the same: each call asks only for
    the active row's id and version (one small indexed query), so every worker switches
    at its next ranking after an admin activates another model."""
    active = db.session.execute(
        select(RankingModel.id, RankingModel.version).where(RankingModel.active)
    ).first()
    if active is None:
        return _COLD_START

    def build() -> Scorer:
        data = db.session.scalar(select(RankingModel.model).where(RankingModel.id == active.id))
        return SklearnScorer(load_estimator(data), active.version)

    return process_cache.get("scorer", (active.id, active.version), build)


_COLD_START = ColdStartScorer()
