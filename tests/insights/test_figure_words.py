"""The insights say what their figures count. The demand counts the open places of
every organisation that offers any (employers, training providers, sector federations)
and of every kind, so it is "het open aanbod", not "wat werkgevers zoeken"; a moment is
when an opportunity falls, not "het werk"; language support is the organisation's; a
candidate is open to a kind of opportunity; and the outcomes are the partners' work
with every organisation, not only with employers. Dutch and English."""

from __future__ import annotations

import re

import pytest

from tests.factories import WAREHOUSE
from tests.insights.conftest import PERIOD


def text_of(response) -> str:
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def _english(client):
    client.post("/language", data={"locale": "en", "next": "/"})


@pytest.fixture
def open_places(make_opportunities):
    """Jobs, a course and a try-out, open in the test period."""
    make_opportunities(6, works_day=True, works_evening=True)
    make_opportunities(5, employer="provider", kind="training")
    make_opportunities(5, employer="federation", kind="tryout")


def test_the_demand_page_names_every_organisation_and_kind_it_counts(
    client, login_as, open_places
):
    login_as("analyst")
    text = text_of(client.get("/insights/", query_string={**PERIOD, "sector": ""}))
    assert "Vraag: het open aanbod" in text
    assert ("Totalen van de plaatsen die werkgevers, opleidingsverstrekkers en sectorfederaties "
            "open hadden in de periode, van elke soort: jobs, stages, vrijwilligerswerk, "
            "opleidingen en proefsessies. Je ziet nooit één organisatie of aanbod apart.") in text
    # The figures behind those words: the course and the try-out are counted.
    assert re.search(r"Opleiding 5 ", text) and re.search(r"Proeven van jobs 5 ", text)
    assert "Open aanbod per moment van de dag of de week" in text
    assert "Eén aanbod kan op meer momenten vallen." in text
    assert "Sector van de organisatie" in text
    for wrong in ("werkgevers zoeken", "één werkgever", "moment van het werk",
                  "Sector van de werkgever", "soort werk"):
        assert wrong not in text, wrong
    _english(client)
    text = text_of(client.get("/insights/", query_string={**PERIOD, "sector": ""}))
    assert "Demand: the open opportunities" in text
    assert ("of every kind: jobs, internships, volunteering, courses and try-outs. You never "
            "see a single organisation or opportunity.") in text
    assert "Open opportunities by time of day or week" in text
    assert "Sector of the organisation" in text
    for wrong in ("what employers ask", "single employer", "moment of work", "have work at"):
        assert wrong not in text, wrong


def test_the_supply_page_speaks_of_the_kind_of_opportunity_and_the_organisations_support(
    client, login_as, make_candidates, make_opportunities
):
    make_candidates(21, wishes=[WAREHOUSE])
    make_opportunities(5, occupation=WAREHOUSE)
    login_as("analyst")
    text = text_of(client.get("/insights/supply", query_string={**PERIOD, "sector": ""}))
    assert "open staan voor de soort aanbod die je koos" in text
    assert "Biedt de organisatie taalondersteuning, dan is één niveau lager" in text
    assert "soort werk" not in text and "Biedt de werkgever" not in text
    _english(client)
    text = text_of(client.get("/insights/supply", query_string={**PERIOD, "sector": ""}))
    assert "open to the kind of opportunity you chose" in text
    assert "Where the organisation offers language support" in text


def test_the_outcomes_are_the_partners_work_with_every_organisation(client, login_as):
    login_as("admin")
    text = text_of(client.get("/insights/outcomes"))
    assert ("Wat de partnerorganisaties in een periode bereikten, samen met werkgevers, "
            "opleidingsverstrekkers en sectorfederaties.") in text
    _english(client)
    text = text_of(client.get("/insights/outcomes"))
    assert ("together with employers, training providers and sector federations") in text
