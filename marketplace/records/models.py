"""``record_import``: a records file uploaded in the site, imported by a job.

The file is kept in the database (gzip-compressed), not on disk: the worker that runs
the import may be on another host than the one that received the upload. Once the
import has run, the content is deleted (it holds personal data); the counts or the
line problems stay for the admin.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.db_types import UTCDateTime, sql_in, utcnow
from marketplace.extensions import db


class ImportState(enum.StrEnum):
    WAITING = "waiting"  # stored; the job has not finished it (yet)
    DONE = "done"  # imported; content deleted; counts kept
    REJECTED = "rejected"  # nothing imported; content deleted; line problems kept


class RecordImport(db.Model):
    __tablename__ = "record_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: None when queued from the command line or the admin was removed.
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    size_bytes: Mapped[int] = mapped_column(nullable=False)
    #: The file, gzip-compressed; None once the import has run.
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    state: Mapped[str] = mapped_column(String(20), nullable=False, default=ImportState.WAITING)
    record_count: Mapped[int | None] = mapped_column()
    #: {"created": {kind: n}, "updated": {...}, "unchanged": {...}} of a done import.
    counts: Mapped[dict | None] = mapped_column(JSON)
    #: JSON list of {"line": n, "message": text}: the problems of a rejected file, or
    #: the warnings of a done one. Written by the job from the file, never typed.
    problems: Mapped[str | None] = mapped_column(Text)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    uploaded_by = relationship(User, lazy="joined")

    __table_args__ = (
        CheckConstraint(sql_in("state", ImportState), name="state"),
        CheckConstraint("size_bytes >= 0", name="size"),
        # The content goes once the import has run (personal data).
        CheckConstraint("state = 'waiting' OR content IS NULL", name="content_only_waiting"),
        Index("ix_record_import_uploaded_at", "uploaded_at"),
    )
