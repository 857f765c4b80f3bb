"""Fixtures for the candidates tests: candidates made through the real operations, and
the data of a valid profile form."""

from __future__ import annotations

from datetime import date

import pytest

from marketplace.candidates import operations
from marketplace.candidates.operations import CandidateProfile, ExperienceEntry
from marketplace.extensions import db
from marketplace.taxonomy.queries import get_occupation_by_uri, get_skill_by_uri

WAREHOUSE = "http://data.europa.eu/esco/occupation/bea705fe-06ac-4147-b8e0-6e8ac1208d8f"
FORKLIFT = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"
BUILDING_CLEANER = "http://data.europa.eu/esco/occupation/303a1e34-cb16-4054-b323-81e5eec17397"
KITCHEN_ASSISTANT = "http://data.europa.eu/esco/occupation/e1cf6897-158d-4b48-a39e-2a3a8cac216c"
TEAMWORK = "http://data.europa.eu/esco/skill/60c78287-22eb-4103-9c8c-28deaa460da0"


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
        "available_from": date.today().isoformat(),
        "allowed_to_work": "yes",
        "trajectory": "integrated",
        "status": "active",
        "coach_note": "Wil graag in de haven werken.",
        "gender": "woman",
        "birth_year": "1994",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def simple_profile(pseudonym: str = "Samir", **overrides) -> CandidateProfile:
    """A small valid profile for candidates made directly through the operations."""
    values = {
        "pseudonym": pseudonym,
        "postcode": "2060",
        "dutch_level": "A2",
        "allowed_to_work": "yes",
        "trajectory": "integrated",
    }
    values.update(overrides)
    return CandidateProfile(**values)


@pytest.fixture
def make_candidate(app, app_ctx, users):
    """``make_candidate("coach_a", consent=True, shared=False, **profile)`` adds a
    committed candidate to that coach's caseload and returns it."""

    def make(
        coach_key: str = "coach_a",
        *,
        consent: bool = False,
        shared: bool = False,
        pseudonym: str = "Samir",
        **profile_values,
    ):
        coach = users[coach_key]
        with app.test_request_context():
            candidate = operations.create_candidate(
                coach, simple_profile(pseudonym, **profile_values)
            )
            if consent or shared:
                operations.give_consent(
                    candidate, given_on=date(2026, 1, 5), method="signed_form", recorded_by=coach
                )
            if shared:
                candidate.shared_with_partnership = True
                db.session.flush()
        db.session.commit()
        return candidate

    return make


@pytest.fixture
def full_profile(app_ctx):
    """A profile with every list filled, for export and erasure tests."""
    warehouse = get_occupation_by_uri(WAREHOUSE)
    return dict(
        email="someone@example.org",
        phone="+32 470 00 00 00",
        languages={"ar": "C2", "en": "B1"},
        experiences=[ExperienceEntry(warehouse.id, "magazijnier", 3.5, "SY")],
        skills=frozenset({get_skill_by_uri(TEAMWORK).id}),
        wished_occupations=frozenset({get_occupation_by_uri(FORKLIFT).id}),
        wished_sectors=frozenset({"H"}),
        wished_kinds=frozenset({"job"}),
        day_parts=frozenset({"afternoons"}),
        coach_note="Komt graag 's middags.",
        gender="woman",
        birth_year=1990,
    )


def text(response) -> str:
    return response.get_data(as_text=True)
