"""A hire writes a step in the candidate's trajectory (job, internship or volunteering,
from the day of the hire, at the employer); undoing the placement takes it back."""

from __future__ import annotations

import pytest

from marketplace.candidates import placement
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.proposals import operations as proposals
from marketplace.trajectories.queries import timeline_of
from tests.factories import (
    make_candidate,
    make_course,
    make_opportunity,
    make_proposal,
    make_step,
)


def hire(proposal, users):
    proposals.answer_proposal(proposal, "hire", by=users["employer_a"],
                              expected_version=proposal.version)
    db.session.flush()


@pytest.mark.parametrize(("fields", "step"), [
    ({"kind": "job"}, "job"),
    ({"kind": "internship", "internship_weeks": 6}, "internship"),
    ({"kind": "volunteering"}, "volunteering"),
])
def test_a_hire_writes_an_automatic_step(app_ctx, users, organisations, fields, step):
    candidate = make_candidate(users["coach_a"])
    opportunity = make_opportunity(organisations["employer_a"], **fields)
    proposal = make_proposal(users["coach_a"], candidate, opportunity)
    hire(proposal, users)
    [written] = timeline_of(candidate.id)
    assert (written.kind, written.started_on, written.ended_on) == (step, local_today(), None)
    assert written.organisation_id == organisations["employer_a"].id
    assert written.is_automatic and written.source_ref == f"proposal:{proposal.id}"


def test_undoing_the_placement_removes_the_hire_step_and_keeps_manual_steps(
        app_ctx, users, organisations):
    candidate = make_candidate(users["coach_a"])
    make_step(candidate, users["coach_a"], kind="intake")
    proposal = make_proposal(users["coach_a"], candidate,
                             make_opportunity(organisations["employer_a"]))
    hire(proposal, users)
    assert [s.kind for s in timeline_of(candidate.id)] == ["intake", "job"]
    placement.undo_placement(candidate, by=users["coach_a"], expected_version=candidate.version)
    assert [s.kind for s in timeline_of(candidate.id)] == ["intake"]
    assert proposal.state == "hired"  # the hire itself stays


def test_the_undo_button_on_the_profile_takes_the_step_back(
        app_ctx, client, login_as, users, organisations):
    candidate = make_candidate(users["coach_a"], commit=True)
    proposal = make_proposal(users["coach_a"], candidate,
                             make_opportunity(organisations["employer_a"]), commit=True)
    hire(proposal, users)
    db.session.commit()
    login_as("coach_a")
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "toegevoegd door Werkbrug" in page
    response = client.post(f"/candidates/{candidate.id}/undo-placement",
                           data={"version": candidate.version})
    assert response.status_code == 302
    db.session.expire_all()
    assert timeline_of(candidate.id) == []


def test_undoing_the_placement_keeps_the_step_of_a_course_the_person_was_accepted_on(
        app_ctx, users, organisations):
    # Accepted on a course (a training step; it places nobody), then hired for a job:
    # the undo takes back the job step only.
    candidate = make_candidate(users["coach_a"])
    course = make_proposal(users["coach_a"], candidate, make_course(organisations["provider"]))
    proposals.answer_proposal(course, "hire", by=users["provider"],
                              expected_version=course.version)
    hire(make_proposal(users["coach_a"], candidate,
                       make_opportunity(organisations["employer_a"])), users)
    assert sorted(s.kind for s in timeline_of(candidate.id)) == ["job", "training"]
    placement.undo_placement(candidate, by=users["coach_a"], expected_version=candidate.version)
    assert [s.source_ref for s in timeline_of(candidate.id)] == [f"proposal:{course.id}"]
    assert course.placement_undone_at is None
