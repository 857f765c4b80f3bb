"""Coaches and admins browse published opportunities with filters; a bad filter value
gives a message on the page, never an error."""

from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace.db_types import local_today
from marketplace.taxonomy.queries import get_occupation_by_uri
from tests.factories import BUILDING_CLEANER, CARE_ASSISTANT
from tests.opportunities.conftest import text


def titles(response) -> set[str]:
    import re

    page = text(response)
    return set(re.findall(r'<h3><a href="/opportunities/\d+" translate="no">(.*?)</a></h3>', page))


@pytest.fixture
def catalogue(make_opportunity):
    """Five published opportunities and some that coaches must not see."""
    care = get_occupation_by_uri(CARE_ASSISTANT)
    cleaner = get_occupation_by_uri(BUILDING_CLEANER)
    make_opportunity(title="Heftruck dag", status="published", dutch_level="A2",
                     language_support=True, hours_per_week=38, schedule={"day"})
    make_opportunity(title="Heftruck nacht", status="published", dutch_level="B1",
                     language_support=False, hours_per_week=38, schedule={"night"},
                     postcode="2040", description="Nachtploeg in de haven, Lillo.")
    make_opportunity("employer_b", title="Zorghulp", status="published", occupation=care,
                     dutch_level="B1", language_support=True, hours_per_week=30,
                     schedule={"day", "weekend"}, postcode="2100")
    make_opportunity("employer_b", title="Schoonmaak avond", status="published",
                     occupation=cleaner, kind="volunteering", contract_type=None,
                     dutch_level="none", hours_per_week=8, schedule={"evening"},
                     postcode="9000")
    make_opportunity("employer_b", title="Stage zorg", status="published", occupation=care,
                     kind="internship", contract_type=None, internship_weeks=6,
                     dutch_level="A1", hours_per_week=24, schedule={"day"}, postcode="2140")
    make_opportunity(title="Ontwerp heftruck")
    make_opportunity(title="Gepauzeerde heftruck", status="paused")
    expired = make_opportunity(title="Verlopen heftruck", status="published")
    expired.closes_on = local_today() - timedelta(days=1)
    from marketplace.extensions import db

    db.session.commit()


@pytest.fixture
def coach(client, login_as, catalogue):
    return login_as("coach_a")


PUBLISHED = {"Heftruck dag", "Heftruck nacht", "Zorghulp", "Schoonmaak avond", "Stage zorg"}


def test_coach_sees_every_published_opportunity_that_is_still_open(coach):
    response = coach.get("/opportunities/browse")
    assert response.status_code == 200
    assert titles(response) == PUBLISHED
    assert '<h2 id="results-heading">5 resultaten</h2>' in text(response)
    assert "3 jobs, 1 stage en 1 vrijwilligersplaats" in text(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "internship"}, {"Stage zorg"}),
        ({"kind": "volunteering"}, {"Schoonmaak avond"}),
        ({"q": "HEFTRUCK"}, {"Heftruck dag", "Heftruck nacht"}),
        ({"q": "lillo"}, {"Heftruck nacht"}),  # in the description
        ({"q": "100%"}, set()),  # LIKE wildcards are plain text
        ({"occupation": "heftruck"}, {"Heftruck dag", "Heftruck nacht"}),
        ({"occupation": "forklift"}, {"Heftruck dag", "Heftruck nacht"}),
        ({"occupation": "8"}, {"Heftruck dag", "Heftruck nacht"}),  # ISCO major group
        ({"occupation": "8344"}, {"Heftruck dag", "Heftruck nacht"}),
        ({"occupation": "53"}, {"Zorghulp", "Stage zorg"}),
        ({"sector": "Q"}, {"Zorghulp", "Schoonmaak avond", "Stage zorg"}),
        ({"place": "2030"}, {"Heftruck dag"}),
        ({"place": "Deurne"}, {"Zorghulp"}),
        ({"place": "2100", "radius": "3"}, {"Zorghulp", "Stage zorg"}),  # Borgerhout is 2 km
        ({"place": "Antwerpen"}, {"Heftruck dag", "Heftruck nacht"}),  # 2000 to 2060
        ({"place": "Lillo"}, {"Heftruck nacht"}),  # a place within postcode 2040
        ({"support_only": "y"}, {"Heftruck dag", "Zorghulp"}),
        ({"dutch_level": "none"}, {"Schoonmaak avond"}),
        ({"dutch_level": "A1"}, {"Schoonmaak avond", "Stage zorg", "Heftruck dag"}),
        ({"dutch_level": "A2"}, {"Schoonmaak avond", "Stage zorg", "Heftruck dag", "Zorghulp"}),
        ({"dutch_level": "B1"}, PUBLISHED),
        ({"hours_min": "30"}, {"Heftruck dag", "Heftruck nacht", "Zorghulp"}),
        ({"hours_max": "24"}, {"Schoonmaak avond", "Stage zorg"}),
        ({"hours_min": "20", "hours_max": "30,5"}, {"Zorghulp", "Stage zorg"}),
        ({"works_evening": "y"}, {"Schoonmaak avond"}),
        ({"works_night": "y", "works_weekend": "y"}, {"Heftruck nacht", "Zorghulp"}),
        ({"kind": "job", "dutch_level": "A2", "sector": "H"}, {"Heftruck dag"}),
    ],
)
def test_filters(coach, query, expected):
    response = coach.get("/opportunities/browse", query_string=query)
    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [  # each leaves out only the filter named by ``field``
        ({"place": "9999"}, "place", "We kennen deze postcode of gemeente niet."),
        ({"place": "Atlantis"}, "place", "We kennen deze postcode of gemeente niet."),
        ({"radius": "-5"}, "radius", "Vul een afstand in van 0 tot 200 km."),
        ({"radius": "ver"}, "radius", "Vul een afstand in van 0 tot 200 km."),
        ({"radius": "5"}, "radius", "Vul een postcode of gemeente in"),
        ({"hours_min": "twintig"}, "hours_min", "Vul een aantal uren in"),
        ({"hours_min": "5", "hours_max": "1"}, "hours_max", "kan niet kleiner zijn"),
        ({"occupation": "12345"}, "occupation", "We kennen deze ISCO-groep niet."),
        ({"occupation": "0000"}, "occupation", "We kennen deze ISCO-groep niet."),
        ({"kind": "gig"}, "kind", "Kies een soort uit de lijst."),
        ({"dutch_level": "A3"}, "dutch_level", "Kies een niveau uit de lijst."),
        ({"sector": "ZZ"}, "sector", "Kies een sector uit de lijst."),
    ],
)
def test_bad_filters_give_a_message_and_are_left_out(coach, query, field, message):
    response = coach.get("/opportunities/browse", query_string=query)
    page = text(response)
    assert response.status_code == 200
    assert "Sommige filters konden niet gebruikt worden" in page
    assert message in page
    assert f'href="#{field}"' in page
    assert titles(response) == PUBLISHED  # the bad filter is left out
    for value in query.values():  # what was typed stays (choices cannot hold bad values)
        assert f'value="{value}"' in page or value in ("gig", "A3", "ZZ")


def test_a_negative_radius_around_a_place_is_left_out(coach):
    response = coach.get("/opportunities/browse", query_string={"place": "2100",
                                                                "radius": "-5"})
    assert "Vul een afstand in van 0 tot 200 km." in text(response)
    assert titles(response) == {"Zorghulp"}


def test_a_bad_filter_does_not_undo_the_good_ones(coach):
    response = coach.get("/opportunities/browse", query_string={"kind": "internship",
                                                                "place": "9999"})
    assert titles(response) == {"Stage zorg"}


def test_a_place_with_a_bad_radius_still_filters_on_the_place(coach):
    response = coach.get("/opportunities/browse", query_string={"place": "2030", "radius": "x"})
    assert titles(response) == {"Heftruck dag"}


def test_results_are_paginated(client, login_as, make_opportunity):
    for number in range(23):
        make_opportunity(title=f"Plaats {number:02d}", status="published")
    login_as("coach_b")
    first = client.get("/opportunities/browse")
    second = client.get("/opportunities/browse", query_string={"page": 2})
    assert len(titles(first)) == 20 and len(titles(second)) == 3
    assert not titles(first) & titles(second)
    assert 'rel="next"' in text(first) and "Pagina 1 van 2" in text(first)


@pytest.mark.parametrize(
    ("asked", "shown", "rows"),
    [
        ("3", 2, 3),
        ("922337203685477580", 2, 3),
        ("99999999999999999999999", 2, 3),
        ("x", 1, 20),
        ("0", 1, 20),
        ("-1", 1, 20),
    ],
)
def test_a_page_that_does_not_exist_says_so(
    client, login_as, make_opportunity, asked, shown, rows
):
    for number in range(23):
        make_opportunity(title=f"Plaats {number:02d}", status="published")
    login_as("coach_b")
    response = client.get("/opportunities/browse", query_string={"page": asked})
    assert response.status_code == 200
    assert f"Dat paginanummer bestaat niet. Je ziet pagina {shown} van 2." in text(response)
    assert len(titles(response)) == rows


def test_an_existing_page_has_no_notice(client, login_as, make_opportunity):
    for number in range(23):
        make_opportunity(title=f"Plaats {number:02d}", status="published")
    login_as("coach_b")
    response = client.get("/opportunities/browse", query_string={"page": "2"})
    assert "paginanummer bestaat niet" not in text(response)


def test_pagination_keeps_the_filters(client, login_as, make_opportunity):
    for number in range(21):
        make_opportunity(title=f"Avond {number:02d}", status="published",
                         schedule={"evening"})
    login_as("coach_b")
    page = text(client.get("/opportunities/browse", query_string={"works_evening": "y"}))
    assert "works_evening=y" in page.split('rel="next"')[0].rsplit("<a", 1)[1]


def test_admin_can_browse_other_statuses(client, login_as, catalogue):
    login_as("admin")
    assert titles(client.get("/opportunities/browse")) == PUBLISHED
    paused = client.get("/opportunities/browse", query_string={"status": "paused"})
    assert titles(paused) == {"Gepauzeerde heftruck"}
    every = titles(client.get("/opportunities/browse", query_string={"status": "all"}))
    assert {"Ontwerp heftruck", "Verlopen heftruck"} <= every


def test_coach_cannot_ask_for_other_statuses(coach):
    response = coach.get("/opportunities/browse", query_string={"status": "draft"})
    assert titles(response) == PUBLISHED
    assert 'name="status"' not in text(response)


def test_results_say_the_dutch_level_and_the_support(coach):
    page = text(coach.get("/opportunities/browse", query_string={"q": "Heftruck dag"}))
    assert "A2 (basis)" in page and "met taalondersteuning op het werk" in page
    assert "38 uur per week" in page and "Overdag" in page


def test_employers_and_analysts_cannot_browse(client, login_as):
    login_as("employer_a")
    assert client.get("/opportunities/browse").status_code == 403
