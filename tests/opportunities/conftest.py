"""Fixtures for the opportunities tests: a valid form submission, committed
opportunities (through :mod:`tests.factories`), employer A logged in, and the page
text and newest opportunity the page tests read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.operations import LanguageWish, SkillWish
from tests import factories
from tests.factories import LIFTING, skill


def text(response) -> str:
    return response.get_data(as_text=True)


def newest(organisation) -> Opportunity | None:
    """The opportunity ``organisation`` made last."""
    return db.session.scalars(
        select(Opportunity).where(Opportunity.organisation_id == organisation.id)
        .order_by(Opportunity.id.desc())
    ).first()


def in_days(days: int) -> str:
    return (local_today() + timedelta(days=days)).isoformat()


def form_data(**overrides) -> dict:
    """A complete job as the form sends it; ``None`` values are left out."""
    data = {
        "kind": "job",
        "title": "Heftruckchauffeur dagploeg",
        "occupation": "heftruckchauffeur",
        "description": "Je laadt en lost containers met de heftruck.",
        "postcode": "2030",
        "hours_per_week": "38",
        "works_day": "y",
        "contract_type": "interim",
        "places": "2",
        "starts_on": in_days(10),
        "closes_on": in_days(40),
        "dutch_level": "A2",
        "language_support": "y",
        "languages-0-language_code": "en",
        "languages-0-level": "B1",
        "languages-0-required": "advantage",
        "skills-0-skill": "operating lifting or moving equipment",
        "skills-0-required": "must",
        "certificates": "VCA basis",
        "notes_for_coaches": "Bereikbaar met de havenbus.",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def make_opportunity(app_ctx, organisations):
    """``make_opportunity("employer_a", status="published", title=...)``: a committed
    opportunity (a draft unless asked) for two places that wants English as an
    advantage and lifting equipment as a must."""

    def _make(organisation_key: str = "employer_a", status: str = "draft", **overrides):
        values = {
            "places": 2,
            "languages": [LanguageWish("en", "B1", False)],
            "skills": [SkillWish(skill(LIFTING), True)],
        }
        values.update(overrides)
        return factories.make_opportunity(organisations[organisation_key], status=status,
                                          commit=True, **values)

    return _make


@pytest.fixture
def employer(client, login_as):
    """The test client, logged in as employer A."""
    return login_as("employer_a")
