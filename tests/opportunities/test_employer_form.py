"""The employer's form for a new opportunity: what it asks, saving a draft or
publishing at once, every kind of bad input (with its message next to the field and what
was typed kept), and the occupation suggestions from the title."""

from __future__ import annotations

import re

import pytest

from tests.factories import FORKLIFT
from tests.opportunities.conftest import form_data, in_days, newest, text
from tests.security.helpers import error_next_to


def test_the_form_asks_everything_in_plain_dutch(employer):
    page = text(employer.get("/opportunities/new?kind=internship"))
    for words in ("Wat bied je aan?", "Titel", "Beroep", "Postcode van de werkplek",
                  "Uren per week", "Wanneer wordt er gewerkt?", "Niveau Nederlands",
                  "taalondersteuning", "Aantal plaatsen", "Sluitingsdatum", "Rijbewijs",
                  "Attesten", "Wat moet een coach nog weten?"):
        assert words in page, words
    assert re.search(r'<input checked id="kind-\d" name="kind" type="radio" value="internship">',
                     page)
    assert page.count("<h1") == 1
    # One empty row each to fill in; the buttons add more.
    assert 'id="languages-0-language_code"' in page and 'id="languages-1-' not in page
    assert 'id="skills-0-skill"' in page and 'id="skills-1-' not in page


def test_employer_saves_a_draft(employer, organisations):
    response = employer.post("/opportunities/new", data=form_data())
    assert response.status_code == 302
    opportunity = newest(organisations["employer_a"])
    assert response.headers["Location"].endswith(f"/opportunities/{opportunity.id}")
    assert opportunity.status == "draft"
    assert opportunity.occupation.uri == FORKLIFT
    assert opportunity.hours_per_week == 38
    assert [(r.language_code, r.level, r.required) for r in opportunity.languages] == [
        ("en", "B1", False)]
    assert [(r.skill.label_en, r.required) for r in opportunity.skills] == [
        ("operating lifting or moving equipment", True)]
    assert "Bewaard als ontwerp" in text(employer.get(response.headers["Location"]))


def test_employer_saves_and_publishes_at_once(employer, organisations):
    response = employer.post("/opportunities/new", data=form_data(publish="1"))
    assert response.status_code == 302
    opportunity = newest(organisations["employer_a"])
    assert opportunity.status == "published" and opportunity.published_at is not None


def test_belgian_numbers_and_dates_are_understood(employer, organisations):
    employer.post("/opportunities/new", data=form_data(
        hours_per_week="19,5", starts_on="1/2/2031", closes_on="28/02/2031"))
    opportunity = newest(organisations["employer_a"])
    assert opportunity.hours_per_week == 19.5
    assert (opportunity.starts_on.isoformat(), opportunity.closes_on.isoformat()) == (
        "2031-02-01", "2031-02-28")


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        ({"title": ""}, "title", "Vul dit veld in."),
        ({"title": "x" * 201}, "title", "Gebruik hoogstens 200 tekens."),
        ({"kind": "gig"}, "kind", "Kies een van de soorten die je organisatie aanbiedt."),
        ({"occupation": ""}, "occupation", "Kies het beroep dat het best past."),
        ({"occupation": "ruimtevaartpiraat"}, "occupation", "We kennen dit beroep niet."),
        ({"postcode": ""}, "postcode", "Vul de postcode van de werkplek in."),
        ({"postcode": "9999"}, "postcode", "geen Belgische postcode"),
        ({"postcode": "20a0"}, "postcode", "geen Belgische postcode"),
        ({"hours_per_week": "0"}, "hours_per_week", "tussen 1 en 60"),
        ({"hours_per_week": "61"}, "hours_per_week", "tussen 1 en 60"),
        ({"hours_per_week": "veel"}, "hours_per_week", "tussen 1 en 60"),
        ({"hours_per_week": ""}, "hours_per_week", "tussen 1 en 60"),
        ({"works_day": None}, "works_day", "Kies minstens één moment."),
        ({"places": "0"}, "places", "tussen 1 en 1000"),
        ({"places": "-3"}, "places", "tussen 1 en 1000"),
        ({"places": "twee"}, "places", "tussen 1 en 1000"),
        ({"places": "1001"}, "places", "tussen 1 en 1000"),
        ({"description": "x" * 5001}, "description", "Gebruik hoogstens 5.000 tekens."),
        ({"starts_on": in_days(30), "closes_on": in_days(10)}, "closes_on",
         "De sluitingsdatum kan niet voor de startdatum liggen."),
        ({"closes_on": "31/02/2031"}, "closes_on", "Schrijf een datum zoals 31/12/2026."),
        ({"starts_on": "morgen"}, "starts_on", "Schrijf een datum zoals 31/12/2026."),
        ({"dutch_level": "A3"}, "dutch_level", "Kies een niveau uit de lijst"),
        ({"dutch_level": ""}, "dutch_level", "Kies een niveau uit de lijst"),
        ({"contract_type": "forever"}, "contract_type", "Kies een contract uit de lijst."),
        ({"languages-0-level": "Z9"}, "languages-0-level", "Kies een niveau van A1 tot C2."),
        ({"languages-0-level": "none"}, "languages-0-level", "Kies een niveau van A1 tot C2."),
        ({"languages-0-level": ""}, "languages-0-level", "Kies het niveau voor deze taal."),
        ({"languages-0-language_code": "xx"}, "languages-0-language_code",
         "Kies een taal uit de lijst."),
        ({"languages-0-language_code": "nl"}, "languages-0-language_code",
         "Kies een taal uit de lijst."),
        ({"languages-1-language_code": "en", "languages-1-level": "A2"},
         "languages-1-language_code", "Deze taal staat al in de lijst."),
        ({"skills-0-skill": "juggling chainsaws blindfolded"}, "skills-0-skill",
         "We kennen deze vaardigheid niet."),
        ({"skills-1-skill": "operating lifting or moving equipment"}, "skills-1-skill",
         "Deze vaardigheid staat al in de lijst."),
        ({"kind": "internship", "contract_type": "", "internship_weeks": "200"},
         "internship_weeks", "tussen 1 en 104"),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field_and_keeps_what_was_typed(
    employer, organisations, overrides, field_id, message
):
    before = newest(organisations["employer_a"])
    data = form_data(**overrides)
    response = employer.post("/opportunities/new", data=data)
    page = text(response)
    assert response.status_code == 200
    assert message in error_next_to(page, field_id), error_next_to(page, field_id)
    assert 'class="error-summary"' in page
    assert f'href="#{field_id}"' in page
    if "description" not in overrides:  # a textarea keeps its text as content
        assert "Je laadt en lost containers met de heftruck.</textarea>" in page
    if overrides.get("title", "x") and len(overrides.get("title", "")) < 200:
        assert f'value="{data["title"]}"' in page
    typed = overrides.get("hours_per_week") or overrides.get("places")
    if typed:
        assert f'value="{typed}"' in page
    assert newest(organisations["employer_a"]) == before  # nothing saved


def test_messages_come_in_english_for_an_english_user(employer):
    employer.post("/language", data={"locale": "en"})
    page = text(employer.post("/opportunities/new", data=form_data(hours_per_week="99")))
    assert "Fill in a number of hours between 1 and 60." in error_next_to(page, "hours_per_week")


def test_an_empty_occupation_gets_suggestions_from_the_title(employer):
    page = text(employer.post("/opportunities/new", data=form_data(occupation="")))
    assert "Suggesties uit de titel:" in error_next_to(page, "occupation")
    assert "heftruckchauffeur" in error_next_to(page, "occupation")


def test_publishing_needs_the_fields_a_draft_may_leave_open(employer):
    data = form_data(description="", closes_on="", contract_type="", publish="1")
    page = text(employer.post("/opportunities/new", data=data))
    assert "Beschrijf het werk voor je publiceert." in error_next_to(page, "description")
    assert "Kies een sluitingsdatum" in error_next_to(page, "closes_on")
    assert "Kies het soort contract" in error_next_to(page, "contract_type")


def test_a_draft_may_leave_them_open(employer, organisations):
    data = form_data(description="", closes_on="", contract_type="")
    assert employer.post("/opportunities/new", data=data).status_code == 302
    assert newest(organisations["employer_a"]).closes_on is None


def test_markup_is_stored_as_text_and_shown_escaped(employer, organisations):
    title = "<script>alert('x')</script> Heftruck"
    notes = "<b>vet</b> & <img src=x onerror=alert(1)>"
    employer.post("/opportunities/new", data=form_data(title=title, notes_for_coaches=notes))
    opportunity = newest(organisations["employer_a"])
    assert (opportunity.title, opportunity.notes_for_coaches) == (title, notes)
    page = text(employer.get(f"/opportunities/{opportunity.id}"))
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert" in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_occupation_suggestions_follow_the_title(employer):
    response = employer.get("/opportunities/occupation-suggestions",
                            query_string={"title": "heftruckchauffeur"},
                            headers={"HX-Request": "true"})
    fragment = text(response)
    assert response.status_code == 200 and "<html" not in fragment
    assert 'data-fill-input="occupation" data-fill-value="heftruckchauffeur"' in fragment


def test_no_title_no_suggestions(employer):
    assert text(employer.get("/opportunities/occupation-suggestions")).strip() == ""
