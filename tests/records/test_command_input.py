"""``flask records import`` on bad files: one line per problem with its line number,
then the count, exit code 1, never a traceback, nothing written."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import Organisation
from marketplace.extensions import db
from tests.records.test_import import RECORDS

ORGANISATION = RECORDS[0]
OPPORTUNITY = RECORDS[3]


def run_import(app, tmp_path, content: bytes):
    path = tmp_path / "records.jsonl"
    path.write_bytes(content)
    return app.test_cli_runner().invoke(args=["records", "import", str(path)])


def as_bytes(*records, encoding="utf-8") -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode(encoding)


def assert_refused(result, *line_starts: str) -> list[str]:
    """Exit code 1, exactly the given problem lines in order, then the count."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    problem_lines = [line for line in lines if line.startswith("line ")]
    assert len(problem_lines) == len(line_starts), lines
    for line, start in zip(problem_lines, line_starts, strict=True):
        assert line.startswith(start), line
    assert lines[-1].startswith(f"Error: {len(line_starts)} problem(s) in ")
    assert lines[-1].endswith("nothing was imported.")
    return problem_lines


def haven_exists() -> bool:
    return db.session.scalar(select(Organisation).where(Organisation.ref == "haven")) is not None


def test_an_unknown_field_is_refused_with_its_line(app, tmp_path):
    result = run_import(app, tmp_path, as_bytes(ORGANISATION, {**OPPORTUNITY, "dutch_levl": "B1"}))
    assert_refused(result, "line 2: opportunity: dutch_levl:")
    with app.app_context():
        assert not haven_exists()


@pytest.mark.parametrize("field, value", [("hours_per_week", "20"), ("places", True)])
def test_a_value_of_the_wrong_json_type_is_refused(app, tmp_path, field, value):
    result = run_import(app, tmp_path, as_bytes(ORGANISATION, {**OPPORTUNITY, field: value}))
    assert_refused(result, f"line 2: opportunity: {field}:")


def test_control_characters_in_a_name_are_refused(app, tmp_path):
    result = run_import(
        app,
        tmp_path,
        as_bytes({**ORGANISATION, "name": "Haven\x00NV"}, {**RECORDS[1], "name": "\u200b"}),
    )
    assert_refused(result, "line 1: organisation: name:", "line 2: organisation: name:")


def test_a_byte_order_mark_is_accepted(app, tmp_path):
    result = run_import(app, tmp_path, b"\xef\xbb\xbf" + as_bytes(*RECORDS))
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert haven_exists()


def test_invalid_utf8_names_its_line(app, tmp_path):
    result = run_import(
        app,
        tmp_path,
        as_bytes(ORGANISATION) + as_bytes({**RECORDS[1], "name": "Café"}, encoding="latin-1"),
    )
    assert_refused(result, "line 2: not UTF-8 text")


def test_deeply_nested_json_names_its_line(app, tmp_path):
    result = run_import(
        app, tmp_path, as_bytes(ORGANISATION) + b"[" * 100_000 + b"]" * 100_000 + b"\n"
    )
    assert_refused(result, "line 2: Invalid JSON")


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf"])
def test_a_file_without_records_says_so(app, tmp_path, content):
    result = run_import(app, tmp_path, content)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert (
        result.output.strip().splitlines()[-1].endswith("holds no records: nothing was imported.")
    )


def test_a_refusal_by_the_database_is_one_line_not_a_traceback(app, tmp_path, monkeypatch):
    def refuse(parsed, progress=None):
        raise IntegrityError("INSERT ...", {}, Exception("UNIQUE constraint failed: x.y"))

    monkeypatch.setattr("marketplace.records.cli.import_records", refuse)
    result = run_import(app, tmp_path, as_bytes(ORGANISATION))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert lines[-2] == "the database refused the file: UNIQUE constraint failed: x.y"
    assert lines[-1].startswith("Error: 1 problem(s) in ")
