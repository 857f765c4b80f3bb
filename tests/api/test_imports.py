"""The records import resource: a whole JSON Lines file, imported by a job (at once in
the tests), all or nothing, with the same line problems as the imports page."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.accounts.models import Organisation
from marketplace.extensions import db
from marketplace.records.models import RecordImport
from tests.api.conftest import assert_problem
from tests.factories import make_api_token
from tests.records.test_import import RECORDS, lines

IMPORTS = "/api/v1/imports"
NDJSON = "application/x-ndjson"


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _file(records=RECORDS) -> bytes:
    return ("\n".join(lines(records)) + "\n").encode()


def _post(api, data: bytes, key: str = "admin_body", **kwargs):
    return api(key).post(IMPORTS, data=data, content_type=NDJSON, **kwargs)


def test_a_file_is_imported_by_the_job_and_its_state_can_be_asked(api, app_ctx):
    response = _post(api, _file(), query_string={"filename": "vdab.jsonl"})
    assert response.status_code == 202, response.get_data(as_text=True)[:500]
    location = response.headers["Location"]
    assert location == f"{IMPORTS}/{response.get_json()['id']}"
    body = api("admin_body").get(location).get_json()
    assert body["state"] == "done" and body["filename"] == "vdab.jsonl"
    assert body["record_count"] == len(RECORDS)
    assert body["counts"]["created"]["organisation"] == 2
    assert body["counts"]["created"]["candidate"] == 1
    assert db.session.scalar(select(Organisation).where(Organisation.ref == "haven"))


def test_a_file_with_a_wrong_line_is_rejected_with_its_line_and_nothing_is_written(
        api, app_ctx):
    organisations = _count(Organisation)
    wrong = [*RECORDS[:2], {**RECORDS[2], "organisation": "nobody-knows-this"}]
    response = _post(api, _file(wrong))
    assert response.status_code == 202
    body = api("admin_body").get(response.headers["Location"]).get_json()
    assert body["state"] == "rejected" and body["counts"] is None
    assert [problem["line"] for problem in body["problems"]] == [3]
    assert body["problem_count"] == 1
    assert _count(Organisation) == organisations


def test_a_file_that_is_no_json_lines_text_is_a_422_and_nothing_is_stored(api, app_ctx):
    imports = _count(RecordImport)
    for data in (b"   \n", b"\x1f\x8b\x08binary", "caf\u00e9".encode("latin-1")):
        body = assert_problem(_post(api, data), 422)
        assert body["errors"][0]["location"] == ["body"]
    assert _count(RecordImport) == imports


def test_another_content_type_is_a_415(api, app_ctx):
    imports = _count(RecordImport)
    assert_problem(api("admin_body").post(IMPORTS, json=RECORDS[0]), 415)
    assert _count(RecordImport) == imports


def test_a_file_over_the_import_limit_is_a_413(api, app, app_ctx, monkeypatch):
    monkeypatch.setitem(app.config, "RECORD_IMPORT_MAX_BYTES", 100)
    imports = _count(RecordImport)
    assert_problem(_post(api, _file()), 413)
    assert _count(RecordImport) == imports


def test_the_import_limit_is_larger_than_the_json_limit(api, app_ctx):
    big = [RECORDS[0], *({**RECORDS[3], "ref": f"job-{n}", "description": "Laden. " * 90}
                         for n in range(400))]
    data = _file(big)
    assert len(data) > 256 * 1024
    response = _post(api, data)
    assert response.status_code == 202
    assert api("admin_body").get(response.headers["Location"]).get_json()["state"] == "done"


def test_only_the_partnerships_tokens_may_import(api, app_ctx, organisations):
    for key in ("partner_a", "employer_a", "federation"):
        assert_problem(_post(api, _file(), key=key), 403)
    _token, secret = make_api_token(organisations["admin_body"], scopes=["insights:read"],
                                    commit=True)
    assert_problem(api(secret=secret).post(IMPORTS, data=_file(), content_type=NDJSON), 403)
    assert_problem(api(secret="wb_nope").post(IMPORTS, data=_file(), content_type=NDJSON), 401)


def test_an_unknown_import_is_a_404_and_others_may_not_ask(api, app_ctx):
    assert_problem(api("admin_body").get(f"{IMPORTS}/999999"), 404)
    location = _post(api, _file()).headers["Location"]
    assert_problem(api("partner_a").get(location), 403)


def test_an_unknown_query_field_is_a_422(api, app_ctx):
    body = assert_problem(_post(api, _file(), query_string={"mode": "fast"}), 422)
    assert body["errors"][0]["location"] == ["query", "mode"]
