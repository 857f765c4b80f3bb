"""Lookups of ranking models (admins see them all; the permission guards the pages)."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.ranking.models import RankingModel


def models_newest_first() -> list[RankingModel]:
    return list(
        db.session.scalars(
            select(RankingModel).order_by(RankingModel.trained_at.desc(), RankingModel.id.desc())
        )
    )


def model_or_404(model_id: int) -> RankingModel:
    model = db.session.get(RankingModel, model_id)
    if model is None:
        abort(404)
    return model
