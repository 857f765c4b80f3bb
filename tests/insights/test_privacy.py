"""Analysts see totals only: no employer, no opportunity, no candidate. Unique canary
values are seeded in every such field, then every insights page and CSV is searched
for them."""

from __future__ import annotations

import re

from marketplace.accounts.models import Organisation
from marketplace.extensions import db
from marketplace.insights.demand_tables import DEMAND_TABLES
from marketplace.insights.supply_tables import SUPPLY_TABLES
from tests.factories import FORKLIFT
from tests.insights.conftest import PERIOD

CANARIES = {
    "employer": "Kanarie Werkgever Zebravink",
    "title": "Kanarie Titel Quokka",
    "description": "Kanarie Beschrijving Okapi",
    "certificates": "Kanarie Attest Tapir",
    "notes_for_coaches": "Kanarie Nota Axolotl",
    "pseudonym": "Kanarie Persoon Narwal",
    "email": "kanarie.persoon@example.org",
    "phone": "+32 470 99 88 77",
    "coach_note": "Kanarie Coachnota Pangolin",
}


def _pages(group: str) -> list[str]:
    base = {**PERIOD, "sector": "", "group": group}
    query = "&".join(f"{key}={value}" for key, value in base.items())
    urls = [f"/insights/?{query}", f"/insights/supply?{query}"]
    urls += [f"/insights/demand/{key}.csv?{query}" for key in DEMAND_TABLES]
    urls += [f"/insights/supply/{key}.csv?{query}" for key in SUPPLY_TABLES]
    return urls


def test_no_employer_opportunity_or_candidate_detail_reaches_the_analyst(
    login_as, make_opportunities, make_candidates, organisations
):
    employer = organisations["employer_a"]
    employer.name = CANARIES["employer"]
    db.session.commit()
    opportunities = make_opportunities(
        6,
        title=CANARIES["title"],
        description=CANARIES["description"],
        certificates=CANARIES["certificates"],
        notes_for_coaches=CANARIES["notes_for_coaches"],
    )
    make_candidates(
        6,
        wishes=[FORKLIFT],
        pseudonym=CANARIES["pseudonym"],
        email=CANARIES["email"],
        phone=CANARIES["phone"],
        coach_note=CANARIES["coach_note"],
    )
    client = login_as("analyst")
    seen = []
    for group in ("", "8", "83", "834", "8344"):
        for url in _pages(group):
            response = client.get(url)
            if response.status_code == 404:  # no proposals table yet
                continue
            assert response.status_code == 200, url
            seen.append(url)
            body = response.get_data(as_text=True)
            for field, canary in CANARIES.items():
                assert canary not in body, f"{field} leaked in {url}"
            assert not re.search(r"/opportunities/\d", body), url
            assert not any(f"/opportunities/{o.id}" in body for o in opportunities)
            assert "/candidates/" not in body, url
    assert len(seen) >= 5 * 11
    assert db.session.get(Organisation, employer.id).name == CANARIES["employer"]
