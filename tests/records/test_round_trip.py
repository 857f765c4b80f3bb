"""An export imports back: into the same database it changes nothing, into an empty
one it rebuilds what exports the same. The data is made by the site's own operations
(no refs given), in databases whose data is committed for real."""

from __future__ import annotations

import datetime as dt

import pytest

from marketplace.accounts.models import Organisation, User
from marketplace.accounts.operations import create_organisation, invite_user
from marketplace.candidates import operations as candidates
from marketplace.candidates.operations import CandidateProfile, ExperienceEntry
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities import operations as opportunities
from marketplace.opportunities.operations import LanguageWish, OpportunityData, SkillWish
from marketplace.taxonomy.queries import get_occupation_by_uri, get_skill_by_uri
from tests import fresh
from tests.security.helpers import fingerprint

FORKLIFT = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"
WAREHOUSE = "http://data.europa.eu/esco/occupation/bea705fe-06ac-4147-b8e0-6e8ac1208d8f"
LIFTING = "http://data.europa.eu/esco/skill/a60b664f-bb07-4dd1-8dfa-134a0827f8da"
TEAMWORK = "http://data.europa.eu/esco/skill/60c78287-22eb-4103-9c8c-28deaa460da0"


@pytest.fixture(autouse=True)
def db_session():
    """These tests commit for real, in databases of their own."""
    yield None


def build_site_data(app) -> None:
    """Organisations, a coach, opportunities and candidates as the site's forms make
    them: no refs, open start dates, experience without a typed title, consent."""
    with app.test_request_context():
        admin = db.session.scalar(db.select(User).where(User.email == "admin@test.example"))
        employer = create_organisation("Dokwerkers Rondreis", "employer", "H", "2030")
        partner = create_organisation("Trajectwerking Rondreis", "partner", None, "2000")
        coach = invite_user("Coach.Rondreis@example.org", "Noor Coach", partner, "coach", admin)
        forklift, warehouse = get_occupation_by_uri(FORKLIFT), get_occupation_by_uri(WAREHOUSE)
        lifting, teamwork = get_skill_by_uri(LIFTING), get_skill_by_uri(TEAMWORK)
        today = local_today()
        opportunities.create_opportunity(
            employer,
            OpportunityData(
                kind="job",
                title="Heftruckchauffeur avondploeg",
                occupation=forklift,
                postcode="2030",
                hours_per_week=19.5,
                schedule={"evening", "weekend"},
                places=3,
                dutch_level="A2",
                description="Laden en lossen.",
                contract_type="interim",
                closes_on=today + dt.timedelta(days=30),
                language_support=True,
                driving_licence=True,
                certificates="VCA basis",
                notes_for_coaches="Havenbus.",
                languages=[LanguageWish("en", "B1", False), LanguageWish("ar", "A2", True)],
                skills=[SkillWish(teamwork, False), SkillWish(lifting, True)],
            ),
            publish=True,
        )
        opportunities.create_opportunity(
            employer,
            OpportunityData(
                kind="volunteering",
                title="Magazijnhulp",
                occupation=warehouse,
                postcode="2060",
                hours_per_week=8,
                schedule={"day"},
                places=1,
                dutch_level="none",
                starts_on=today + dt.timedelta(days=3),
            ),
        )
        amal = candidates.create_candidate(
            coach,
            CandidateProfile(
                pseudonym="Amal",
                postcode="2060",
                dutch_level="A1",
                allowed_to_work="yes",
                trajectory="linear",
                languages={"ar": "C2", "en": "A2"},
                experiences=[
                    ExperienceEntry(forklift.id, None, 3.0, "SY"),
                    ExperienceEntry(warehouse.id, "magazijnier", 1.5, None),
                ],
                skills=frozenset({lifting.id, teamwork.id}),
                wished_occupations=frozenset({forklift.id, warehouse.id}),
                wished_kinds=frozenset({"job", "internship"}),
                hours_per_week=30,
                max_commute_km=12,
                day_parts=frozenset({"afternoons"}),
                coach_note="Haven.",
            ),
        )
        candidates.give_consent(
            amal, given_on=dt.date(2026, 1, 5), method="signed_form", recorded_by=coach
        )
        candidates.create_candidate(
            coach,
            CandidateProfile(
                pseudonym="Bilal",
                postcode="2100",
                dutch_level="B1",
                allowed_to_work="pending",
                trajectory="integrated",
                available_from=today + dt.timedelta(days=14),
            ),
        )
        db.session.commit()


def run(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_an_export_imports_back_unchanged_and_rebuilds_an_empty_database(tmp_path):
    first, again, rebuilt = (
        tmp_path / "first.jsonl",
        tmp_path / "again.jsonl",
        tmp_path / "rebuilt.jsonl",
    )
    with fresh.migrated_database(tmp_path, "source") as url:
        app = fresh.make_app(url)
        build_site_data(app)
        run(app, "records", "export", str(first))
        with app.app_context():
            before = fingerprint(exclude=frozenset())
        output = run(app, "records", "import", str(first))
        assert "0 created" in output
        with app.app_context():
            assert fingerprint(exclude=frozenset()) == before
            assert db.session.scalar(
                db.select(Organisation.ref).where(Organisation.name == "Dokwerkers Rondreis")
            )
        run(app, "records", "export", str(again))
        fresh.dispose(app)
    assert again.read_text() == first.read_text()
    import_into_empty_database(tmp_path, first, rebuilt)
    assert rebuilt.read_text() == first.read_text()


def import_into_empty_database(tmp_path, records_file, export_file) -> None:
    """Import ``records_file`` into a new database (migrated, taxonomy only) and export
    that database to ``export_file``."""
    with fresh.migrated_database(tmp_path, "target", users=False) as url:
        app = fresh.make_app(url)
        run(app, "records", "import", str(records_file))
        run(app, "records", "export", str(export_file))
        fresh.dispose(app)
