"""Barriers, trajectory decisions and steps, try-out enrolments and the new fields of
opportunities and candidates come in through the records, all or nothing, with
line-numbered problems; importing the same file twice changes nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from marketplace.barriers.models import CandidateBarrier
from marketplace.candidates.models import Candidate
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.proposals.models import Proposal
from marketplace.records.exporter import export_records
from marketplace.records.importer import RecordsRejected, import_records
from marketplace.records.reader import parse_lines
from marketplace.trajectories.models import TrajectoryDecision, TrajectoryStep
from marketplace.tryouts.models import TryoutEnrolment
from tests.records.test_history import DECLINED, HIRED, PAST
from tests.records.test_import import RECORDS

DAY = (local_today() - dt.timedelta(days=20)).isoformat()
TRYOUT = {"type": "opportunity", "ref": "proef-1", "organisation": "haven", "kind": "tryout",
          "title": "Heftruckchauffeur", "description": "Proef een dag.", "postcode": "2030",
          "hours_per_week": 4, "dutch_level": "A1", "language_support": True, "places": 1,
          "session_on": DAY, "session_starts": "09:00", "session_ends": "12:30",
          "street_address": "Noorderlaan 1", "status": "closed"}
CANDIDATE = {**RECORDS[4], "registered_on": "2025-01-10", "education_level": "secondary",
             "diploma_recognition": "pending", "driving_licence": True, "trajectory": "linear",
             "consent_records": [{"given_on": "2025-01-10", "method": "spoken_with_interpreter",
                                  "recorded_by": "coach.import@example.org"}]}
BARRIER = {"type": "barrier", "ref": "drempel-1", "candidate": "cand-1", "kind": "childcare",
           "status": "in_progress", "noted_on": "2025-01-15", "support": "Kinderopvang.",
           "referral": "coaching", "recorded_by": "coach.import@example.org"}
DECISION = {"type": "trajectory_decision", "ref": "besluit-1", "candidate": "cand-1",
            "trajectory": "linear", "decided_on": "2025-01-20", "partner": "coaching"}
STEP = {"type": "trajectory_step", "ref": "stap-1", "candidate": "cand-1",
        "kind": "dutch_course", "started_on": "2025-02-01", "dutch_level": "A2",
        "organisation_name": "CVO Crescendo"}
ENROLMENT = {"type": "tryout_enrolment", "tryout": "proef-1", "candidate": "cand-1",
             "coach": "coach.import@example.org", "status": "attended",
             "enrolled_at": "2025-03-01T10:00:00+00:00"}
ATTENDED = {"type": "trajectory_step", "ref": "stap-proef", "candidate": "cand-1",
            "kind": "tryout", "started_on": DAY, "ended_on": DAY, "organisation": "haven",
            "source": "tryout:proef-1"}
HIRE_STEP = {"type": "trajectory_step", "ref": "stap-job", "candidate": "cand-1", "kind": "job",
             "started_on": "2025-02-20", "organisation": "haven", "source": "proposal:hist-1"}
JOURNEY = [BARRIER, DECISION, STEP, ENROLMENT, ATTENDED, HIRE_STEP]


def lines(*records) -> list[str]:
    base = [*RECORDS[:4], CANDIDATE, *PAST, HIRED, TRYOUT]
    return [json.dumps(record) for record in [*base, *records]]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def rejected(*records) -> list[str]:
    with pytest.raises(RecordsRejected) as caught:
        import_records(parse_lines(lines(*records)))
    return [str(problem) for problem in caught.value.problems]


def test_the_journey_comes_in_and_a_second_import_changes_nothing(app_ctx):
    import_records(parse_lines(lines(*JOURNEY)))
    candidate = db.session.scalar(select(Candidate).where(Candidate.ref == "cand-1"))
    assert (candidate.education_level, candidate.diploma_recognition) == ("secondary", "pending")
    assert candidate.driving_licence and candidate.trajectory == "linear"
    assert candidate.consent_records[0].method == "spoken_with_interpreter"
    assert candidate.created_at.date() == dt.date(2025, 1, 10)
    tryout = db.session.scalar(select(Opportunity).where(Opportunity.ref == "proef-1"))
    assert tryout.session_starts == dt.time(9) and tryout.street_address == "Noorderlaan 1"
    enrolment = db.session.scalar(select(TryoutEnrolment))
    steps = {s.ref: s for s in db.session.scalars(select(TrajectoryStep))}
    assert steps["stap-proef"].source_ref == f"tryout:{enrolment.id}"
    assert steps["stap-job"].source_ref.startswith("proposal:")
    assert steps["stap-1"].source == "manual" and steps["stap-1"].dutch_level == "A2"
    before = [count(m) for m in (CandidateBarrier, TrajectoryDecision, TrajectoryStep,
                                 TryoutEnrolment)]
    versions = [db.session.scalar(select(m.version)) for m in (CandidateBarrier, TryoutEnrolment)]
    summary = import_records(parse_lines(lines(*JOURNEY)))
    for kind in ("barrier", "trajectory_decision", "trajectory_step", "tryout_enrolment"):
        assert summary.created[kind] == summary.updated[kind] == 0, kind
    assert before == [count(m) for m in (CandidateBarrier, TrajectoryDecision, TrajectoryStep,
                                         TryoutEnrolment)]
    assert versions == [db.session.scalar(select(m.version))
                        for m in (CandidateBarrier, TryoutEnrolment)]
    exported = [r for r in export_records() if r["type"] == "trajectory_step"]
    assert {"proposal:hist-1", "tryout:proef-1"} <= {r.get("source") for r in exported}


def test_an_automatic_step_the_site_wrote_is_not_written_twice(app_ctx):
    import_records(parse_lines(lines(ENROLMENT, ATTENDED)))
    again = {**ATTENDED, "ref": "another-ref-for-the-same-step"}
    import_records(parse_lines(lines(ENROLMENT, again)))
    assert count(TrajectoryStep) == 1
    assert db.session.scalar(select(TrajectoryStep.ref)) == "stap-proef"


@pytest.mark.parametrize(("record", "message"), [
    ({**BARRIER, "colour": "red"}, "colour: Extra inputs are not permitted"),
    ({**BARRIER, "noted_on": 20250115}, "noted_on"),
    ({**BARRIER, "kind": "weather"}, "kind: Input should be"),
    ({**BARRIER, "status": "solved"}, "solved_on is given exactly when the status is solved"),
    ({**BARRIER, "noted_on": "2099-01-01"}, "noted_on is in the future"),
    ({**BARRIER, "candidate": "nobody"}, "barrier: unknown candidate 'nobody'"),
    ({**BARRIER, "noted_on": "2025-01-09"}, "is before candidate 'cand-1' was registered"),
    ({**DECISION, "decided_on": "2024-12-31"}, "is before candidate 'cand-1' was registered"),
    ({**BARRIER, "referral": "haven"}, "referral 'haven' is not a partner organisation"),
    ({**DECISION, "trajectory": "sideways"}, "trajectory: Input should be"),
    ({**DECISION, "by": "coaching"}, "by: Extra inputs are not permitted"),
    ({**DECISION, "decided_on": "20-01-2025"}, "decided_on: Input should be a valid date"),
    ({**DECISION, "candidate": "nobody"}, "trajectory_decision: unknown candidate 'nobody'"),
    ({**DECISION, "note": "x" * 501}, "note: String should have at most 500 characters"),
    ({**STEP, "weeks": 3}, "weeks: Extra inputs are not permitted"),
    ({**STEP, "started_on": None}, "started_on: Input should be a valid date"),
    ({**STEP, "kind": "holiday"}, "kind: Input should be"),
    ({**STEP, "started_on": "2099-01-01"}, "started_on is in the future"),
    ({**STEP, "candidate": "nobody"}, "trajectory_step: unknown candidate 'nobody'"),
    ({**ENROLMENT, "seat": 1}, "seat: Extra inputs are not permitted"),
    ({**ENROLMENT, "enrolled_at": 1740823200}, "enrolled_at"),
    ({**DECISION, "partner": "haven"}, "'haven' is not a partner organisation"),
    ({**STEP, "kind": "job", "dutch_level": "B1"}, "dutch_level is only for a Dutch course"),
    ({**STEP, "ended_on": "2025-01-01"}, "ended_on is before started_on"),
    ({**STEP, "source": "proposal:unknown"}, "unknown proposal 'unknown'"),
    ({**STEP, "source": "mail:1"}, "source: String should match pattern"),
    ({**STEP, "organisation": "nowhere"}, "unknown organisation 'nowhere'"),
    ({**HIRE_STEP, "candidate": "cand-2"}, "proposal 'hist-1' is of another candidate"),
    (ATTENDED, "candidate 'cand-1' has no enrolment in 'proef-1'"),
    ({**ATTENDED, "source": "tryout:job-1"}, "'job-1' is not a try-out"),
    ({**ENROLMENT, "tryout": "job-1"}, "'job-1' is not a try-out"),
    ({**ENROLMENT, "candidate": "nobody"}, "tryout_enrolment: unknown candidate 'nobody'"),
    ({**ENROLMENT, "status": "maybe"}, "status: Input should be"),
    ({**ENROLMENT, "enrolled_at": "2025-03-01T10:00:00"}, "needs its UTC offset"),
    ({**ENROLMENT, "coach": "nobody@example.org"}, "coach nobody@example.org is not a coach"),
])
def test_a_bad_journey_line_is_a_problem_of_its_line_and_nothing_is_written(
        app_ctx, record, message):
    problems = rejected(record)
    line = len(lines()) + 1
    assert any(p.startswith(f"line {line}: ") and message in p for p in problems), problems
    assert count(CandidateBarrier) == count(TrajectoryDecision) == count(TryoutEnrolment) == 0


def test_attendance_before_the_session_and_seats_beyond_the_places_are_refused(app_ctx):
    future = (local_today() + dt.timedelta(days=5)).isoformat()
    problems = rejected({**TRYOUT, "ref": "proef-2", "session_on": future, "status": "published",
                         "closes_on": future},
                        {**ENROLMENT, "tryout": "proef-2"},
                        {**ENROLMENT, "status": "enrolled"},
                        {**ENROLMENT, "candidate": "cand-2", "status": "enrolled"})
    assert any("is marked before its session" in p for p in problems), problems
    assert any("has 1 place(s) but 2 enrolments" in p for p in problems), problems


@pytest.mark.parametrize(("record", "message"), [
    ({**TRYOUT, "contract_type": "interim"}, "contract_type is not for an opportunity of kind"),
    ({**TRYOUT, "session_ends": "08:00"}, "session_ends is not after session_starts"),
    ({**TRYOUT, "session_starts": "9u"}, "session_starts: String should match pattern"),
    ({**TRYOUT, "street_address": None}, "a tryout that is not a draft needs street_address"),
    ({**TRYOUT, "closes_on": "2099-01-01"}, "closes_on is after the try-out's session_on"),
    ({**RECORDS[3], "ref": "job-2", "internship_weeks": 4}, "internship_weeks is not for"),
    ({**RECORDS[3], "ref": "job-2", "contract_type": "forever"}, "contract_type: Input should"),
    ({**RECORDS[3], "ref": "course", "kind": "training", "duration_weeks": 12},
     "not in the file or the database as an organisation that offers a training"),
    ({**CANDIDATE, "ref": "cand-9", "education_level": "phd"}, "education_level: Input should"),
    ({**CANDIDATE, "ref": "cand-9", "birth_year": local_today().year}, "at least 15 years"),
    ({**CANDIDATE, "ref": "cand-9", "consent": False}, "consent does not match consent_records"),
    ({**CANDIDATE, "ref": "cand-9", "phone": "call me"}, "phone: String should match pattern"),
    ({**CANDIDATE, "ref": "cand-9", "consent_records": [
        {"given_on": "2025-01-10", "method": "spoken", "recorded_by": "ghost@example.org"}]},
     "consent recorded by ghost@example.org, who is not a user"),
])
def test_new_fields_of_opportunities_and_candidates_are_checked_as_the_forms_do(
        app_ctx, record, message):
    problems = rejected(record)
    assert any(p.startswith(f"line {len(lines()) + 1}: ") and message in p
               for p in problems), problems


def test_the_employers_decline_note_comes_in_and_goes_out(app_ctx):
    declined = {**DECLINED, "decline_note": "Geen heftruckattest."}
    import_records(parse_lines(lines(declined)))
    exported = {r["ref"]: r for r in export_records() if r["type"] == "proposal"}
    assert exported["hist-2"]["decline_note"] == "Geen heftruckattest."
    without = {key: value for key, value in declined.items() if key != "decline_note"}
    import_records(parse_lines(lines(without)))  # absent: the note is kept
    assert db.session.scalar(select(Proposal.decline_note).where(Proposal.ref == "hist-2")) \
        == "Geen heftruckattest."
    assert "decline_note is only for a declined proposal" in " ".join(
        rejected({**HIRED, "decline_note": "Nee."}))


def test_a_second_open_barrier_of_a_kind_is_refused_against_the_database_too(app_ctx):
    import_records(parse_lines(lines(BARRIER)))
    problems = rejected({**BARRIER, "ref": "drempel-2", "noted_on": "2025-02-01"})
    assert any("already has a childcare barrier that is not solved ('drempel-1')" in p
               for p in problems), problems
    solved = {**BARRIER, "status": "solved", "solved_on": "2025-01-31"}
    import_records(parse_lines(lines(solved, {**BARRIER, "ref": "drempel-2",
                                              "noted_on": "2025-02-01"})))
    assert count(CandidateBarrier) == 2
