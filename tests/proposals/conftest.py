"""Fixtures for the proposals tests: a published opportunity of employer A and
candidates of coach A's caseload, made through the real operations."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from marketplace.candidates.operations import CandidateProfile, create_candidate, give_consent
from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from marketplace.proposals.models import Proposal
from tests.candidates.conftest import FORKLIFT, simple_profile

AGREED_ON = date(2026, 1, 6)


def publish_opportunity(organisation, **changes):
    from marketplace.opportunities import operations
    from marketplace.taxonomy.queries import get_occupation_by_uri

    values = dict(
        kind="job", title="Heftruckchauffeur", postcode="2030", hours_per_week=38,
        occupation=get_occupation_by_uri(FORKLIFT), schedule={"day"}, places=1,
        dutch_level="A2", description="Laden en lossen.", contract_type="interim",
        closes_on=operations.local_today() + timedelta(days=30),
    )
    values.update(changes)
    opportunity = operations.create_opportunity(
        organisation, operations.OpportunityData(**values), publish=True
    )
    db.session.commit()
    return opportunity


@pytest.fixture
def opportunity(app_ctx, organisations):
    return publish_opportunity(organisations["employer_a"])


def candidate_of(coach, consent: bool = True, **changes):
    profile: CandidateProfile = simple_profile(**changes)
    candidate = create_candidate(coach, profile)
    if consent:
        give_consent(candidate, given_on=date(2026, 1, 5), method="signed_form",
                     recorded_by=coach)
    db.session.commit()
    return candidate


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def counts() -> tuple[int, int]:
    """How many proposals and outgoing messages exist."""
    return count(Proposal), count(OutgoingMessage)
