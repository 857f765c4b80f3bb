"""A records file uploaded by an admin is kept in the database and imported by a job:
all or nothing, the result (counts, or the problems by line) on the import's page,
the content deleted once it ran, never imported twice."""

from __future__ import annotations

import gzip
import io
import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import undefer

from marketplace.candidates.models import Candidate
from marketplace.extensions import db
from marketplace.jobs import tasks
from marketplace.jobs.models import JobRun
from marketplace.records import jobs as records_jobs
from marketplace.records import operations
from marketplace.records.models import RecordImport
from tests.records.test_import import RECORDS, lines
from tests.records.test_journey import JOURNEY
from tests.records.test_journey import lines as journey_lines
from tests.web.test_csrf import log_in, token_from


def good_file() -> bytes:
    return ("\n".join(lines()) + "\n").encode("utf-8")


def bad_file() -> bytes:
    broken = [dict(r) for r in RECORDS]
    broken[4] = {**broken[4], "dutch_level": "Z1"}
    return ("\n".join([*lines(broken[:3]), "{oops", json.dumps(broken[4])]) + "\n").encode()


def candidates() -> int:
    return db.session.scalar(select(func.count(Candidate.id)).where(Candidate.ref == "cand-1"))


def imports() -> list[RecordImport]:
    return db.session.scalars(select(RecordImport).options(undefer(RecordImport.content))
                              .order_by(RecordImport.id)).all()


def upload(client, data: bytes, filename: str = "records.jsonl", **extra):
    return client.post("/admin/imports/", data={
        "records_file": (io.BytesIO(data), filename), **extra,
    }, content_type="multipart/form-data")


def test_an_uploaded_file_is_imported_by_a_job_and_its_content_deleted(login_as, users):
    client = login_as("admin")
    response = upload(client, good_file())
    assert response.status_code == 302
    [record] = imports()
    assert response.headers["Location"].endswith(f"/admin/imports/{record.id}")
    assert (record.state, record.record_count, record.content) == ("done", 5, None)
    assert record.uploaded_by_id == users["admin"].id and record.filename == "records.jsonl"
    assert record.counts["created"]["candidate"] == 1
    assert candidates() == 1
    [run] = db.session.scalars(select(JobRun)).all()
    assert (run.name, run.state, run.args_summary) == ("import_records", "done",
                                                       f"[{record.id}]")
    page = client.get(f"/admin/imports/{record.id}").get_data(as_text=True)
    assert "Geïmporteerd" in page and "5 records zijn geïmporteerd" in page
    listing = client.get("/admin/imports/").get_data(as_text=True)
    assert "records.jsonl" in listing


def test_a_file_with_problems_imports_nothing_and_shows_them_by_line(login_as):
    client = login_as("admin")
    upload(client, bad_file(), "fouten.jsonl")
    [record] = imports()
    assert record.state == "rejected" and record.content is None
    assert candidates() == 0
    problems = operations.stored_problems(record)
    assert [p["line"] for p in problems][:2] == [4, 5]
    assert problems[0]["message"].startswith("Invalid JSON")
    page = client.get(f"/admin/imports/{record.id}").get_data(as_text=True)
    assert "Er is niets geïmporteerd" in page
    assert "Invalid JSON" in page and '<td class="number">4</td>' in page
    assert "De fouten staan in het Engels" in page  # so a Dutch reader is not surprised


def test_a_file_with_one_problem_says_so_in_the_singular(login_as):
    client = login_as("admin")
    data = ("\n".join([*lines(RECORDS[:3]), "{oops"]) + "\n").encode()
    upload(client, data, "een-fout.jsonl")
    [record] = imports()
    page = client.get(f"/admin/imports/{record.id}").get_data(as_text=True)
    assert "het bestand heeft 1 fout. Verbeter die in het bestand" in page
    assert f"{len(data)} bytes" in page
    assert "1 import, nieuwste eerst" in client.get("/admin/imports/").get_data(as_text=True)


def test_a_done_import_run_again_imports_nothing_twice(app_ctx):
    record = operations.store_upload("records.jsonl", good_file())
    run = tasks.dispatch(records_jobs.import_records_job, record.id)
    assert candidates() == 1
    # The run handed over again (after a killed worker), and a new run of the import.
    records_jobs.import_records_job.call_local(record.id, run_id=run.id)
    assert records_jobs.import_records_job.call_local(record.id) == "skipped"
    assert candidates() == 1
    db.session.refresh(record)
    assert record.counts["created"]["candidate"] == 1


def test_a_worker_killed_before_the_commit_leaves_the_import_waiting_with_its_file(
    app_ctx, monkeypatch
):
    record = operations.store_upload("records.jsonl", good_file())
    db.session.commit()

    def killed(run_id):
        raise SystemExit("worker killed")

    with monkeypatch.context() as dying:
        dying.setattr(tasks, "record_done", killed)
        with pytest.raises(SystemExit):
            records_jobs.import_records_job.call_local(record.id)
    db.session.rollback()
    [record] = imports()
    assert record.state == "waiting" and record.content is not None
    assert candidates() == 0
    [run] = db.session.scalars(select(JobRun)).all()
    records_jobs.import_records_job.call_local(record.id, run_id=run.id)
    assert candidates() == 1
    assert imports()[0].state == "done"


def test_an_import_job_that_raises_keeps_its_error_and_the_file(login_as, monkeypatch):
    def database_trouble(parsed, progress=None, *, by=None):
        raise RuntimeError("the database went away")

    client = login_as("admin")
    with monkeypatch.context() as down:
        down.setattr(operations, "import_records", database_trouble)
        upload(client, good_file())
    [record] = imports()
    assert record.state == "waiting"
    assert gzip.decompress(record.content) == good_file()
    [run] = db.session.scalars(select(JobRun)).all()
    assert (run.state, run.error) == ("failed", "RuntimeError: the database went away")
    jobs_page = client.get("/admin/jobs/").get_data(as_text=True)
    assert "the database went away" in jobs_page and "1 taak" in jobs_page
    # The failed run links to its import rather than showing a bare id.
    assert f'<a href="/admin/imports/{record.id}">Import {record.id}</a>' in jobs_page
    page = client.get(f"/admin/imports/{record.id}").get_data(as_text=True)
    assert "wacht op de import" in page.lower()
    # The import's page says its job failed and where to try again, not "reload".
    assert ('De import kon niet lopen: <span translate="no">RuntimeError: the database '
            "went away</span>") in page
    assert "Probeer hem opnieuw op de pagina Achtergrondtaken" in page
    assert "Laad deze pagina opnieuw" not in page
    client.post(f"/admin/jobs/{run.id}/retry")
    assert candidates() == 1
    db.session.expire_all()  # the request's session wrote the import
    assert imports()[0].state == "done" and imports()[0].content is None


@pytest.mark.parametrize(("data", "filename", "message"), [
    (b"", "records.jsonl", "Het bestand is leeg."),
    (b"   \n\n", "records.jsonl", "Het bestand is leeg."),
    (b"a;b;c\n1;2;3\n", "records.csv", "Dit is geen bestand met records"),
    (gzip.compress(b'{"type": "coach"}\n', mtime=0), "records.jsonl",
     "Dit is geen bestand met records"),
    ('{"type": "organisation", "name": "Café"}\n'.encode("latin-1"), "records.jsonl",
     "Het bestand is geen UTF-8-tekst"),
], ids=["empty", "blank-lines", "csv", "gzip", "latin-1"])
def test_a_wrong_upload_is_refused_with_a_clear_message(login_as, data, filename, message):
    client = login_as("admin")
    response = upload(client, data, filename)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    assert 'aria-invalid="true"' in page
    assert imports() == []


def test_no_file_chosen_is_refused(login_as):
    response = login_as("admin").post("/admin/imports/", data={},
                                      content_type="multipart/form-data")
    assert "Kies een bestand om op te laden." in response.get_data(as_text=True)
    assert imports() == []


def test_a_file_over_the_size_limit_is_refused(login_as, app, monkeypatch):
    monkeypatch.setitem(app.config, "RECORD_IMPORT_MAX_BYTES", 100)
    response = upload(login_as("admin"), good_file())
    assert "Het bestand is te groot: hoogstens 0.0001 MB." in response.get_data(as_text=True)
    assert imports() == []


def test_markup_in_a_file_name_is_shown_as_text(login_as):
    client = login_as("admin")
    upload(client, good_file(), "<img src=x onerror=alert(1)>.jsonl")
    [record] = imports()
    assert record.filename == "<img src=x onerror=alert(1)>.jsonl"
    for url in (f"/admin/imports/{record.id}", "/admin/imports/"):
        page = client.get(url).get_data(as_text=True)
        assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_uploading_needs_the_forms_token(csrf_app, app_ctx):
    client = csrf_app.test_client()
    log_in(client)
    page = client.get("/admin/imports/").get_data(as_text=True)
    response = upload(client, good_file())
    assert "verlopen" in response.get_data(as_text=True)
    assert imports() == []
    response = upload(client, good_file(), csrf_token=token_from(page))
    assert response.status_code == 302
    assert len(imports()) == 1


def test_records_import_background_queues_the_same_job(app, app_ctx, tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_bytes(good_file())
    result = app.test_cli_runner().invoke(args=["records", "import", "--background",
                                                str(path)])
    assert result.exit_code == 0, result.output
    [record] = imports()
    assert f"Import {record.id} of records.jsonl queued as job run" in result.output
    assert record.state == "done" and record.uploaded_by_id is None
    assert candidates() == 1


def test_the_import_page_counts_every_kind_of_record_of_the_file(login_as):
    """Barriers, trajectory decisions and steps, try-out enrolments: each its own row."""
    client = login_as("admin")
    data = ("\n".join(journey_lines(*JOURNEY)) + "\n").encode("utf-8")
    assert upload(client, data).status_code == 302
    [record] = imports()
    assert record.state == "done"
    assert record.counts["created"]["barrier"] == 1
    assert record.counts["created"]["trajectory_step"] == 3
    page = client.get(f"/admin/imports/{record.id}").get_data(as_text=True)
    for label in ("Drempels", "Beslissingen over trajecten", "Stappen in trajecten",
                  "Inschrijvingen voor proefsessies"):
        assert label in page
