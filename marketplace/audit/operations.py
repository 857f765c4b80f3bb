"""Writing audit events. The only way the application touches the audit log."""

from __future__ import annotations

from typing import Any

from flask import g, has_request_context, request
from flask_login import current_user

from marketplace.audit.models import AuditEvent
from marketplace.extensions import db


def record_event(
    action: str,
    subject_type: str,
    subject_id: int | None = None,
    details: dict[str, Any] | None = None,
    *,
    actor=None,
    token=None,
) -> AuditEvent:
    """Add an audit event for the current user (or ``actor``) and flush it.

    During a call of the partner API the actor is the call's token (``g.api_token``,
    set by ``marketplace/api/auth.py``, or ``token``): the event names it and its
    organisation.
    ``details`` must hold facts, never free-text notes written by people.
    """
    if token is None and has_request_context():
        token = g.get("api_token")
    if actor is None and token is None and has_request_context() \
            and current_user.is_authenticated:
        actor = current_user
    event = AuditEvent(
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        details=details or {},
        actor_id=getattr(actor, "id", None),
        actor_token_id=token.id if token is not None else None,
        actor_organisation_id=(token.organisation_id if token is not None
                               else getattr(actor, "organisation_id", None)),
        remote_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event)
    db.session.flush()
    return event


def record_denied_access(permission: str) -> None:
    """Note a logged-in user's attempt to reach a page their role may not see."""
    record_event(
        "access_denied",
        "endpoint",
        details={"endpoint": request.endpoint, "method": request.method, "needs": permission},
    )


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Return ``{field: [old, new]}`` for every field whose value differs."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }
