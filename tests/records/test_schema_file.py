"""The JSON Schema of the format, ``docs/records.schema.json``, is what the record
models give (the CI check: regenerate with ``flask records schema``)."""

from __future__ import annotations

import json

from marketplace.records.schema import RECORD_TYPES, SCHEMA_PATH, json_schema, schema_text


def test_the_checked_in_schema_is_what_the_models_give():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "docs/records.schema.json is out of date: run `flask --app wsgi records schema`"
    )


def test_the_schema_tells_every_record_type_apart_by_its_type():
    schema = json_schema()
    mapping = schema["discriminator"]["mapping"]
    assert set(mapping) == set(RECORD_TYPES)
    assert len(schema["oneOf"]) == len(RECORD_TYPES)
    barrier = schema["$defs"]["BarrierRecord"]
    assert barrier["additionalProperties"] is False
    assert set(barrier["required"]) >= {"ref", "candidate", "kind", "status", "noted_on"}


def test_the_schema_command_writes_the_same_file(app, tmp_path):
    target = tmp_path / "records.schema.json"
    result = app.test_cli_runner().invoke(args=["records", "schema", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text()) == json.loads(SCHEMA_PATH.read_text())
