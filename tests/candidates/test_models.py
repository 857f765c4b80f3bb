"""Rules the database itself keeps for candidates (on SQLite and PostgreSQL alike)."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from marketplace.candidates.models import Candidate
from marketplace.candidates.profile_rows import CandidateExperience, CandidateLanguage
from marketplace.extensions import db
from marketplace.taxonomy.queries import get_occupation_by_uri
from tests.factories import WAREHOUSE


def _refused(*objects) -> None:
    with db.session.begin_nested():
        db.session.add_all(objects)
        with pytest.raises(IntegrityError):
            db.session.flush()


def test_a_live_candidate_needs_a_coach_and_a_profile(app_ctx, organisations):
    _refused(
        Candidate(
            organisation_id=organisations["partner_a"].id,
            pseudonym="X",
            postcode="2060",
            dutch_level="A1",
            allowed_to_work="yes",
            trajectory="linear",
        )
    )


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("status", "lost"),
        ("trajectory", "sideways"),
        ("hours_per_week", 0),
        ("max_commute_km", 201),
        ("commute_means", "horse"),
        ("allowed_to_work", "maybe"),
    ],
)
def test_vocabularies_and_ranges_are_checked(app_ctx, make_candidate, column, value):
    candidate = make_candidate()
    setattr(candidate, column, value)
    with pytest.raises(IntegrityError):
        db.session.flush()


@pytest.mark.parametrize(("years", "country"), [(-0.5, "SY"), (60.5, "SY"), (2, "sy")])
def test_experience_years_and_country_are_checked(app_ctx, make_candidate, years, country):
    candidate = make_candidate()
    _refused(
        CandidateExperience(
            candidate_id=candidate.id,
            years=years,
            country=country,
            occupation_id=get_occupation_by_uri(WAREHOUSE).id,
        )
    )


def test_a_language_is_listed_once_per_candidate(app_ctx, make_candidate):
    candidate = make_candidate(languages={"ar": "C2"})
    _refused(CandidateLanguage(candidate_id=candidate.id, language_code="ar", level="B1"))


def test_the_reference_of_the_records_import_is_unique(app_ctx, make_candidate):
    first, second = make_candidate(pseudonym="A"), make_candidate(pseudonym="B")
    first.ref = second.ref = "EXT-1"
    with pytest.raises(IntegrityError):
        db.session.flush()
