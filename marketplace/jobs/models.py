"""The record of background jobs that the admins' jobs page reads.

The task wrapper (``jobs.runs``) writes a row when a job is handed to the queue and
updates it when it starts, ends or fails, so the page reads the database whatever
holds the queue (SQLite or Redis). ``args_summary`` holds ids only, never personal data.

A running run names its ``worker`` (host:pid) and carries the heartbeat that worker
writes while it lives (``heartbeat_at``); ``jobs.recovery`` hands a run whose heartbeat
stopped to the queue again. A run started by the scheduler holds its schedule ``slot``
(the scheduled minute): the unique (name, slot) pair lets one host run it, and the
other hosts' schedulers, which enqueue the same slot, skip it.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.db_types import UTCDateTime, sql_in, utcnow
from marketplace.extensions import db


class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class FailureReason(enum.StrEnum):
    WORKER_STOPPED = "worker_stopped"


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
    worker: Mapped[str | None] = mapped_column(String(200))
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    slot: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why the run failed when no exception says it (a reason code; the page words it).
    failure_reason: Mapped[str | None] = mapped_column(String(40))

    __table_args__ = (
        CheckConstraint(sql_in("state", JobState), name="state"),
        CheckConstraint("attempts >= 0", name="attempts"),
        CheckConstraint(sql_in("failure_reason", FailureReason), name="failure_reason"),
        Index("ix_job_run_state_id", "state", "id"),
        Index("ix_job_run_state_heartbeat_at", "state", "heartbeat_at"),
        UniqueConstraint("name", "slot"),
    )
