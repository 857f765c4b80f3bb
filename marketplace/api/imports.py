"""The records import resource: a whole JSON Lines file, imported by a job.

``POST /imports`` takes the file as the body (``application/x-ndjson``, at most
``RECORD_IMPORT_MAX_BYTES``, else 413), keeps it as the admins' upload page does
(``records.operations.store_upload``), hands it to the import job and answers 202 with
the import's address in ``Location``. ``GET /imports/{id}`` says how it went: waiting,
done (with the counts) or rejected (nothing imported; the same line-numbered problems
as the imports page). All or nothing, as every records import. Only the partnership's
keys (``Permission.IMPORT_RECORDS``), which see every import as its admins do.
"""

from __future__ import annotations

from flask import current_app, request, url_for

from marketplace.accounts.permissions import Permission
from marketplace.api.auth import api_requires
from marketplace.api.blueprint import bp
from marketplace.api.idempotency import answer_once, idempotent
from marketplace.api.import_schemas import ImportOut, ImportQuery
from marketplace.api.problems import ApiProblem
from marketplace.api.spec import LOCATION, raw_body, responses, spec
from marketplace.jobs.tasks import dispatch
from marketplace.records.jobs import import_records_job
from marketplace.records.operations import store_upload
from marketplace.records.queries import record_import_or_404
from marketplace.records.uploads import upload_problem

TAGS = ("imports",)
NDJSON = "application/x-ndjson"


def _max_import_bytes() -> int:
    return int(current_app.config["RECORD_IMPORT_MAX_BYTES"])


@bp.post("/imports")
@api_requires(Permission.IMPORT_RECORDS, scope="imports:write", max_body=_max_import_bytes,
              content_type=NDJSON)
@idempotent
@spec.validate(query=ImportQuery, resp=responses(202, ImportOut, problems=(413, 415),
                                                      headers=(LOCATION,)),
               tags=TAGS, operation_id="createImport")
def create_import():
    """Import a records file: one organisation, coach, opportunity, candidate, ... per
    line, as the export writes them.

    Answers at once (202, the import waiting); the import runs in the background.
    Follow `Location` to see whether it was done or rejected. Send an
    `Idempotency-Key` to retry safely.
    """
    query: ImportQuery = request.context.query
    data = request.get_data(cache=False)
    problem = upload_problem(data)
    if problem is not None:
        raise ApiProblem(422, errors=[{"location": ["body"], "message": str(problem),
                                       "code": "invalid_file"}])
    record = store_upload(query.filename, data)
    answer = answer_once(lambda: (ImportOut.of(record), 202, {
        "Location": url_for("api.get_import", import_id=record.id)}))
    dispatch(import_records_job, record.id)  # commits the upload, then hands it over
    return answer


raw_body("createImport", NDJSON,
         "The records file: JSON Lines (UTF-8), one record per line.")


@bp.get("/imports/<int:import_id>")
@api_requires(Permission.IMPORT_RECORDS, scope="imports:write")
@spec.validate(resp=responses(200, ImportOut, problems=(404,)), tags=TAGS,
               operation_id="getImport")
def get_import(import_id: int):
    """How an import went: waiting, done (counts) or rejected (problems by line)."""
    return ImportOut.of(record_import_or_404(import_id)), 200
