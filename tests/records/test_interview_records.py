"""The interview an employer planned goes with its proposal through the records: out,
back in unchanged, changed, called off; bad interviews are line problems and nothing
is written."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.proposals.interviews import InterviewDetails
from marketplace.proposals.models import Interview, Proposal
from marketplace.proposals.operations import answer_proposal
from marketplace.records.exporter import export_records
from marketplace.records.importer import import_records
from marketplace.records.reader import parse_lines
from tests.factories import make_candidate, make_opportunity, make_proposal
from tests.records.test_history import DECLINED, HIRED, PAST, count, lines, rejected_messages
from tests.records.test_import import RECORDS

AT_THE_DOCK = {"starts_at": "2025-02-12T09:00:00+00:00", "ends_at": "2025-02-12T10:00:00+00:00",
               "place": "Noorderlaan 100, 2030 Antwerpen", "contact_name": "Sara Peeters",
               "contact_phone": "03 231 45 67"}
INVITED = {"type": "proposal", "ref": "hist-3", "candidate": "cand-2",
           "opportunity": "job-old", "coach": "coach.import@example.org",
           "proposed_on": "2025-02-04", "outcome": "invited", "decided_on": "2025-02-06",
           "interview": AT_THE_DOCK}


def proposal_of(ref: str) -> Proposal:
    return db.session.scalar(select(Proposal).where(Proposal.ref == ref))


def exported_proposal(ref: str) -> dict:
    return next(r for r in export_records() if r["type"] == "proposal" and r["ref"] == ref)


def test_an_imported_interview_is_planned_and_exported_the_same(app_ctx):
    summary = import_records(parse_lines(lines(INVITED)))
    assert summary.created["proposal"] == 1
    interview = proposal_of("hist-3").open_interview
    assert interview.starts_at == dt.datetime(2025, 2, 12, 9, tzinfo=dt.UTC)
    assert (interview.place, interview.online_url, interview.contact_name,
            interview.contact_phone, interview.contact_email) == (
        "Noorderlaan 100, 2030 Antwerpen", None, "Sara Peeters", "03 231 45 67", None)
    assert interview.sequence == 0 and interview.uid.endswith("@werkbrug")
    assert proposal_of("hist-3").interview_on == dt.date(2025, 2, 12)
    assert exported_proposal("hist-3") == INVITED
    again = import_records(parse_lines(lines(INVITED)))
    assert again.unchanged["proposal"] == 1 and again.updated["proposal"] == 0
    assert proposal_of("hist-3").open_interview.version == interview.version


def test_a_moved_interview_keeps_its_calendar_uid_one_sequence_higher(app_ctx):
    import_records(parse_lines(lines(INVITED)))
    uid = proposal_of("hist-3").open_interview.uid
    online = {"starts_at": "2025-02-13T14:00:00+01:00", "ends_at": "2025-02-13T14:30:00+01:00",
              "online_url": "https://meet.example.org/werkbrug", "contact_name": "Sara Peeters",
              "contact_email": "sara@example.be"}
    summary = import_records(parse_lines(lines({**INVITED, "interview": online})))
    assert summary.updated["proposal"] == 1
    interview = proposal_of("hist-3").open_interview
    assert (interview.uid, interview.sequence, interview.place) == (uid, 1, None)
    assert interview.starts_at == dt.datetime(2025, 2, 13, 13, tzinfo=dt.UTC)
    assert exported_proposal("hist-3")["interview"] == {
        **online, "starts_at": "2025-02-13T13:00:00+00:00",
        "ends_at": "2025-02-13T13:30:00+00:00"}
    assert count(Interview) == 1


def test_absent_keeps_the_interview_and_null_calls_it_off(app_ctx):
    import_records(parse_lines(lines(INVITED)))
    without = {key: value for key, value in INVITED.items() if key != "interview"}
    assert import_records(parse_lines(lines(without))).unchanged["proposal"] == 1
    assert proposal_of("hist-3").open_interview is not None
    summary = import_records(parse_lines(lines({**INVITED, "interview": None})))
    assert summary.updated["proposal"] == 1
    proposal = proposal_of("hist-3")
    assert proposal.open_interview is None and proposal.interview_on is None
    assert proposal.interviews[0].cancelled_at is not None
    assert "interview" not in exported_proposal("hist-3")


def test_back_to_proposed_calls_the_interview_off_as_the_sites_cancel(app_ctx):
    import_records(parse_lines(lines(INVITED)))
    back = {key: value for key, value in INVITED.items()
            if key not in ("interview", "decided_on")}
    import_records(parse_lines(lines({**back, "outcome": "proposed"})))
    assert proposal_of("hist-3").open_interview is None


def test_an_interview_planned_on_the_site_is_exported_and_imports_back_unchanged(
        app_ctx, users, organisations):
    candidate = make_candidate(users["coach_a"])
    opportunity = make_opportunity(organisations["employer_a"])
    proposal = make_proposal(users["coach_a"], candidate, opportunity)
    starts = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=3)
    answer_proposal(proposal, "invite", by=users["employer_a"],
                    expected_version=proposal.version,
                    interview=InterviewDetails(
                        starts_at=starts, ends_at=starts + dt.timedelta(hours=1), place=None,
                        online_url="https://meet.example.org/a", contact_name="Els Werkgever",
                        contact_phone=None, contact_email="els@example.be"))
    exported = list(export_records())
    record = next(r for r in exported if r["type"] == "proposal")
    assert record["interview"] == {
        "starts_at": starts.isoformat(), "ends_at": (starts + dt.timedelta(hours=1)).isoformat(),
        "online_url": "https://meet.example.org/a", "contact_name": "Els Werkgever",
        "contact_email": "els@example.be"}
    version = proposal.open_interview.version
    summary = import_records(parse_lines([json.dumps(r) for r in exported]))
    assert summary.updated["proposal"] == 0
    assert proposal.open_interview.version == version and proposal.open_interview.sequence == 0


def with_interview(**changes) -> dict:
    interview = {key: value for key, value in {**AT_THE_DOCK, **changes}.items()
                 if value is not None}
    return {**INVITED, "interview": interview}


@pytest.mark.parametrize(("record", "words"), [
    (with_interview(starts_at="morgen om 9 uur"), "interview.starts_at"),
    (with_interview(starts_at=20250212), "interview.starts_at"),
    (with_interview(starts_at="2025-02-12T09:00:00", ends_at="2025-02-12T10:00:00"),
     "starts_at needs its UTC offset"),
    (with_interview(ends_at="2025-02-12T08:30:00+00:00"), "ends_at is not after starts_at"),
    (with_interview(online_url="https://meet.example.org/x"), "a place or an online_url"),
    (with_interview(place=None), "a place or an online_url"),
    (with_interview(place=None, online_url="javascript:alert(1)"), "starts with http"),
    (with_interview(contact_phone=None), "needs a contact_phone or a contact_email"),
    (with_interview(contact_email="geen adres"), "not an e-mail address"),
    (with_interview(contact_name="Sara\nPeeters"), "holds a line break"),
    (with_interview(contact_name=None), "interview.contact_name"),
    (with_interview(contact_phone=3231), "interview.contact_phone"),
    (with_interview(place="x" * 301), "interview.place"),
    (with_interview(room="B12"), "interview.room"),
    ({**INVITED, "interview": "2025-02-12"}, "interview"),
    ({**{k: v for k, v in INVITED.items() if k != "decided_on"}, "outcome": "proposed"},
     "interview is not for a proposal that was not answered"),
])
def test_a_bad_interview_is_a_line_problem_and_nothing_is_written(app_ctx, record, words):
    messages = rejected_messages(HIRED, record)
    line = len(RECORDS) + len(PAST) + 2
    assert any(message.startswith(f"line {line}:") and words in message
               for message in messages), messages
    assert count(Proposal) == 0 and count(Interview) == 0


def test_the_interview_of_a_declined_proposal_stays_as_the_site_keeps_a_past_one(app_ctx):
    record = {**DECLINED, "interview": AT_THE_DOCK}
    import_records(parse_lines(lines(record)))
    assert exported_proposal("hist-2") == record
    assert db.session.scalar(select(func.count()).select_from(Interview)) == 1
