"""The compact rows of the suggestion pages: marks as symbol and word with the state
for screen readers, the explanation in a details element, near misses naming what they
miss first, numbers in the page's language and "same municipality" instead of 0 km."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale

from marketplace.matching.explain import Reason
from marketplace.suggestions.sentences import Names, Wording, reason_sentence
from tests.suggestions.conftest import driver


def page(client, url, **query) -> str:
    response = client.get(url, query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def row_of(html: str, name: str) -> str:
    """The list item of the row whose heading links ``name``."""
    start = html.rindex('<li class="match"', 0, html.index(f'translate="no">{name}</a>'))
    row = html[start:]
    end = min(i for i in (row.find('<li class="match"', 1), row.find("</ol>"),
                          row.find("</section>")) if i > 0)
    return row[:end]


def marks_of(row: str) -> list[tuple[str, str, str]]:
    """``(symbol, visible text, state for screen readers)`` per mark, in order."""
    found = re.findall(
        r'<li class="mark mark--\w+"><span class="mark__symbol" aria-hidden="true">(.)</span>'
        r" (.*?)<span class=\"visually-hidden\">: (.*?)</span></li>", row)
    return [(symbol, re.sub(r"<[^>]+>", "", text).strip(), state)
            for symbol, text, state in found]


def test_a_row_shows_each_requirement_as_a_symbol_a_word_and_a_hidden_state(
        client, login_as, users, opportunity):
    amal = driver(users["coach_a"], "Amal", hours_per_week=38, postcode="2640",
                  day_parts=frozenset({"mornings", "afternoons"}))
    login_as("coach_a")
    row = row_of(page(client, f"/suggestions/opportunities/{opportunity.id}"), "Amal")
    marks = marks_of(row)
    assert [text.split()[0] for _, text, _ in marks] == [
        "Nederlands", "Werktijd", "Afstand", "Uren", "Werkvergunning"]
    assert all(symbol == "✓" and state == "voldaan" for symbol, _, state in marks)
    assert ("✓", "Nederlands A2", "voldaan") in marks
    assert f'href="/candidates/{amal.id}"' in row  # the name links the profile
    assert "Sterke match" in row and re.search(r"score 0,\d\d op 1", row)
    # The explanation opens on request, after the marks, with the actions in the row.
    assert row.index('class="marks"') < row.index('<details class="match__why">')
    assert re.search(r"<summary>Uitleg<span class=\"visually-hidden\">: "
                     r"<span translate=\"no\">Amal</span>", row)
    assert "Wil werken als" in row[row.index("<details"):]
    assert "Voorstellen" in row and "Opzij zetten" in row


def test_numbers_follow_the_language_of_the_page(client, login_as, users, opportunity):
    driver(users["coach_a"], "Amal", postcode="2640")  # Mortsel, south of Antwerp
    login_as("coach_a")
    row = row_of(page(client, f"/suggestions/opportunities/{opportunity.id}"), "Amal")
    distance = next(text for _, text, _ in marks_of(row) if text.startswith("Afstand"))
    assert re.fullmatch(r"Afstand \d+,\d km", distance), distance
    assert re.search(r"score 0,\d\d op 1", row)
    assert re.search(r"Woont op \d+,\d km\.", row)
    client.post("/language", data={"locale": "en"})
    row = row_of(page(client, f"/suggestions/opportunities/{opportunity.id}"), "Amal")
    distance = next(text for _, text, _ in marks_of(row) if text.startswith("Distance"))
    assert re.fullmatch(r"Distance \d+\.\d km", distance), distance
    assert re.search(r"score 0\.\d\d of 1", row)
    assert re.search(r"Lives \d+\.\d km away\.", row)
    assert ("✓", "Work permit", "met") in marks_of(row)


def test_postcodes_that_share_their_point_read_same_municipality(client, login_as, users,
                                                                 opportunity):
    assert opportunity.postcode == "2030"
    driver(users["coach_a"], "Amal", postcode="2030", max_commute_km=10)
    login_as("coach_a")
    row = row_of(page(client, f"/suggestions/opportunities/{opportunity.id}"), "Amal")
    assert ("✓", "Afstand zelfde gemeente", "voldaan") in marks_of(row)
    assert "Woont in dezelfde gemeente; wil tot 10 km reizen." in row
    assert not re.search(r"\b0(,0)? km", row)


def test_a_near_miss_shows_the_unmet_requirement_first_in_marks_and_explanation(
        client, login_as, users, opportunity):
    driver(users["coach_a"], "Elif", dutch_level="none", hours_per_week=20)
    login_as("coach_a")
    html = page(client, f"/suggestions/opportunities/{opportunity.id}", near="1")
    row = row_of(html[html.index('id="near-heading"'):], "Elif")
    marks = marks_of(row)
    assert marks[0] == ("✗", "Nederlands geen", "niet voldaan")
    assert ("~", "Uren", "deels voldaan") in marks
    reasons = re.findall(r"<li>(.*?)</li>", row[row.index("<details"):])
    assert reasons[0] == "Nederlands Nog geen Nederlands is lager dan de gevraagde A2 (basis)."
    assert "Mogelijke match" in row
    assert "Voorstellen" not in row  # a near miss is not proposed from here


def test_the_page_for_a_candidate_has_the_same_rows(client, login_as, users, opportunity):
    amal = driver(users["coach_a"], "Amal", postcode="2030")
    login_as("coach_a")
    html = page(client, f"/suggestions/candidates/{amal.id}")
    row = row_of(html, opportunity.title)
    assert ("✓", "Afstand zelfde gemeente", "voldaan") in marks_of(row)
    assert '<details class="match__why">' in row
    assert f'href="/opportunities/{opportunity.id}"' in row
    assert re.search(r'Voorstellen<span class="visually-hidden">: <span translate="no">'
                     + opportunity.title, row)


def test_numbers_and_marks_kept_in_words_follow_the_page_language(app):
    """Numbers and marks in words are kept per locale and catalogue: the same number
    or mark asked in another language is written in that language."""
    from flask_babel import force_locale

    from marketplace.suggestions.display import shown_mark
    from marketplace.suggestions.marks import Mark
    from marketplace.web.written_numbers import number_text

    mark = Mark("distance", "met", km=2.5)
    with app.test_request_context():
        with force_locale("nl"):
            assert (number_text(2.5), number_text(0.8, "0.00")) == ("2,5", "0,80")
            dutch = shown_mark(mark)
        with force_locale("en"):
            assert (number_text(2.5), number_text(0.8, "0.00")) == ("2.5", "0.80")
            english = shown_mark(mark)
        with force_locale("nl"):
            assert shown_mark(mark) == dutch
    assert (dutch.word, dutch.detail, dutch.state_word) == ("Afstand", "2,5 km", "voldaan")
    assert (english.word, english.detail, english.state_word) == ("Distance", "2.5 km", "met")


def test_a_wording_found_once_writes_each_language_as_gettext_would(app):
    """The catalogue, locale and fixed words that ``Wording`` finds once per page give
    the same sentences as translating each text on its own, in Dutch and in English."""
    from flask_babel import force_locale

    from marketplace.matching.explain import Explanation, Reason
    from marketplace.suggestions.sentences import Names, Wording, explanation_sentences

    explanation = Explanation(
        candidate_id=1, opportunity_id=2, score=0.5, scorer_version="cold-start-1",
        reasons=(
            Reason("occupation_match", {"candidate_occupation": 5, "relation": "same",
                                        "source": "experience", "years": 2.5}),
            Reason("dutch_level", {"candidate": "A2", "required": "B1", "bridged": True}),
            Reason("schedule", {"available": ["day"], "missing": ["evening", "weekend"]}),
        ),
        unmet=(), strongest_up=(Reason("feature", {"feature": "distance"}, 0.2),),
        strongest_down=())
    names = Names({5: "Heftruckchauffeur"}, {}, {}, {})
    with app.test_request_context():
        with force_locale("nl"):
            dutch = explanation_sentences(explanation, names, Wording())
        with force_locale("en"):
            english = explanation_sentences(explanation, names, Wording())
        with force_locale("nl"):
            assert explanation_sentences(explanation, names) == dutch
    assert dutch[0] == "2,5 jaar ervaring als Heftruckchauffeur: hetzelfde beroep."
    assert english[0] == "2.5 years of experience as Heftruckchauffeur: the same occupation."
    assert dutch[1] == ("Nederlands: A2 (basis); B1 (zelfstandig) gevraagd. Een niveau lager "
                        "mag: de werkgever biedt taalondersteuning.")
    assert dutch[2] == "Kan niet werken op deze momenten: 's avonds, in het weekend."
    assert english[2] == "Cannot work at these times: evenings, weekends."
    assert english[-1] == "Raised the score most: distance."
    assert dutch[-1] == "Deed de score het meest stijgen: afstand."


@pytest.mark.parametrize(("kind", "who"), [
    ("job", "de werkgever"), ("internship", "de werkgever"), (None, "de werkgever"),
    ("training", "de opleiding"), ("volunteering", "de organisatie"),
    ("tryout", "de organisator"),
])
def test_one_dutch_level_lower_names_who_gives_the_language_support(app, kind, who):
    params = {"candidate": "A2", "required": "B1", "language_support": True, "bridged": True}
    if kind is not None:  # a reason kept from before reasons named their kind has none
        params["kind"] = kind
    with app.test_request_context(), force_locale("nl"):
        sentence = reason_sentence(Reason("dutch_level", params), Names({}, {}, {}, {}),
                                   Wording())
    assert sentence.endswith(f"Een niveau lager mag: {who} biedt taalondersteuning.")
