"""Fixtures for the insights tests: opportunities with chosen dates and candidates with
chosen wishes, made quickly and committed inside the test's rolled-back transaction."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from marketplace.candidates import operations as candidate_operations
from marketplace.candidates.operations import CandidateProfile, ExperienceEntry
from marketplace.extensions import db
from marketplace.insights.export import SEPARATORS
from marketplace.opportunities.models import Opportunity
from marketplace.taxonomy.queries import get_occupation_by_uri

FORKLIFT = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"  # 8344
TRUCK_DRIVER = "http://data.europa.eu/esco/occupation/45037d43-a8f5-4f46-b332-b2935bc305f4"
WAREHOUSE = "http://data.europa.eu/esco/occupation/bea705fe-06ac-4147-b8e0-6e8ac1208d8f"  # 9333
BUILDING_CLEANER = "http://data.europa.eu/esco/occupation/303a1e34-cb16-4054-b323-81e5eec17397"
CARE_ASSISTANT = "http://data.europa.eu/esco/occupation/d38c2107-98f2-47b7-8bb4-f69750d51082"

#: A quiet period for test data: no other test's opportunities are open then.
JANUARY = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)


def occupation_id(uri: str) -> int:
    return get_occupation_by_uri(uri).id


@pytest.fixture
def make_opportunities(app_ctx, organisations):
    """``make_opportunities(n, employer="employer_a", **columns)`` adds ``n`` committed
    opportunities (published on ``published_at``, default :data:`JANUARY`) and returns
    them."""

    def make(count: int = 1, employer: str = "employer_a", occupation: str = FORKLIFT, **columns):
        published_at = columns.pop("published_at", JANUARY)
        status = columns.pop("status", "published")
        values = {
            "kind": "job",
            "title": "Heftruckchauffeur",
            "postcode": "2030",
            "hours_per_week": 38,
            "works_day": True,
            "places": 1,
            "dutch_level": "A2",
            "description": "Laden en lossen.",
            "contract_type": None,
            "closes_on": published_at.date() + timedelta(days=60),
        }
        values.update(columns)
        if values["kind"] == "job" and values["contract_type"] is None:
            values["contract_type"] = "interim"
        if values["kind"] == "internship":
            values.setdefault("internship_weeks", 8)
        made = []
        for _ in range(count):
            opportunity = Opportunity(
                organisation=organisations[employer],
                occupation_id=occupation_id(occupation),
                status=status,
                created_at=published_at - timedelta(days=1),
                updated_at=published_at,
                published_at=None if status == "draft" else published_at,
                **values,
            )
            db.session.add(opportunity)
            made.append(opportunity)
        db.session.commit()
        return made

    return make


@pytest.fixture
def make_candidates(app_ctx, users):
    """``make_candidates(n, wishes=[uri], experience=[uri], consent=True, **profile)``
    adds ``n`` committed candidates to coach A's caseload."""

    def make(
        count: int = 1,
        wishes=(),
        experience=(),
        consent: bool = True,
        coach: str = "coach_a",
        **profile,
    ):
        values = {
            "pseudonym": "Samir",
            "postcode": "2060",
            "dutch_level": "A2",
            "allowed_to_work": "yes",
            "trajectory": "integrated",
        }
        values.update(profile)
        made = []
        for _ in range(count):
            candidate = candidate_operations.create_candidate(
                users[coach],
                CandidateProfile(
                    wished_occupations=frozenset(occupation_id(uri) for uri in wishes),
                    experiences=[
                        ExperienceEntry(occupation_id(uri), None, 2, "SY") for uri in experience
                    ],
                    **values,
                ),
            )
            if consent:
                candidate_operations.give_consent(
                    candidate,
                    given_on=date(2026, 1, 5),
                    method="signed_form",
                    recorded_by=users[coach],
                )
            made.append(candidate)
        db.session.commit()
        return made

    return make


def read_csv(response) -> list[list[str]]:
    """A CSV download as rows: it starts with a byte-order mark, and its separator is
    that of the page's language (";" in Dutch, "," in English)."""
    assert response.status_code == 200, response.status_code
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    separator = SEPARATORS[response.headers["Content-Language"]]
    return list(csv.reader(io.StringIO(text[1:]), delimiter=separator))


def csv_rows(response) -> dict[str, list[str]]:
    """A CSV download as {first cell: the other cells}."""
    return {row[0]: row[1:] for row in read_csv(response)[1:]}


#: The test data's period, as the filters take it.
PERIOD = {"period_start": "2025-01", "period_end": "2025-01"}
