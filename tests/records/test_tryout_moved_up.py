"""When a try-out enrolment left the waiting list (``moved_up_at``) goes through the
records: in, out, kept when absent, emptied by null; bad values are line problems."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.records.exporter import export_records
from marketplace.records.importer import import_records
from marketplace.records.reader import parse_lines
from marketplace.tryouts.models import TryoutEnrolment
from tests.records.test_journey import ENROLMENT, count, lines, rejected

MOVED_UP = {**ENROLMENT, "moved_up_at": "2025-03-02T08:15:00+00:00"}


def enrolment() -> TryoutEnrolment:
    return db.session.scalar(select(TryoutEnrolment))


def exported_enrolment() -> dict:
    return next(r for r in export_records() if r["type"] == "tryout_enrolment")


def test_moved_up_at_comes_in_goes_out_and_imports_again_unchanged(app_ctx):
    import_records(parse_lines(lines(MOVED_UP)))
    assert enrolment().moved_up_at == dt.datetime(2025, 3, 2, 8, 15, tzinfo=dt.UTC)
    assert exported_enrolment() == MOVED_UP
    version = enrolment().version
    again = import_records(parse_lines([json.dumps(r) for r in export_records()]))
    assert again.unchanged["tryout_enrolment"] == 1 and enrolment().version == version


def test_moved_up_at_absent_is_kept_and_null_empties_it(app_ctx):
    import_records(parse_lines(lines(MOVED_UP)))
    assert import_records(parse_lines(lines(ENROLMENT))).unchanged["tryout_enrolment"] == 1
    assert enrolment().moved_up_at is not None
    emptied = import_records(parse_lines(lines({**ENROLMENT, "moved_up_at": None})))
    assert emptied.updated["tryout_enrolment"] == 1 and enrolment().moved_up_at is None
    assert "moved_up_at" not in exported_enrolment()


def test_an_enrolment_back_on_the_waiting_list_loses_its_moved_up_at(app_ctx):
    import_records(parse_lines(lines({**MOVED_UP, "status": "cancelled"})))
    import_records(parse_lines(lines({**ENROLMENT, "status": "cancelled"})))
    assert enrolment().moved_up_at is not None
    import_records(parse_lines(lines({**ENROLMENT, "status": "waiting"})))
    assert enrolment().moved_up_at is None


@pytest.mark.parametrize(("record", "message"), [
    ({**ENROLMENT, "moved_up_at": "2025-03-02T08:15:00"}, "moved_up_at needs its UTC offset"),
    ({**ENROLMENT, "moved_up_at": 1740903300}, "moved_up_at"),
    ({**ENROLMENT, "moved_up_at": "gisteren"}, "moved_up_at"),
    ({**ENROLMENT, "moved_up_at": "2999-01-01T08:00:00+00:00"}, "moved_up_at is in the future"),
    ({**ENROLMENT, "moved_up_at": "2025-02-28T08:00:00+00:00"},
     "moved_up_at is before enrolled_at"),
    ({**MOVED_UP, "status": "waiting"}, "moved_up_at is not for an enrolment still waiting"),
    ({**MOVED_UP, "moved_up": True}, "moved_up: Extra inputs are not permitted"),
])
def test_a_bad_moved_up_at_is_a_problem_of_its_line_and_nothing_is_written(
        app_ctx, record, message):
    problems = rejected(record)
    line = len(lines()) + 1
    assert any(p.startswith(f"line {line}: ") and message in p for p in problems), problems
    assert count(TryoutEnrolment) == 0
