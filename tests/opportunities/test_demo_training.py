"""The demo training provider: three published courses with real ESCO occupations,
and proposals in every state a provider's answer gives."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.demo import candidates as demo_candidates
from marketplace.demo.accounts import load_demo_accounts
from marketplace.demo.training import load_demo_training
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.operations import missing_for_publication
from marketplace.proposals.models import Proposal


def test_three_published_courses_with_proposals_in_every_state(app_ctx):
    organisations = load_demo_accounts()
    provider = organisations["training"]
    assert provider.kind == "training_provider" and provider.postcode == "2030"
    demo_candidates.load_demo_candidates()
    assert load_demo_training() == 3
    courses = db.session.scalars(select(Opportunity).where(
        Opportunity.organisation_id == provider.id).order_by(Opportunity.id)).all()
    assert [c.title for c in courses] == [
        "Opleiding heftruckchauffeur", "Opleiding lasser MIG/MAG",
        "Magazijnmedewerker met NT2-ondersteuning"]
    assert {c.occupation.isco_code for c in courses} == {"8344", "7212", "9333"}
    for course in courses:
        assert (course.kind, course.status) == ("training", "published")
        assert missing_for_publication(course) == []
        assert course.duration_weeks and course.schedule_note and course.starts_on
    states = db.session.scalars(select(Proposal.state).where(
        Proposal.opportunity_id.in_([c.id for c in courses]))).all()
    assert sorted(states) == ["declined", "hired", "proposed", "waiting_list"]
