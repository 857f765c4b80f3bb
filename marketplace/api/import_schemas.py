"""The records import resource's models: an import's state, counts and line problems,
as the admins' import page shows them (``ImportOut.of``)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from marketplace.api.spec import StrictModel
from marketplace.jobs.errors import describe_error
from marketplace.records.models import ImportState, RecordImport
from marketplace.records.operations import KINDS, stored_problems
from marketplace.records.queries import failed_import_run


class ImportQuery(StrictModel):
    filename: str = Field("api.jsonl", min_length=1, max_length=255,
                          description="The file's name, shown in the list of imports.")


class LineProblem(BaseModel):
    line: int = Field(description="The line of the file (0: the file as a whole).")
    message: str


class ImportCounts(BaseModel):
    """Per kind of record (organisation, coach, opportunity, ...): how many."""

    created: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]


class ImportOut(BaseModel):
    """One records import."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": 12, "state": "rejected", "filename": "vdab-2026-11.jsonl",
        "size_bytes": 20480, "record_count": 40, "counts": None,
        "problems": [{"line": 7, "message": "candidate: consent_given_on is required"}],
        "problem_count": 1, "job_error": None,
        "uploaded_at": "2026-11-30T09:12:00Z", "finished_at": "2026-11-30T09:12:03Z",
    }]})

    id: int
    state: ImportState = Field(description="waiting, done (imported) or rejected "
                                           "(nothing imported: see problems).")
    filename: str
    size_bytes: int
    record_count: int | None = Field(description="Records in the file, once read.")
    counts: ImportCounts | None = Field(description="What a done import changed.")
    problems: list[LineProblem] = Field(
        description="A rejected file's problems by line (the first 1000), or a done "
                    "import's warnings.")
    problem_count: int = Field(description="How many problems or warnings in all.")
    job_error: str | None = Field(
        description="Why the import job failed, while the import is still waiting.")
    uploaded_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, record: RecordImport) -> ImportOut:
        stored = record.counts or {}
        counts = None
        if record.state == ImportState.DONE and "created" in stored:
            counts = ImportCounts(**{key: {kind: stored[key].get(kind, 0) for kind in KINDS}
                                     for key in ("created", "updated", "unchanged")})
        run = failed_import_run(record)
        return cls(
            id=record.id, state=record.state, filename=record.filename,
            size_bytes=record.size_bytes, record_count=record.record_count, counts=counts,
            problems=[LineProblem(**problem) for problem in stored_problems(record)],
            problem_count=stored.get("problems", 0),
            job_error=describe_error(run.error) if run is not None else None,
            uploaded_at=record.uploaded_at, finished_at=record.finished_at,
        )
