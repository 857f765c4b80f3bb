"""Fixtures for the candidates tests: committed candidates of a coach (through
:mod:`tests.factories`), and the data of a valid profile form."""

from __future__ import annotations

import pytest

from marketplace.candidates.operations import ExperienceEntry
from marketplace.db_types import local_today
from tests import factories
from tests.factories import FORKLIFT, TEAMWORK, WAREHOUSE, occupation, skill


def valid_form(**overrides) -> dict:
    """POST data of a complete, valid profile form (one row of each list)."""
    data = {
        "pseudonym": "Amina",
        "email": "amina@example.org",
        "phone": "+32 470 12 34 56",
        "postcode": "2060",
        "dutch_level": "A2",
        "dutch_level_assessed_on": "2026-09-01",
        "dutch_level_source": "course_test",
        "languages-0-language": "ar",
        "languages-0-level": "C2",
        "education_level": "secondary",
        "diploma_recognition": "pending",
        "experiences-0-title_as_said": "magazijnier",
        "experiences-0-occupation": "magazijnmedewerker",
        "experiences-0-years": "3,5",
        "experiences-0-country": "SY",
        "skills-0-skill": "work in teams",
        "wished_occupations-0-occupation": "heftruckchauffeur",
        "wished_kinds": ["job", "internship"],
        "wished_sectors": ["H"],
        "hours_per_week": "30",
        "day_parts": ["afternoons", "evenings"],
        "max_commute_km": "12",
        "commute_means": "bike",
        "driving_licence": "y",
        "available_from": local_today().isoformat(),
        "allowed_to_work": "yes",
        "trajectory": "integrated",
        "status": "active",
        "coach_note": "Wil graag in de haven werken.",
        "gender": "woman",
        "birth_year": "1994",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def make_candidate(app, app_ctx, users):
    """``make_candidate("coach_a", consent=True, shared=False, **profile)`` adds a
    committed candidate to that coach's caseload (without consent unless asked) and
    returns it; made inside a request, as the pages make them."""

    def make(coach_key: str = "coach_a", *, consent: bool = False, **values):
        with app.test_request_context():
            return factories.make_candidate(users[coach_key], consent=consent, commit=True,
                                            **values)

    return make


@pytest.fixture
def full_profile(app_ctx):
    """A profile with every list filled, for export and erasure tests."""
    return dict(
        email="someone@example.org",
        phone="+32 470 00 00 00",
        languages={"ar": "C2", "en": "B1"},
        experiences=[ExperienceEntry(occupation(WAREHOUSE).id, "magazijnier", 3.5, "SY")],
        skills=frozenset({skill(TEAMWORK).id}),
        wished_occupations=frozenset({occupation(FORKLIFT).id}),
        wished_sectors=frozenset({"H"}),
        wished_kinds=frozenset({"job"}),
        day_parts=frozenset({"afternoons"}),
        coach_note="Komt graag 's middags.",
        gender="woman",
        birth_year=1990,
    )


def text(response) -> str:
    return response.get_data(as_text=True)
