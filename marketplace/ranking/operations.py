"""Storing trained models and switching between them. Only flush; the caller commits.

Every switch (a promotion by training, an activation by an admin, going back to cold
start) is an audit event with the versions involved, never more.
"""

from __future__ import annotations

import io
from datetime import datetime

import joblib
from sqlalchemy import func, select, update

from marketplace.audit.operations import record_event
from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.matching.scoring import COLD_START_VERSION
from marketplace.ranking.models import RankingModel

SUBJECT = "ranking_model"


def active_model() -> RankingModel | None:
    return db.session.scalar(select(RankingModel).where(RankingModel.active))


def active_version() -> str:
    """The version that ranks now: the active model's, or the cold-start scorer's."""
    model = active_model()
    return model.version if model else COLD_START_VERSION


def next_version(now: datetime) -> str:
    """``sklearn-YYYY-MM-DD-N``: the N-th model trained on that (UTC) day."""
    prefix = f"sklearn-{now:%Y-%m-%d}-"
    taken = db.session.scalar(
        select(func.count(RankingModel.id)).where(RankingModel.version.startswith(prefix))
    )
    return f"{prefix}{taken + 1}"


def dump_estimator(estimator) -> bytes:
    buffer = io.BytesIO()
    joblib.dump(estimator, buffer)
    return buffer.getvalue()


def load_estimator(data: bytes):
    """The estimator stored by :func:`dump_estimator` (written only by this app)."""
    return joblib.load(io.BytesIO(data))


def _deactivate_all() -> None:
    db.session.execute(update(RankingModel).where(RankingModel.active).values(active=False))
    db.session.flush()


def store_trained_model(
    estimator,
    *,
    algorithm: str,
    rows: int,
    lists: int,
    metrics: dict,
    promote: bool,
    trained_by=None,
) -> RankingModel:
    """Keep a trained model; with ``promote`` it becomes the active one."""
    now = utcnow()
    previous = active_version()
    if promote:
        _deactivate_all()
    model = RankingModel(
        version=next_version(now),
        trained_at=now,
        trained_by_id=getattr(trained_by, "id", None),
        training_rows=rows,
        training_lists=lists,
        algorithm=algorithm,
        metrics=metrics,
        model=dump_estimator(estimator),
        active=promote,
        promoted=promote,
    )
    db.session.add(model)
    db.session.flush()
    record_event(
        "ranking_model_trained",
        SUBJECT,
        model.id,
        {
            "version": model.version,
            "promoted": promote,
            "previous": previous,
        },
        actor=trained_by,
    )
    return model


def activate_model(model: RankingModel, by) -> None:
    """Make ``model`` the one that ranks (rolling back is activating an earlier one)."""
    previous = active_version()
    _deactivate_all()
    db.session.refresh(model)
    model.active = True
    db.session.flush()
    record_event(
        "ranking_model_activated",
        SUBJECT,
        model.id,
        {"version": model.version, "previous": previous},
        actor=by,
    )


def use_cold_start(by) -> None:
    """No active model: the documented cold-start scorer ranks again."""
    previous = active_version()
    _deactivate_all()
    record_event(
        "ranking_cold_start",
        SUBJECT,
        None,
        {"version": COLD_START_VERSION, "previous": previous},
        actor=by,
    )
