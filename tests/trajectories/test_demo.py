"""The demo trajectories: every demo candidate's timeline lies between their
registration and today, each decision and step recorded on its own day, about a third
are linear, and the funnel is believable."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from marketplace.candidates.models import Candidate
from marketplace.db_types import local_date, local_today
from marketplace.demo.accounts import load_demo_accounts
from marketplace.demo.candidates import load_demo_candidates
from marketplace.demo.trajectories import load_demo_trajectories
from marketplace.extensions import db
from marketplace.insights.forms import default_period
from marketplace.trajectories.models import TrajectoryDecision, TrajectoryStep
from marketplace.trajectories.report import ReportFilters, report_tables


def test_demo_trajectories_are_consistent_and_give_a_believable_funnel(app_ctx):
    load_demo_accounts()
    load_demo_candidates()
    activity = {c.id: c.last_activity_at for c in db.session.scalars(select(Candidate))}
    assert load_demo_trajectories() > 300
    today = local_today()
    candidates = {c.id: c for c in db.session.scalars(select(Candidate))}
    for step in db.session.scalars(select(TrajectoryStep)):
        registered = local_date(candidates[step.candidate_id].created_at)
        assert registered <= step.started_on <= today
        assert step.ended_on is None or step.started_on <= step.ended_on <= today
        # Recorded on its own days, not on the day of loading: the retention review
        # reads these moments as the coach's activity.
        assert local_date(step.created_at) == step.started_on
        assert local_date(step.updated_at) == (step.ended_on or step.started_on)
    kinds = set(db.session.scalars(select(TrajectoryStep.kind)))
    assert kinds >= {"intake", "dutch_course", "conversation_group", "volunteering",
                     "training", "internship", "job"}
    assert {c.id: c.last_activity_at for c in candidates.values()} == activity
    # The candidate's trajectory is the latest decision's.
    latest = {}
    for decision in db.session.scalars(select(TrajectoryDecision).order_by(
            TrajectoryDecision.decided_on, TrajectoryDecision.id)):
        latest[decision.candidate_id] = decision.trajectory
        assert local_date(decision.created_at) == decision.decided_on
    assert all(candidates[i].trajectory == kind for i, kind in latest.items())
    linear = sum(1 for kind in latest.values() if kind == "linear")
    assert 0.2 < linear / len(latest) < 0.45
    with current_app.test_request_context():
        start, end = default_period(today)
        funnel = report_tables(ReportFilters(start, end), today)["funnel"]
    shown = [row.cells[0].value for row in funnel.rows]
    assert shown[0] >= shown[1] >= shown[4] > shown[5] > 0
