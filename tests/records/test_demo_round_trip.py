"""The whole demo database goes through the records: exported, imported into an empty
database (migrated, taxonomy only) and exported again, the two files are the same byte
for byte; imported back into the demo database itself, nothing changes."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from tests import fresh
from tests.records.test_round_trip import import_into_empty_database, run
from tests.security.helpers import fingerprint


@pytest.fixture(autouse=True)
def db_session():
    """These tests commit for real, in databases of their own."""
    yield None


def test_the_full_demo_exports_imports_into_an_empty_database_and_exports_the_same(tmp_path):
    first, again, rebuilt = (tmp_path / name for name in ("first.jsonl", "again.jsonl",
                                                          "rebuilt.jsonl"))
    with fresh.migrated_database(tmp_path, "demo", users=False) as url:
        app = fresh.make_app(url)
        run(app, "demo", "load")
        run(app, "records", "export", str(first))
        with app.app_context():
            before = fingerprint(exclude=frozenset())
        output = run(app, "records", "import", str(first))
        for line in output.splitlines()[1:]:
            assert re.search(r" 0 created +0 updated", line), line
        with app.app_context():
            assert fingerprint(exclude=frozenset()) == before
        run(app, "records", "export", str(again))
        fresh.dispose(app)
    assert again.read_bytes() == first.read_bytes()
    kinds = Counter(json.loads(line)["type"] for line in first.read_text().splitlines())
    # Every kind of thing the demo shows is in the file.
    for kind in ("organisation", "coach", "opportunity", "candidate", "proposal", "barrier",
                 "trajectory_decision", "trajectory_step", "tryout_enrolment",
                 "suggestion_dismissal"):
        assert kinds[kind] > 0, kind
    text = first.read_text()
    for field in ('"contract_type"', '"internship_weeks"', '"duration_weeks"', '"session_on"',
                  '"consent_records"', '"education_level"', '"source":"proposal:',
                  '"interview":{"starts_at":'):
        assert field in text, field
    import_into_empty_database(tmp_path, first, rebuilt)
    assert rebuilt.read_bytes() == first.read_bytes()
