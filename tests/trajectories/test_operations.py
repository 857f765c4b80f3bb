"""The rules of trajectories: decisions keep the candidate's trajectory in step, manual
and automatic steps, the database's constraints, erasure and the audit events."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.audit.models import AuditEvent
from marketplace.audit.sentences import SENTENCES
from marketplace.candidates.erasure import erase_candidate
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.trajectories import operations
from marketplace.trajectories.models import TrajectoryDecision, TrajectoryStep
from marketplace.trajectories.queries import decisions_of, timeline_of
from marketplace.trajectories.vocab import StepKind
from marketplace.web.conflicts import EditConflict
from tests.factories import (
    make_candidate,
    make_decision,
    make_registered_candidate,
    make_step,
)


def module_dates(today: date) -> dict:
    """This module's dates, counted from ``today``; set again before each test
    (tests/conftest.py), so that a run passing Belgian midnight counts from the app's."""
    return {"TODAY": today}


TODAY = module_dates(local_today())["TODAY"]


@pytest.fixture
def candidate(app_ctx, users):
    return make_registered_candidate(
        users["coach_a"], registered_on=TODAY - timedelta(days=400), trajectory="linear"
    )


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_a_decision_becomes_the_candidates_trajectory(candidate, users, organisations):
    make_decision(candidate, users["coach_a"], trajectory="linear",
                  decided_on=TODAY - timedelta(days=390))
    assert candidate.trajectory == "linear"
    make_decision(candidate, users["coach_a"], trajectory="integrated",
                  decided_on=TODAY - timedelta(days=30), partner=organisations["partner_b"],
                  note="Inburgering afgerond.")
    assert candidate.trajectory == "integrated"
    history = decisions_of(candidate.id)
    assert [d.trajectory for d in history] == ["linear", "integrated"]
    assert history[-1].partner_id == organisations["partner_b"].id
    assert actions().count("trajectory_decided") == 2


def test_an_older_decision_recorded_later_does_not_replace_the_latest(candidate, users):
    make_decision(candidate, users["coach_a"], trajectory="integrated",
                  decided_on=TODAY - timedelta(days=10))
    make_decision(candidate, users["coach_a"], trajectory="linear",
                  decided_on=TODAY - timedelta(days=300))
    assert candidate.trajectory == "integrated"


def test_only_a_partner_organisation_decides(candidate, users, organisations):
    with pytest.raises(operations.NotAPartner):
        make_decision(candidate, users["coach_a"], partner=organisations["employer_a"])
    assert db.session.scalar(select(func.count()).select_from(TrajectoryDecision)) == 0


def test_manual_steps_are_added_changed_and_removed_with_audit_events(candidate, users):
    coach = users["coach_a"]
    course = make_step(candidate, coach, kind="dutch_course",
                       started_on=TODAY - timedelta(days=200), ended_on=TODAY - timedelta(days=100),
                       organisation_name="CVO Crescendo", dutch_level="A2")
    make_step(candidate, coach, kind="intake", started_on=TODAY - timedelta(days=390))
    assert [s.kind for s in timeline_of(candidate.id)] == ["intake", "dutch_course"]
    changed = operations.change_step(course, operations.StepDetails(
        kind="dutch_course", started_on=course.started_on, ended_on=course.ended_on,
        organisation_name="CVO Crescendo", dutch_level="B1"), by=coach,
        expected_version=course.version)
    assert changed == ["dutch_level"] and course.dutch_level == "B1"
    operations.remove_step(course, by=coach)
    assert [s.kind for s in timeline_of(candidate.id)] == ["intake"]
    assert [a for a in actions() if a.startswith("trajectory_step")] == [
        "trajectory_step_added", "trajectory_step_added", "trajectory_step_changed",
        "trajectory_step_removed",
    ]
    # Events name the step, never what a person typed.
    assert all("CVO" not in str(e.details) for e in db.session.scalars(select(AuditEvent)))


def test_a_level_only_stays_on_a_dutch_course(candidate, users):
    step = make_step(candidate, users["coach_a"], kind="conversation_group", dutch_level="A2")
    assert step.dutch_level is None


def test_an_automatic_step_is_written_once(candidate, organisations):
    first = operations.record_automatic_step(
        candidate, StepKind.JOB, TODAY, organisation=organisations["employer_a"],
        source_ref="proposal:1")
    again = operations.record_automatic_step(
        candidate, StepKind.INTERNSHIP, TODAY - timedelta(days=3), source_ref="proposal:1")
    assert again.id == first.id
    assert (again.kind, again.started_on, again.organisation_id) == (
        "job", TODAY, organisations["employer_a"].id)
    assert first.is_automatic and first.source == "automatic"
    assert actions().count("trajectory_step_recorded") == 1


def test_an_automatic_step_cannot_be_changed_or_removed_by_hand(candidate, users):
    step = operations.record_automatic_step(candidate, StepKind.TRYOUT, TODAY,
                                            source_ref="tryout:7")
    details = operations.StepDetails(kind="tryout", started_on=TODAY)
    with pytest.raises(operations.StepNotEditable):
        operations.change_step(step, details, by=users["coach_a"], expected_version=step.version)
    with pytest.raises(operations.StepNotEditable):
        operations.remove_step(step, by=users["coach_a"])


def test_remove_automatic_step_takes_back_only_that_step(candidate):
    operations.record_automatic_step(candidate, StepKind.JOB, TODAY, source_ref="proposal:1")
    operations.record_automatic_step(candidate, StepKind.JOB, TODAY, source_ref="proposal:2")
    assert operations.remove_automatic_step(candidate, "proposal:1") is True
    assert operations.remove_automatic_step(candidate, "proposal:1") is False
    assert [s.source_ref for s in timeline_of(candidate.id)] == ["proposal:2"]
    assert "trajectory_step_withdrawn" in actions()


def test_the_same_source_ref_is_refused_twice_by_the_database(candidate):
    for _ in range(2):
        db.session.add(TrajectoryStep(candidate_id=candidate.id, kind="job", started_on=TODAY,
                                      source="automatic", source_ref="proposal:9"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize("fields", [
    {"ended_on": TODAY - timedelta(days=1)},  # ends before it starts
    {"source": "automatic"},  # automatic without a source
    {"source_ref": "proposal:3"},  # manual with a source
    {"kind": "holiday"},
    {"dutch_level": "A1", "kind": "job"},
])
def test_the_database_refuses_an_impossible_step(candidate, fields):
    values = {"candidate_id": candidate.id, "kind": "intake", "started_on": TODAY,
              "source": "manual", **fields}
    db.session.add(TrajectoryStep(**values))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_erasure_deletes_the_trajectory(app, candidate, users):
    coach = users["coach_a"]
    make_decision(candidate, coach, decided_on=TODAY - timedelta(days=300), note="Geheim")
    make_step(candidate, coach, kind="volunteering", organisation_name="Buurthuis De Wijk")
    operations.record_automatic_step(candidate, StepKind.JOB, TODAY, source_ref="proposal:5")
    with app.test_request_context():
        erase_candidate(candidate, reason="request")
    assert timeline_of(candidate.id) == [] and decisions_of(candidate.id) == []


def test_every_trajectory_action_has_a_sentence():
    for action in ("trajectory_decided", "trajectory_step_added", "trajectory_step_changed",
                   "trajectory_step_removed", "trajectory_step_recorded",
                   "trajectory_step_withdrawn"):
        assert action in SENTENCES


def test_steps_of_one_candidate_stay_theirs(candidate, users):
    other = make_candidate(users["coach_a"], pseudonym="Other")
    make_step(candidate, users["coach_a"])
    assert timeline_of(other.id) == []


def test_a_step_changed_from_an_older_version_is_refused_and_left_as_saved(candidate, users):
    coach = users["coach_a"]
    step = make_step(candidate, coach, kind="intake", started_on=TODAY - timedelta(days=3))
    opened = step.version
    operations.change_step(step, operations.StepDetails(
        kind="intake", started_on=step.started_on, note="Eerste tab"), by=coach,
        expected_version=opened)
    assert step.version == opened + 1
    with pytest.raises(EditConflict) as conflict:
        operations.change_step(step, operations.StepDetails(
            kind="intake", started_on=step.started_on, note="Tweede tab"), by=coach,
            expected_version=opened)
    assert (conflict.value.since_version, conflict.value.current_version) == (
        opened, opened + 1)
    assert step.note == "Eerste tab"
