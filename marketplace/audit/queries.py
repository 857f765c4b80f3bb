"""Reading the audit log."""

from __future__ import annotations

from sqlalchemy import Select, select

from marketplace.audit.models import AuditEvent


def audit_events(
    action: str | None = None, subject_type: str | None = None, subject_id: int | None = None
) -> Select:
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if action:
        query = query.where(AuditEvent.action == action)
    if subject_type:
        query = query.where(AuditEvent.subject_type == subject_type)
    if subject_id is not None:
        query = query.where(AuditEvent.subject_id == subject_id)
    return query
