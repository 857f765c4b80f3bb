"""Reading the record of job runs for the admins' jobs page."""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, select

from marketplace.extensions import db
from marketplace.jobs.models import JobRun, JobState
from marketplace.jobs.operations import summarise_args


def runs_in_state(state: str) -> Select:
    """Runs in one state, the latest first."""
    return select(JobRun).where(JobRun.state == state).order_by(JobRun.id.desc())


def open_and_failed_runs(limit: int = 50) -> dict[str, list[JobRun]]:
    """The waiting, running and failed runs (at most ``limit`` each), by state."""
    return {
        state: db.session.scalars(runs_in_state(state).limit(limit)).all()
        for state in (JobState.QUEUED, JobState.RUNNING, JobState.FAILED)
    }


def latest_run(name: str, *args: int | str) -> JobRun | None:
    """The latest run of job ``name`` with these arguments (a page about the object a
    job works on shows how its job went)."""
    return db.session.scalar(
        select(JobRun).where(JobRun.name == name, JobRun.args_summary == summarise_args(args))
        .order_by(JobRun.id.desc()).limit(1)
    )


def run_or_404(run_id: int) -> JobRun:
    run = db.session.get(JobRun, run_id)
    if run is None:
        abort(404)
    return run
