"""Which ranking is in use, and why, for the admins' ranking page in plain words.

The reason comes from the ranking models and the last switch in the audit log (a
promotion by training, an activation by an admin, an admin going back to the basic
ranking, see ``operations.py``):

``no_model``
    The basic ranking (the cold-start scorer, without training) ranks: nothing has been
    trained yet.
``none_better``
    The basic ranking ranks: models were trained, but none scored better.
``better_unused``
    The basic ranking ranks, although a trained model scored better: it was kept without
    being put in use (the demo's model, or a model an admin switched away from).
``chosen_basic``
    The basic ranking ranks because an admin went back to it.
``promoted``
    A trained model ranks because training found it scored better than the ranking in
    use then (both scores are kept in its ``metrics``).
``chosen_model``
    A trained model ranks because an admin chose it (a rollback, or one training did not
    promote).

Each trained model also gets its own reason (:func:`model_statuses`), for its row in
the list: ``in_use_promoted`` (training put it in use, trained by whom and when),
``in_use_chosen`` (an admin chose it), ``replaced`` (it was in use until training
promoted a newer model), ``switched_away`` (it was in use until an admin switched to
another ranking), ``not_better`` (on held-out lists it did not beat the
ranking in use then by the margin), ``too_little_data`` (it scored better, but learned
from fewer lists than training promotes on) and ``kept_unused`` (it scored better and
was stored without being put in use, like the demo's model).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from marketplace.audit.models import AuditEvent
from marketplace.extensions import db
from marketplace.matching.scoring import COLD_START_VERSION
from marketplace.matching.training import PROMOTION_MARGIN
from marketplace.ranking.models import RankingModel
from marketplace.ranking.operations import SUBJECT, active_model
from marketplace.ranking.train import MIN_PROMOTION_LISTS

#: The audit actions that change which ranking is in use (training only when it promoted).
SWITCHES = ("ranking_model_trained", "ranking_model_activated", "ranking_cold_start")


@dataclass(frozen=True)
class InUse:
    """The ranking in use and why (module docstring)."""

    version: str
    reason: str
    model: RankingModel | None = None
    chosen_by: str | None = None
    """The admin's name when an admin chose it (None: unknown or not chosen)."""
    chosen_at: datetime | None = None

    @property
    def basic(self) -> bool:
        """True when the basic ranking (the cold-start scorer) is in use."""
        return self.version == COLD_START_VERSION


def scored_better(model: RankingModel) -> bool:
    """True when the model beat the ranking in use at its training by the promotion margin
    (on the same held-out lists), whether or not it was put in use."""
    new, current = model.metrics.get("ndcg10_new"), model.metrics.get("ndcg10_current")
    return new is not None and current is not None and new >= current + PROMOTION_MARGIN


def last_switch() -> AuditEvent | None:
    """The newest audit event that changed which ranking is in use."""
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.subject_type == SUBJECT, AuditEvent.action.in_(SWITCHES))
        .order_by(AuditEvent.id.desc())
    )
    return next((event for event in events if event.action != "ranking_model_trained"
                 or event.details.get("promoted")), None)


def ranking_in_use(models: list[RankingModel]) -> InUse:
    """The ranking in use and why; ``models``: every trained model."""
    model = active_model()
    switch = last_switch()
    chosen_by = switch.actor.name if switch is not None and switch.actor else None
    chosen_at = switch.occurred_at if switch is not None else None
    if model is None:
        if switch is not None and switch.action == "ranking_cold_start":
            return InUse(COLD_START_VERSION, "chosen_basic", chosen_by=chosen_by,
                         chosen_at=chosen_at)
        if not models:
            return InUse(COLD_START_VERSION, "no_model")
        better = any(scored_better(trained) for trained in models)
        return InUse(COLD_START_VERSION, "better_unused" if better else "none_better")
    if switch is not None and switch.action == "ranking_model_activated":
        return InUse(model.version, "chosen_model", model, chosen_by, chosen_at)
    return InUse(model.version, "promoted", model)


@dataclass(frozen=True)
class ModelStatus:
    """Why one trained model is, or is not, in use (module docstring)."""

    reason: str
    by: str | None = None
    """The person's name (who trained or chose it, or switched away); None: unknown."""
    on: datetime | None = None


def _switch_events() -> list[AuditEvent]:
    """Every switch of the ranking in use, oldest first (training only when promoted)."""
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.subject_type == SUBJECT, AuditEvent.action.in_(SWITCHES))
        .order_by(AuditEvent.id)
    )
    return [event for event in events if event.action != "ranking_model_trained"
            or event.details.get("promoted")]


def model_statuses(models: list[RankingModel]) -> dict[int, ModelStatus]:
    """The reason of each of ``models`` (by id), from the switches in the audit log."""
    came: dict[int, AuditEvent] = {}  # the switch that last put a model in use
    left: dict[int, AuditEvent] = {}  # the switch that last took it out of use
    current = None
    for event in _switch_events():
        new = event.subject_id if event.action != "ranking_cold_start" else None
        if current is not None and new != current:
            left[current] = event
        if new is not None:
            came[new] = event
        current = new
    statuses = {}
    for model in models:
        statuses[model.id] = _status_of(model, came.get(model.id), left.get(model.id))
    return statuses


def _name(event: AuditEvent | None) -> str | None:
    return event.actor.name if event is not None and event.actor else None


def _status_of(model: RankingModel, came: AuditEvent | None,
               left: AuditEvent | None) -> ModelStatus:
    if model.active:
        if came is not None and came.action == "ranking_model_activated":
            return ModelStatus("in_use_chosen", _name(came), came.occurred_at)
        trainer = model.trained_by.name if model.trained_by else None
        return ModelStatus("in_use_promoted", trainer, model.trained_at)
    if left is not None and left.action == "ranking_model_trained":
        return ModelStatus("replaced", None, left.occurred_at)
    if left is not None:
        return ModelStatus("switched_away", _name(left), left.occurred_at)
    if not scored_better(model):
        return ModelStatus("not_better")
    if model.training_lists < MIN_PROMOTION_LISTS:
        return ModelStatus("too_little_data")
    return ModelStatus("kept_unused")
