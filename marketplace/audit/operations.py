"""Writing audit events. The only way the application touches the audit log."""

from __future__ import annotations

from typing import Any

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import insert

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
    event = AuditEvent(**_event_columns(action, subject_type, subject_id, details,
                                        actor=actor, token=token))
    db.session.add(event)
    db.session.flush()
    return event


#: The statement of ``insert_event``: the columns are the parameters' keys.
_INSERT_EVENT = insert(AuditEvent.__table__)


def insert_event(action: str, subject_type: str, subject_id: int | None,
                 details: dict[str, Any] | None = None, *, actor=None, token=None) -> None:
    """``record_event`` for a caller that keeps no object of its event (a profile
    viewed, an answer to a proposal), by the current user or the API call's token
    unless ``actor`` or ``token`` is given, in the same transaction.

    One INSERT of the table's row, not an ``AuditEvent`` through the session's unit of
    work: a flush cost a profile view more than the rest of its audit. Objects the
    session holds unsaved are not written first (at the caller's next flush or the
    commit instead): a caller whose event names a new row flushes it before, as it
    needs its id anyway. The rules of the log hold alike: the event is only inserted,
    and an insert is refused while writes are forbidden.
    """
    columns = _event_columns(action, subject_type, subject_id, details, actor=actor,
                             token=token)
    with db.session.no_autoflush:  # a Core statement would flush the session first
        db.session.execute(_INSERT_EVENT, columns)


def _event_columns(action: str, subject_type: str, subject_id: int | None,
                   details: dict[str, Any] | None, *, actor=None, token=None) -> dict:
    """The column values of an event by ``actor`` or ``token``, by default the current
    request's API token or logged-in user (see ``record_event``). The moment it
    happened is the column's default."""
    if token is None and has_request_context():
        token = g.get("api_token")
    if actor is None and token is None and has_request_context() \
            and current_user.is_authenticated:
        actor = current_user
    return {
        "action": action,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "details": details or {},
        "actor_id": getattr(actor, "id", None),
        "actor_token_id": token.id if token is not None else None,
        "actor_organisation_id": (token.organisation_id if token is not None
                                  else getattr(actor, "organisation_id", None)),
        "remote_address": request.remote_addr if has_request_context() else None,
    }


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
