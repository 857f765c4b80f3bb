"""The dashboard pages as people use them: figures, drill-down, and filters with bad
values that get a message next to the field while the page still answers."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from tests.factories import FORKLIFT, WAREHOUSE
from tests.insights.conftest import PERIOD


@pytest.fixture
def analyst(login_as):
    return login_as("analyst")


def test_demand_page_shows_protected_figures(analyst, make_opportunities):
    make_opportunities(7)
    make_opportunities(3, kind="internship")
    page = analyst.get("/insights/", query_string={**PERIOD, "sector": ""})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Vraag: het open aanbod" in html
    assert '<td class="number" data-value="10">10</td>' in html  # 10 open, rounded
    assert '<td class="number" data-value="">&lt;5</td>' in html  # 3 internships
    assert re.search(r"<caption[^>]*>Open aanbod per soort<", html)
    assert 'th scope="col"' in html and 'th scope="row"' in html


def test_analyst_sees_their_federations_sector_first(analyst):
    html = analyst.get("/insights/").get_data(as_text=True)
    assert '<option selected value="H">' in html
    html = analyst.get("/insights/?sector=").get_data(as_text=True)
    assert '<option selected value="">' in html


def test_drill_down_from_major_group_to_occupations(analyst, make_opportunities):
    make_opportunities(5, occupation=FORKLIFT)
    make_opportunities(5, occupation=WAREHOUSE)
    top = analyst.get("/insights/", query_string={**PERIOD, "sector": ""}).get_data(as_text=True)
    assert "Bedieners van machines en installaties, assembleurs" in top  # ISCO 8 in Dutch
    assert "group=8" in top
    inside = analyst.get("/insights/", query_string={**PERIOD, "sector": "", "group": "834"})
    html = inside.get_data(as_text=True)
    assert 'translate="no">Heftruckbestuurders<' in html  # the Dutch name of ISCO 8344
    assert ">834 Bedieners van mobiele installaties<" in html  # where you look
    deepest = analyst.get("/insights/", query_string={**PERIOD, "sector": "", "group": "8344"})
    assert "heftruckchauffeur" in deepest.get_data(as_text=True).lower()
    analyst.post("/language", data={"locale": "en"})
    english = analyst.get("/insights/", query_string={**PERIOD, "sector": "", "group": "834"})
    assert ">Lifting truck operators<" in english.get_data(as_text=True)


BAD_FILTERS = [
    ({"period_start": "2026-02-31"}, "period_start", "Deze datum bestaat niet."),
    ({"period_start": "gisteren"}, "period_start", "Vul een maand in als 2026-03"),
    ({"period_end": "1850-01"}, "period_end", "Kies een datum tussen 2000 en 2100."),
    (
        {"period_start": "2026-05", "period_end": "2026-01"},
        "period_end",
        "De periode kan niet eindigen voor ze begint.",
    ),
    (
        {"period_start": "2010-01", "period_end": "2020-01"},
        "period_end",
        "Kies een periode van hoogstens 5 jaar.",
    ),
    ({"sector": "Z"}, "sector", "Kies een sector uit de lijst."),
    ({"kind": "freelance"}, "kind", "Kies een soort uit de lijst."),
    ({"place": "Atlantis"}, "place", "We kennen deze postcode of gemeente niet."),
    ({"place": "2060", "radius": "-5"}, "radius", "Vul een afstand in van 0 tot 200 km."),
    ({"place": "2060", "radius": "ver"}, "radius", "Vul een afstand in van 0 tot 200 km."),
    ({"place": "2060", "radius": "500"}, "radius", "Vul een afstand in van 0 tot 200 km."),
    ({"radius": "5"}, "radius", "Vul een postcode of gemeente in"),
    ({"group": "99999"}, "group", "We kennen deze ISCO-groep niet."),
    ({"group": "abc"}, "group", "We kennen deze ISCO-groep niet."),
]


@pytest.mark.parametrize(("args", "field", "message"), BAD_FILTERS)
@pytest.mark.parametrize("path", ["/insights/", "/insights/supply"])
def test_a_bad_filter_gets_a_message_next_to_its_field(analyst, path, args, field, message):
    response = analyst.get(path, query_string=args)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    error = html.split(f'id="{field}-error"', 1)[1].split("</p>", 1)[0]
    assert message in error
    described = re.search(
        rf'id="{field}"[^>]*aria-describedby="([^"]*)"|'
        rf'aria-describedby="([^"]*)"[^>]*id="{field}"',
        html,
    )
    assert f"{field}-error" in "".join(part or "" for part in described.groups())


def test_a_bad_filter_leaves_the_other_filters_working(analyst, make_opportunities):
    make_opportunities(6)
    make_opportunities(6, kind="volunteering", employer="employer_b")
    html = analyst.get(
        "/insights/demand/kind.csv",
        query_string={**PERIOD, "sector": "Z", "kind": "volunteering"},
    ).get_data(as_text=True)
    assert "Vrijwilligerswerk;5;5" in html  # the kind filter still applies
    assert "Job;0;0" in html


def test_a_bad_period_falls_back_to_the_last_twelve_months(analyst, make_opportunities):
    make_opportunities(
        5,
        status="filled",  # filled long before the default period
        filled_at=datetime(2025, 2, 1, tzinfo=UTC),
    )
    html = analyst.get(
        "/insights/demand/kind.csv", query_string={"sector": "", "period_start": "2025-13"}
    ).get_data(as_text=True)
    assert "Job;0;0" in html


def test_typed_filters_are_kept_and_markup_is_shown_as_text(analyst):
    html = analyst.get(
        "/insights/",
        query_string={
            "place": "<script>alert(1)</script>",
            "period_start": "2026-02-31",
        },
    ).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert 'value="2026-02-31"' in html


def test_the_english_page_says_the_same_in_english(client, make_opportunities):
    from tests.conftest import login

    login(client, "analyst")
    client.post("/language", data={"locale": "en", "next": "/"})
    html = client.get("/insights/", query_string={"period_start": "2026-02-31"}).get_data(
        as_text=True
    )
    assert "Demand: the open opportunities" in html
    assert "This date does not exist. Check the day and the month." in html
    assert "Plant and machine operators, and assemblers" in html or "Nothing to show" in html


def test_supply_page_shows_candidates_and_the_gap(analyst, make_candidates, make_opportunities):
    make_candidates(21, wishes=[WAREHOUSE])  # at least INSIGHTS_MIN_POPULATION people
    make_opportunities(5, occupation=WAREHOUSE, places=2)
    html = analyst.get("/insights/supply", query_string={**PERIOD, "sector": ""}).get_data(
        as_text=True
    )
    assert "Kandidaten en kloof" in html
    assert re.search(r"<caption[^>]*>Open plaatsen en kandidaten per beroepsgroep<", html)
    # Group 9: 10 places, 21 candidates shown as 20, difference from the shown figures.
    row = html.split("Elementaire beroepen", 1)[1].split("</tr>", 1)[0]
    assert 'data-value="10"' in row and 'data-value="20"' in row and 'data-value="-10"' in row
