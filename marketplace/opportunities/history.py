"""An opportunity's history, read back from the audit log: who, when, what changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import aliased

from marketplace.accounts.models import Organisation, User
from marketplace.audit.models import AuditEvent
from marketplace.extensions import db
from marketplace.opportunities.display import (
    FIELD_LABELS,
    ValueFormatter,
    kind_before,
    shown_changes,
)
from marketplace.opportunities.operations import SUBJECT

ACTION_LABELS = {
    "opportunity_created": _l("Created"),
    "opportunity_changed": _l("Changed"),
    "opportunity_published": _l("Published"),
    "opportunity_paused": _l("Paused"),
    "opportunity_filled": _l("Marked as filled"),
    "opportunity_closed": _l("Closed"),
    "opportunity_reopened": _l("Reopened"),
    "opportunity_duplicated": _l("Copied to a new draft"),
}


@dataclass(frozen=True)
class HistoryChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    who: str
    organisation: str
    action: str
    changes: list[HistoryChange]
    copied_from: int | None
    copy_id: int | None


def opportunity_history(opportunity_id: int, kind: str) -> list[HistoryEntry]:
    """Every audit event about the opportunity (now of ``kind``), newest first, in
    words; the hours per week only where its kind had them (``shown_changes``)."""
    actor_org = aliased(Organisation)
    rows = db.session.execute(
        select(AuditEvent, User.name, actor_org.name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .outerjoin(actor_org, actor_org.id == AuditEvent.actor_organisation_id)
        .where(AuditEvent.subject_type == SUBJECT, AuditEvent.subject_id == opportunity_id,
               AuditEvent.action.in_(ACTION_LABELS))
        .order_by(AuditEvent.id.desc())
    ).all()
    values = [
        (name, value)
        for event, _who, _org in rows
        for name, pair in event.details.get("changes", {}).items()
        for value in pair
    ]
    formatter = ValueFormatter(values)
    entries = []
    for event, who, organisation in rows:  # newest first: each event's kind after it
        logged = event.details.get("changes", {})
        entries.append(HistoryEntry(
            at=event.occurred_at,
            who=who or "",
            organisation=organisation or "",
            action=str(ACTION_LABELS[event.action]),
            changes=[
                HistoryChange(str(FIELD_LABELS.get(name, name)),
                              formatter.format(name, old), formatter.format(name, new))
                for name, (old, new) in shown_changes(logged, kind).items()
            ],
            copied_from=event.details.get("copied_from"),
            copy_id=event.details.get("copy_id"),
        ))
        kind = kind_before(logged, kind)
    return entries
