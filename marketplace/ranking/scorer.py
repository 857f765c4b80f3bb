"""The scorer that ranks now: the active trained model, or the cold-start score.

Every ranking asks for it (``marketplace.suggestions.ranking``); the fitted model is
kept in the matching process cache while the active row stays the same.
"""

from __future__ import annotations

from sqlalchemy import Row, select

from marketplace.extensions import db
from marketplace.matching.operations import process_cache
from marketplace.matching.scoring import ColdStartScorer, Scorer, SklearnScorer
from marketplace.ranking.models import RankingModel
from marketplace.ranking.operations import load_estimator

ACTIVE_MODEL = select(RankingModel.id, RankingModel.version).where(RankingModel.active)
"""The active row's id and version (at most one row: a partial unique index)."""


def active_scorer() -> Scorer:
    """The scorer that ranks now: the active ``ranking_model`` as a ``SklearnScorer``,
    or the cold-start scorer when no model is active. The fitted model is loaded once
    per process and kept while the active row stays the same: each call asks only for
    the active row's id and version (one small indexed query), so every worker switches
    at its next ranking after an admin activates another model."""
    return scorer_of(db.session.execute(ACTIVE_MODEL).first())


def scorer_of(active: Row | tuple[int, str] | None) -> Scorer:
    """The scorer of the active row ``(id, version)`` of :data:`ACTIVE_MODEL`, read by
    the caller (the suggestion lists read it with the data versions, in one statement);
    None: the cold-start scorer."""
    if active is None:
        return _COLD_START

    model_id, version = active

    def build() -> Scorer:
        data = db.session.scalar(select(RankingModel.model).where(RankingModel.id == model_id))
        return SklearnScorer(load_estimator(data), version)

    return process_cache.get("scorer", (model_id, version), build)


_COLD_START = ColdStartScorer()
