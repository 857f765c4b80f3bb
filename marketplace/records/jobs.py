"""The records' background job: importing an uploaded file (the admins' imports page
and ``flask records import --background``)."""

from __future__ import annotations

from marketplace.jobs.tasks import job
from marketplace.records.operations import run_import


@job("import_records")
def import_records_job(import_id: int) -> str:
    """Import an uploaded records file (``records.operations.run_import``). Only
    flushes: the records, the import's new state and the run's done-mark commit
    together, so a repeated run of a done import does nothing."""
    return run_import(import_id)
