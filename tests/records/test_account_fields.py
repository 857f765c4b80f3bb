"""What an admin enters about organisations and coaches travels too: whether an
organisation is active, a coach's work phone (kept when a record leaves it out)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Organisation, User
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.records.exporter import export_records
from marketplace.records.importer import RecordsRejected, import_records
from marketplace.records.reader import parse_lines
from tests.records.test_import import RECORDS

COACH = {**RECORDS[2], "work_phone": "+32 3 123 45 67"}
STOPPED = {**RECORDS[0], "active": False}


def lines(*records) -> list[str]:
    return [json.dumps(record) for record in records]


def test_an_inactive_organisation_and_a_work_phone_come_in_and_go_out(app_ctx):
    import_records(parse_lines(lines(STOPPED, RECORDS[1], COACH)))
    assert not db.session.scalar(select(Organisation.is_active)
                                 .where(Organisation.ref == "haven"))
    exported = list(export_records())
    assert {"active": False}.items() <= next(r for r in exported if r.get("ref") == "haven").items()
    coach = next(r for r in exported if r["type"] == "coach"
                 and r["email"] == "coach.import@example.org")
    assert coach["work_phone"] == "+32 3 123 45 67"


def test_a_record_without_a_work_phone_or_active_keeps_what_the_site_holds(app_ctx):
    import_records(parse_lines(lines(STOPPED, RECORDS[1], COACH)))
    summary = import_records(parse_lines(lines(*RECORDS[:3])))
    assert summary.updated["coach"] == summary.updated["organisation"] == 0
    assert db.session.scalar(select(User.work_phone).where(
        User.email == "coach.import@example.org")) == "+32 3 123 45 67"
    assert not db.session.scalar(select(Organisation.is_active)
                                 .where(Organisation.ref == "haven"))


@pytest.mark.parametrize(("record", "message"), [
    ({**COACH, "work_phone": "12 34 56"}, "line 3: coach: work_phone: Value error, not a phone"),
    ({**COACH, "work_phone": "03/123.45.67 ext"}, "line 3: coach: work_phone: String should"),
    ({**STOPPED, "active": "no"}, "line 1: organisation: active: Input should be a valid "
                                  "boolean"),
])
def test_a_work_phone_or_active_the_forms_would_refuse_is_a_line_problem(app_ctx, record,
                                                                         message):
    records = [RECORDS[0], RECORDS[1], record] if record["type"] == "coach" \
        else [record, RECORDS[1], COACH]
    with pytest.raises(RecordsRejected) as rejected:
        import_records(parse_lines(lines(*records)))
    assert any(str(p).startswith(message) for p in rejected.value.problems), \
        [str(p) for p in rejected.value.problems]


def test_an_organisation_a_file_makes_inactive_closes_its_open_opportunities(app_ctx):
    """As on the admin's form: nobody of it can answer a proposal any more."""
    import_records(parse_lines(lines(*RECORDS[:4])))
    assert _status_of("job-1") == "published"
    summary = import_records(parse_lines(lines(STOPPED, *RECORDS[1:4])))
    assert _status_of("job-1") == "closed"
    assert [str(w) for w in summary.warnings] == [
        "line 1: organisation 'haven': made inactive, so its 1 published or paused "
        "opportunities were closed"]
    again = import_records(parse_lines(lines(STOPPED, *RECORDS[1:3])))  # already inactive
    assert again.warnings == []


def _status_of(ref: str) -> str:
    return db.session.scalar(select(Opportunity.status).where(Opportunity.ref == ref))
