"""The browse list holds jobs, internships, volunteering places, courses and try-outs:
its menu entry, title, heading and count say so ("aanbod", "resultaten", the kinds
found), never "vacatures" alone; and its hours filter never hides a try-out, whose
weekly hours nobody sees."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_course, make_opportunity, make_tryout
from tests.opportunities.conftest import text


def titles(response) -> set[str]:
    return set(re.findall(r'<h3><a href="/opportunities/\d+" translate="no">(.*?)</a></h3>',
                          text(response)))


def results_heading(response) -> str:
    found = re.search(r'<h2 id="results-heading">(.*?)</h2>', text(response), re.S)
    assert found is not None
    return found.group(1)


def results_kinds(response) -> str | None:
    """The line under the heading that counts each kind, None when there is none."""
    found = re.search(r'</h2>\n<p id="results-kinds">(.*?)</p>', text(response), re.S)
    return found and found.group(1)


@pytest.fixture
def mixed(app_ctx, organisations):
    """Two jobs (38 and 16 hours a week), a course of 30 hours a week and a try-out
    stored with 38 hours a week (as every try-out made through the form has some)."""
    make_opportunity(organisations["employer_a"], title="Job van 38 uur", hours_per_week=38)
    make_opportunity(organisations["employer_a"], title="Job van 16 uur", hours_per_week=16)
    make_course(organisations["provider"], title="Opleiding van 30 uur", hours_per_week=30)
    make_tryout(organisations["employer_b"], title="Proefsessie", hours_per_week=38,
                commit=True)


@pytest.fixture
def coach(client, login_as, mixed):
    return login_as("coach_a")


def english(client):
    client.post("/language", data={"locale": "en"})
    return client


# --- the words --------------------------------------------------------------------------


def test_the_count_names_the_kinds_the_list_holds(coach):
    response = coach.get("/opportunities/browse")
    assert results_heading(response) == "4 resultaten"
    assert results_kinds(response) == "2 jobs, 1 opleiding en 1 proefsessie"
    # the list is named by both, for a screen reader
    assert 'aria-labelledby="results-heading results-kinds"' in text(response)
    english(coach)
    response = coach.get("/opportunities/browse")
    assert results_heading(response) == "4 results"
    assert results_kinds(response) == "2 jobs, 1 course, and 1 try-out"


@pytest.mark.parametrize(
    ("query", "dutch", "english_words"),
    [
        ({"kind": "training"}, "1 opleiding gevonden", "1 course found"),
        ({"kind": "tryout"}, "1 proefsessie gevonden", "1 try-out found"),
        ({"kind": "job"}, "2 jobs gevonden", "2 jobs found"),
        ({"kind": "internship"}, "0 stages gevonden", "0 internships found"),
        ({"kind": "volunteering"}, "0 vrijwilligersplaatsen gevonden",
         "0 volunteering places found"),
        # one kind left by other filters: named as well
        ({"q": "opleiding"}, "1 opleiding gevonden", "1 course found"),
        ({"q": "niets"}, "Niets gevonden", "Nothing found"),
    ],
)
def test_a_list_of_one_kind_names_that_kind(client, login_as, mixed, query, dutch,
                                            english_words):
    login_as("coach_a")
    response = client.get("/opportunities/browse", query_string=query)
    assert results_heading(response) == dutch
    assert results_kinds(response) is None  # the heading says it all
    english(client)
    assert results_heading(
        client.get("/opportunities/browse", query_string=query)) == english_words


def test_nothing_found_does_not_speak_of_vacancies(coach):
    page = text(coach.get("/opportunities/browse", query_string={"q": "niets"}))
    assert re.search(r'<h2 id="results-heading">Niets gevonden</h2>\s*'
                     r"<p>Probeer minder filters of een grotere afstand.</p>", page)
    assert "vacature" not in page.lower()


def test_the_menu_title_and_heading_speak_of_the_offer_not_of_vacancies(coach):
    page = text(coach.get("/opportunities/browse"))
    assert '<a href="/opportunities/browse" aria-current="page">Aanbod zoeken</a>' in page
    assert "<title>Aanbod zoeken · Werkbrug</title>" in page
    assert "<h1>Aanbod zoeken</h1>" in page
    assert ("Jobs, stages, vrijwilligersplaatsen, opleidingen en proefsessies van "
            "werkgevers, opleidingsverstrekkers en sectorfederaties.") in page
    assert "Vacatures zoeken" not in page
    english(coach)
    page = text(coach.get("/opportunities/browse"))
    assert '<a href="/opportunities/browse" aria-current="page">Find opportunities</a>' in page
    assert "<h1>Find opportunities</h1>" in page
    assert ("Jobs, internships, volunteering places, courses and try-outs from employers, "
            "training providers and sector federations.") in page


def test_an_opportunity_page_leads_back_to_the_offer(coach, app_ctx, organisations):
    job = make_opportunity(organisations["employer_a"], title="Nog een job", commit=True)
    page = text(coach.get(f"/opportunities/{job.id}"))
    assert '<a href="/opportunities/browse">Aanbod zoeken</a>' in page


# --- the hours filter -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # a try-out is one session: it fits any number of hours a week
        ({"hours_max": "20"}, {"Job van 16 uur", "Proefsessie"}),
        ({"hours_min": "40"}, {"Proefsessie"}),
        ({"hours_min": "20", "hours_max": "30"}, {"Opleiding van 30 uur", "Proefsessie"}),
        # a course shows its hours a week: they count
        ({"hours_max": "29"}, {"Job van 16 uur", "Proefsessie"}),
        ({"kind": "tryout", "hours_max": "1"}, {"Proefsessie"}),
        ({"kind": "job", "hours_max": "20"}, {"Job van 16 uur"}),
    ],
)
def test_the_hours_filter_never_hides_a_tryout(coach, query, expected):
    assert titles(coach.get("/opportunities/browse", query_string=query)) == expected


def test_the_hours_filter_says_try_outs_stay(coach):
    page = text(coach.get("/opportunities/browse"))
    hint = re.search(r'<p class="hint" id="hours_max-hint">([^<]*)</p>', page)
    assert hint is not None and hint.group(1) == (
        "Proefsessies blijven altijd in de lijst: een proefsessie valt op één dag, het is geen "
        "werk elke week.")
    assert page.count("Proefsessies blijven altijd in de lijst") == 1
    english(coach)
    assert "Try-outs always stay in the list" in text(coach.get("/opportunities/browse"))
