"""Fixtures for the opportunities tests: a valid form submission and a factory that
makes opportunities through the real operations."""

from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace.extensions import db
from marketplace.opportunities import operations
from marketplace.opportunities.operations import LanguageWish, OpportunityData, SkillWish
from marketplace.taxonomy.queries import get_occupation_by_uri, get_skill_by_uri

FORKLIFT = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"
CARE_ASSISTANT = "http://data.europa.eu/esco/occupation/d38c2107-98f2-47b7-8bb4-f69750d51082"
CLEANER = "http://data.europa.eu/esco/occupation/303a1e34-cb16-4054-b323-81e5eec17397"
LIFTING = "http://data.europa.eu/esco/skill/a60b664f-bb07-4dd1-8dfa-134a0827f8da"
LOADING = "http://data.europa.eu/esco/skill/682bb7ca-dbe9-4c33-9c7a-1ae56e28516e"


def in_days(days: int) -> str:
    return (operations.local_today() + timedelta(days=days)).isoformat()


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
    """``make_opportunity("employer_a", status="published", title=...)``: an opportunity
    made through the operations, committed (the test's transaction is rolled back)."""

    def _make(organisation_key: str = "employer_a", status: str = "draft", **overrides):
        values = {
            "kind": "job",
            "title": "Heftruckchauffeur",
            "occupation": get_occupation_by_uri(FORKLIFT),
            "postcode": "2030",
            "hours_per_week": 38,
            "schedule": {"day"},
            "places": 2,
            "dutch_level": "A2",
            "description": "Laden en lossen.",
            "contract_type": "interim",
            "closes_on": operations.local_today() + timedelta(days=30),
            "languages": [LanguageWish("en", "B1", False)],
            "skills": [SkillWish(get_skill_by_uri(LIFTING), True)],
        }
        values.update(overrides)
        opportunity = operations.create_opportunity(
            organisations[organisation_key], OpportunityData(**values)
        )
        path = {
            "draft": [],
            "published": ["publish"],
            "paused": ["publish", "pause"],
            "filled": ["publish", "fill"],
            "closed": ["publish", "close"],
        }[status]
        for action in path:
            operations.apply_transition(opportunity, action, expected_version=opportunity.version)
        db.session.commit()
        return opportunity

    return _make
