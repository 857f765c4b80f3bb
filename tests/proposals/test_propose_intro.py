"""The propose page's intro says who will see what of the person: in the words of the
opportunity's kind when the page knows it (asked for in the link, or chosen in a form
sent back with an error), "De organisatie" when it does not; and the coach's own
organisation as "waar je werkt", so "organisatie" is not said twice."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_candidate, make_course, make_opportunity

SEES = ("ziet de schuilnaam, talen, ervaring, vaardigheden en beschikbaarheid, je motivatie, en "
        "je naam en waar je werkt. Nooit contactgegevens, adres, gender, geboortejaar of je "
        "notities.")


def _intro(page: str) -> str:
    """The paragraph under the heading."""
    found = re.search(r"</h1>\s*<p>(.*?)</p>", page, re.S)
    assert found, page[:500]
    return " ".join(found.group(1).split())


@pytest.fixture
def offered(app_ctx, organisations):
    """An opportunity of each kind a coach proposes for."""
    return {
        "job": make_opportunity(organisations["employer_a"], commit=True),
        "volunteering": make_opportunity(organisations["employer_a"], kind="volunteering",
                                         title="Vrijwilliger sociale kruidenier", commit=True),
        "training": make_course(organisations["provider"], commit=True),
    }


@pytest.mark.parametrize(("kind", "who"), [("job", "De werkgever"),
                                           ("volunteering", "De organisatie"),
                                           ("training", "De opleidingsverstrekker")])
def test_the_intro_names_who_answers_when_the_link_asks_for_an_opportunity(
        client, login_as, users, offered, kind, who):
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    login_as("coach_a")
    page = client.get(f"/proposals/candidates/{candidate.id}/propose"
                      f"?opportunity_id={offered[kind].id}").get_data(as_text=True)
    assert _intro(page) == f"{who} {SEES}"


def test_without_an_opportunity_the_intro_says_organisation_once(client, login_as, users):
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    login_as("coach_a")
    intro = _intro(client.get(f"/proposals/candidates/{candidate.id}/propose").get_data(
        as_text=True))
    assert intro == f"De organisatie {SEES}"
    assert intro.lower().count("organisatie") == 1


def test_a_form_sent_back_keeps_the_words_of_the_opportunity_chosen(
        client, login_as, users, offered):
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    login_as("coach_a")
    response = client.post(f"/proposals/candidates/{candidate.id}/propose", data={
        "opportunity": str(offered["training"].id), "motivation": "",
        "candidate_agreed": "y", "candidate_agreed_on": "2026-01-05"})
    assert _intro(response.get_data(as_text=True)) == f"De opleidingsverstrekker {SEES}"


def test_the_intro_in_english(client, login_as, users, offered):
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    login_as("coach_a")
    client.post("/language", data={"locale": "en", "next": "/start"})
    page = client.get(f"/proposals/candidates/{candidate.id}/propose"
                      f"?opportunity_id={offered['job'].id}").get_data(as_text=True)
    assert _intro(page) == (
        "The employer sees the pseudonym, languages, experience, skills and availability, your "
        "motivation, and your name and where you work. Never contact details, address, gender, "
        "birth year or your notes.")
