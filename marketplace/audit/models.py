"""The audit event: one row per view, change, export, login or denied attempt.

Rows are only ever inserted by the application; there is no update or delete path.
``details`` holds structured facts (changed field names, old and new values of
non-personal fields), never free-text notes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from marketplace.accounts.models import Organisation, User
from marketplace.apitokens.models import ApiToken
from marketplace.db_types import UTCDateTime, utcnow
from marketplace.extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    actor_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    #: The API token that acted (a call of the partner API); ``actor_id`` is then empty.
    actor_token_id: Mapped[int | None] = mapped_column(
        ForeignKey("api_token.id", ondelete="SET NULL")
    )
    action: Mapped[str] = mapped_column(String(40), nullable=False)
    subject_type: Mapped[str] = mapped_column(String(40), nullable=False)
    subject_id: Mapped[int | None] = mapped_column()
    details: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    remote_address: Mapped[str | None] = mapped_column(String(64))

    actor = relationship(User, lazy="joined", viewonly=True)
    actor_organisation = relationship(Organisation, lazy="joined", viewonly=True)
    actor_token = relationship(ApiToken, lazy="joined", viewonly=True)

    __table_args__ = (
        # A subject's events, newest first (the candidate's history and profile, an
        # opportunity's history, a conflict's changes): the id in the index gives the
        # order without a sort. It replaces the index on (subject_type, subject_id),
        # its prefix, so this most-written table keeps one index of the two.
        Index("ix_audit_event_subject_newest", "subject_type", "subject_id", "id"),
        Index("ix_audit_event_occurred_at", "occurred_at"),
    )


class AuditLogIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete an audit event."""


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(_mapper, _connection, target):
    raise AuditLogIsAppendOnly(f"audit event {target.id} cannot be changed")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(_mapper, _connection, target):
    raise AuditLogIsAppendOnly(f"audit event {target.id} cannot be deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state):
    if (state.is_update or state.is_delete) and any(
        mapper.class_ is AuditEvent for mapper in state.all_mappers
    ):
        raise AuditLogIsAppendOnly("audit events cannot be changed or deleted")
