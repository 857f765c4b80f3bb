"""The record of background jobs that the admins' jobs page reads.

The task wrapper (``jobs.runs``) writes a row when a job is handed to the queue and
updates it when it starts, ends or fails, so the page reads the database whatever
holds the queue (SQLite or Redis). ``args_summary`` holds ids only, never personal data.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.db_types import UTCDateTime, sql_in, utcnow
from marketplace.extensions import db


class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class JobRun(db.Model):
    __tablename__ = "job_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    args_summary: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    state: Mapped[str] = mapped_column(String(20), nullable=False, default=JobState.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0, nullable=False)
    error: Mapped[str | None] = mapped_column(Text)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint(sql_in("state", JobState), name="state"),
        CheckConstraint("attempts >= 0", name="attempts"),
        Index("ix_job_run_state_id", "state", "id"),
    )
