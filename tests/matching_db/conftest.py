"""Fixtures of the bridge tests: a published forklift driver opportunity."""

from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace.extensions import db

FORKLIFT = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"


@pytest.fixture
def opportunity(app_ctx, organisations):
    from marketplace.opportunities import operations as opportunity_operations
    from marketplace.taxonomy.queries import get_occupation_by_uri

    data = opportunity_operations.OpportunityData(
        kind="job", title="Heftruckchauffeur", postcode="2030", hours_per_week=38,
        occupation=get_occupation_by_uri(FORKLIFT), schedule={"day"}, places=1,
        dutch_level="A2", description="Laden en lossen.", contract_type="interim",
        closes_on=opportunity_operations.local_today() + timedelta(days=30),
    )
    created = opportunity_operations.create_opportunity(organisations["employer_a"], data,
                                                        publish=True)
    db.session.commit()
    return created
