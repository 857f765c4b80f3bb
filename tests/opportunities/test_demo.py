"""The demo loader: about forty realistic opportunities of the five demo employers,
spread over nine months, each with its history."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from marketplace.audit.models import AuditEvent
from marketplace.db_types import local_today
from marketplace.demo.accounts import load_demo_accounts
from marketplace.demo.opportunities import load_demo_opportunities
from marketplace.demo.opportunity_data import OPPORTUNITIES
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.operations import missing_for_publication
from marketplace.taxonomy.queries import (
    get_occupation_by_uri,
    get_skill_by_uri,
    resolve_occupation,
    resolve_skill,
)


@pytest.fixture
def demo(app_ctx):
    organisations = load_demo_accounts()
    load_demo_opportunities(organisations)
    ids = [o.id for o in organisations.values()]
    return db.session.scalars(
        select(Opportunity).where(Opportunity.organisation_id.in_(ids))
    ).all()


def test_about_forty_opportunities_across_the_five_employers(demo):
    assert 35 <= len(demo) <= 45
    by_employer = Counter(o.organisation.name for o in demo)
    assert len(by_employer) == 5 and min(by_employer.values()) >= 5


def test_a_mix_of_kinds_statuses_and_levels(demo):
    assert set(Counter(o.kind for o in demo)) == {"job", "internship", "volunteering"}
    statuses = Counter(o.status for o in demo)
    assert set(statuses) == {"draft", "published", "paused", "filled", "closed"}
    assert statuses["published"] >= 20
    low = [o for o in demo if o.dutch_level in ("none", "A1", "A2")]
    assert len(low) > len(demo) / 2
    assert sum(o.language_support for o in low) >= 10


def test_created_over_about_nine_months_in_every_month(demo):
    months = {(o.created_at.year, o.created_at.month) for o in demo}
    assert len(months) >= 8
    oldest = min(o.created_at for o in demo).date()
    assert 240 <= (local_today() - oldest).days <= 290


def test_dates_fit_the_status(demo):
    today = local_today()
    for o in demo:
        if o.status == "published":
            assert missing_for_publication(o, today) == [], o.title
        if o.status != "draft":
            assert o.published_at is not None and o.published_at >= o.created_at
        if o.status == "filled":
            assert o.filled_at > o.published_at
        if o.status == "closed":
            assert o.closed_at is not None and o.closes_on < today
        if o.starts_on and o.closes_on:
            assert o.starts_on <= o.closes_on


def test_each_step_is_in_the_history_at_its_moment(demo):
    for o in demo:
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.subject_type == "opportunity",
                                     AuditEvent.subject_id == o.id).order_by(AuditEvent.id)
        ).all()
        assert events[0].action == "opportunity_created"
        assert events[0].occurred_at == o.created_at
        assert all(e.actor_id is not None for e in events)
        assert [e.occurred_at for e in events] == sorted(e.occurred_at for e in events)
        assert events[-1].details["version"] == o.version


def test_skills_and_languages_are_real_taxonomy_entries(demo):
    assert sum(len(o.skills) for o in demo) >= len(OPPORTUNITIES)
    assert any(o.languages for o in demo)
    assert all(o.occupation.uri.startswith("http://data.europa.eu/esco/occupation/")
               for o in demo)
    assert {o.postcode[:1] for o in demo} == {"2"}  # Antwerp postcodes


def test_demo_occupations_and_skills_survive_the_pickers(app, app_ctx):
    """An edit form shows labels and resolves them again on save: the demo uses the
    entries a label resolves to, so saving an untouched form changes nothing."""
    with app.test_request_context():
        for uri in {spec.occupation for spec in OPPORTUNITIES}:
            for locale in ("nl", "en"):
                label = get_occupation_by_uri(uri).label(locale)
                assert resolve_occupation(label, locale)[0].uri == uri, label
        for uri in {skill for spec in OPPORTUNITIES for skill, _ in spec.skills}:
            assert resolve_skill(get_skill_by_uri(uri).label_en)[0].uri == uri
