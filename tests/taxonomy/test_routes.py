"""The taxonomy pages: plain search pages without JavaScript, htmx fragments for
autocomplete, and the postcode lookup."""

from __future__ import annotations

import re

import pytest

HX = {"HX-Request": "true"}
FORKLIFT = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"


@pytest.fixture
def coach(client, login_as):
    return login_as("coach_a")


def text(response) -> str:
    return response.get_data(as_text=True)


def test_occupation_page_is_a_form_that_works_without_javascript(coach):
    response = coach.get("/taxonomy/occupations")
    page = text(response)
    assert response.status_code == 200
    assert page.count("<h1") == 1
    assert '<form method="get" action="/taxonomy/occupations"' in page
    assert '<label for="taxonomy-q">' in page
    assert 'id="taxonomy-q" name="q"' in page
    assert 'aria-live="polite"' in page
    assert "<li" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_occupation_search_lists_dutch_and_english_labels_and_isco_code(coach):
    page = text(coach.get("/taxonomy/occupations", query_string={"q": "heftruckchaufeur"}))
    assert "<!doctype html>" in page
    first = page.split('<li class="taxonomy-result"', 1)[1].split("</li>", 1)[0]
    assert f'data-value="{FORKLIFT}"' in first
    assert 'data-label="heftruckchauffeur"' in first
    other = '<span class="taxonomy-result__other" lang="en" translate="no">forklift operator</span>'
    assert other in first
    assert "8344" in first
    assert re.search(r"\d+ beroepen gevonden", page)


def test_occupation_search_in_english_shows_the_english_label_first(coach):
    coach.post("/language", data={"locale": "en"})
    page = text(coach.get("/taxonomy/occupations", query_string={"q": "kapster"}))
    first = page.split('<li class="taxonomy-result"', 1)[1].split("</li>", 1)[0]
    assert 'data-label="hairdresser"' in first
    assert 'lang="nl" translate="no">kapper</span>' in first
    assert "Found as:" in first and "kapster" in first
    assert "occupations found." in page


def test_htmx_request_gets_only_the_fragment(coach):
    response = coach.get("/taxonomy/occupations", query_string={"q": "lasser"}, headers=HX)
    fragment = text(response)
    assert response.status_code == 200
    assert "<html" not in fragment and "<h1" not in fragment
    assert '<ul class="taxonomy-results"' in fragment
    assert 'data-label="lasser"' in fragment
    assert 'id="taxonomy-result-count" hx-swap-oob="innerHTML"' in fragment
    assert "HX-Request" in response.headers.get("Vary", "")
    assert fragment.count('<li class="taxonomy-result"') <= 10


def test_no_results_say_so_and_escape_the_query(coach):
    page = text(coach.get("/taxonomy/occupations",
                          query_string={"q": "<em>qqxxzz</em>"}, headers=HX))
    assert "<em>" not in page
    assert "&lt;em&gt;qqxxzz&lt;/em&gt;" in page
    assert "Geen beroepen gevonden" in page


def test_skill_search_page_and_fragment(coach):
    page = text(coach.get("/taxonomy/skills", query_string={"q": "Dutch"}))
    assert page.count("<h1") == 1
    assert 'data-label="Dutch"' in page
    assert 'lang="en">Dutch</span>' in page  # no Dutch name in the catalogue: English
    fragment = text(coach.get("/taxonomy/skills", query_string={"q": "Dutch"}, headers=HX))
    assert "<html" not in fragment
    assert 'data-value="http://data.europa.eu/esco/skill/' in fragment


def test_skill_search_shows_dutch_names_on_dutch_pages_and_english_ones_on_english_pages(
        coach):
    dutch = text(coach.get("/taxonomy/skills", query_string={"q": "heftruck"}))
    assert 'data-label="heftruck besturen"' in dutch
    assert 'lang="en" translate="no">operate forklift</span>' in dutch
    assert "Typ een vaardigheid in het Nederlands of in het Engels" in dutch
    coach.post("/language", data={"locale": "en"})
    english = text(coach.get("/taxonomy/skills", query_string={"q": "heftruck"}))
    assert 'data-label="operate forklift"' in english
    # the Dutch name that matched is shown as such, marked as Dutch
    assert 'Found as: <span lang="nl" translate="no">heftruck besturen</span>' in english


def test_the_skill_pickers_suggestions_hold_the_typed_word_or_a_near_spelling(coach):
    options = text(coach.get("/taxonomy/skills", headers=HX, query_string={
        "as": "options", "field": "skill", "skill": "heftruck"}))
    assert re.findall(r'<option value="([^"]*)"', options) == [
        "heftruck besturen", "heftruck nakijken",
        "magazijnmateriaal bedienen (palletwagen, heftruck)"]
    typo = text(coach.get("/taxonomy/skills", headers=HX, query_string={
        "as": "options", "field": "skill", "skill": "heftrck"}))
    assert re.findall(r'<option value="([^"]*)"', typo) == re.findall(
        r'<option value="([^"]*)"', options)


def test_postcode_fragment_shows_the_municipality(coach):
    response = coach.get("/taxonomy/postcodes/2000", headers=HX)
    assert response.status_code == 200
    assert 'data-municipality="Antwerpen"' in text(response)
    by_field = coach.get("/taxonomy/postcodes", query_string={"postcode": "2000"})
    assert "Antwerpen" in text(by_field)


def test_postcode_as_json(coach):
    response = coach.get("/taxonomy/postcodes/2000", headers={"Accept": "application/json"})
    assert response.json["municipality"] == "Antwerpen"
    assert response.json["places"] == ["Antwerpen"]
    assert coach.get("/taxonomy/postcodes/9100?format=json").json["places"] == [
        "Nieuwkerken-Waas", "Sint-Niklaas"]


def test_unknown_postcode(coach):
    assert coach.get("/taxonomy/postcodes/9999").status_code == 404
    assert coach.get("/taxonomy/postcodes/9999?format=json").status_code == 404
    htmx = coach.get("/taxonomy/postcodes/9999", headers=HX)
    assert htmx.status_code == 200  # htmx swaps only 2xx: the old name must disappear
    assert "Onbekende postcode" in text(htmx) or "Unknown postcode" in text(htmx)


def test_analysts_search_occupations_for_the_try_outs_they_organise(client, login_as):
    login_as("analyst")
    assert client.get("/taxonomy/occupations?q=lasser").status_code == 200
