"""Records files uploaded in the site and imported by a job (``record_import``).

``store_upload`` keeps the file gzip-compressed in the database; ``run_import`` (the
job) imports it with the same reader and importer as ``flask records import``, all or
nothing. The import's writes and its row's new state are one transaction (the caller
commits), so a run repeated after a killed worker finds the import done and does
nothing. Once it has run, the content is deleted: counts (or the line problems) stay.
Functions only flush.
"""

from __future__ import annotations

import gzip
import io
import json

from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import undefer

from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.records.importer import ImportSummary, RecordsRejected, import_records
from marketplace.records.models import ImportState, RecordImport
from marketplace.records.reader import Problem, parse_lines
from marketplace.records.schema import RECORD_TYPES
from marketplace.text_rules import flatten_line

#: The most problems one import keeps (a wholly wrong file can have one per line).
MAX_PROBLEMS_KEPT = 1000
#: The kinds of records an import counts: every type of the format.
KINDS = RECORD_TYPES


def store_upload(filename: str, data: bytes, uploaded_by=None) -> RecordImport:
    """Keep an uploaded (or a command's) file for the import job. Its name is shown on
    one line as sent, less line breaks, control characters and direction overrides
    (``e\u202egpj.jsonl`` read as ``ejsonl.jpg``)."""
    record = RecordImport(
        filename=flatten_line(filename)[:255], size_bytes=len(data),
        content=gzip.compress(data),
        state=ImportState.WAITING, uploaded_by_id=getattr(uploaded_by, "id", None),
    )
    db.session.add(record)
    db.session.flush()
    return record


def run_import(import_id: int) -> str:
    """Import the stored file of ``import_id``: "done", "rejected" (nothing written,
    the problems kept by line), or "skipped" when it has run already.

    The import row must be committed (the upload's hand-over to the queue commits it):
    a rejected file rolls the session back to drop whatever the importer wrote."""
    record = db.session.get(RecordImport, import_id, options=[undefer(RecordImport.content)])
    if record is None:
        raise LookupError(f"record import {import_id} does not exist")
    if record.state != ImportState.WAITING:
        return "skipped"
    parsed = parse_lines(io.BytesIO(gzip.decompress(record.content)))
    if parsed.count == 0 and not parsed.problems:
        return _finish(record, ImportState.REJECTED,
                       [Problem(0, "the file holds no records: nothing was imported")])
    try:
        summary = import_records(parsed, by=record.uploaded_by)
    except RecordsRejected as rejected:
        db.session.rollback()
        return _finish(db.session.get(RecordImport, import_id), ImportState.REJECTED,
                       rejected.problems, record_count=parsed.count)
    except (IntegrityError, DataError) as error:
        # The checks should leave the database nothing to refuse; if it still does,
        # say so in one line (as the command does).
        db.session.rollback()
        reason = str(error.orig).strip().splitlines()[0]
        return _finish(db.session.get(RecordImport, import_id), ImportState.REJECTED,
                       [Problem(0, f"the database refused the file: {reason}")],
                       record_count=parsed.count)
    return _finish(record, ImportState.DONE, summary.warnings, record_count=parsed.count,
                   counts=summary_counts(summary))


def summary_counts(summary: ImportSummary) -> dict:
    return {
        "created": {kind: summary.created[kind] for kind in KINDS},
        "updated": {kind: summary.updated[kind] for kind in KINDS},
        "unchanged": {kind: summary.unchanged[kind] for kind in KINDS},
    }


def _finish(record: RecordImport, state: ImportState, problems: list[Problem], *,
            record_count: int | None = None, counts: dict | None = None) -> str:
    record.state = state
    record.content = None
    record.record_count = record_count
    # How many problems (or warnings) there were, also when not all are kept.
    record.counts = {**(counts or {}), "problems": len(problems)}
    kept = sorted(problems, key=lambda problem: problem.line)[:MAX_PROBLEMS_KEPT]
    record.problems = json.dumps(
        [{"line": problem.line, "message": problem.message} for problem in kept],
        ensure_ascii=False,
    ) if problems else None
    record.finished_at = utcnow()
    db.session.flush()
    return str(state)


def stored_problems(record: RecordImport) -> list[dict]:
    """The kept problems (or warnings) as [{"line", "message"}], by line."""
    return json.loads(record.problems) if record.problems else []
