"""Lookups of records imports, shared by the admins' imports pages and the API."""

from __future__ import annotations

from flask import abort

from marketplace.extensions import db
from marketplace.jobs.models import JobRun, JobState
from marketplace.jobs.queries import latest_run
from marketplace.records.models import ImportState, RecordImport


def record_import_or_404(import_id: int) -> RecordImport:
    """An import (only the partnership's admins see imports, and they see them all)."""
    record = db.session.get(RecordImport, import_id)
    if record is None:
        abort(404)
    return record


def failed_import_run(record: RecordImport) -> JobRun | None:
    """The failed job run of a waiting import: it says so, rather than "waiting" for
    ever. None when the import has run or its job has not failed."""
    if record.state != ImportState.WAITING:
        return None
    run = latest_run("import_records", record.id)
    return run if run is not None and run.state == JobState.FAILED else None
