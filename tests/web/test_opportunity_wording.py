"""One word for an opportunity of any kind: "aanbod" (English "opportunity"), never
"vacature" / "vacancy". Jobs, internships, volunteering places, courses and try-outs are
all opportunities; where a text is about jobs, a job is "job" in Dutch as on the buttons
and in the counts ("Nieuwe job", "41 jobs en 8 stages", "Terug naar de job"). The
insights' supply side, once "aanbod" as economists say it, names its candidates
instead."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import marketplace.demo as demo_package
from marketplace.translations_catalog import CATALOG
from tests.factories import (
    FORKLIFT,
    make_candidate,
    make_course,
    make_dated_opportunity,
    make_opportunity,
    make_proposal,
    make_tryout,
)
from tests.insights.conftest import JANUARY, PERIOD, read_csv


def _messages():
    with CATALOG.open("rb") as handle:
        for message in read_po(handle, locale="nl"):
            if message.id:
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                forms = message.string if isinstance(message.string, tuple) else (
                    message.string,)
                yield ids, forms


def test_no_text_says_vacature_or_vacancy():
    wrong = [ids[0] for ids, forms in _messages()
             if any(re.search("vacature|vacanc", text, re.I) for text in (*ids, *forms))]
    assert not wrong, "\n".join(wrong)


def test_the_demo_data_says_no_vacature_either():
    """The demo's names (its API keys, its opportunities, ...) are shown on the pages
    as they are written: they follow the same word."""
    demo = Path(demo_package.__file__).parent
    wrong = [f"{path.name}:{number}: {line.strip()}"
             for path in sorted(demo.glob("*.py"))
             for number, line in enumerate(path.read_text().splitlines(), 1)
             if re.search("vacature|vacanc", line, re.I)]
    assert not wrong, "\n".join(wrong)


def test_aanbod_is_never_the_candidates():
    """"Aanbod" is the opportunities (the menu's "Aanbod zoeken"): the insights' supply
    side is not called so in Dutch."""
    dutch = {ids[0]: forms[0] for ids, forms in _messages()}
    assert dutch["Supply and gap"] == "Kandidaten en kloof"
    assert "aanbod" not in dutch["Where to start? Open the demand, choose a period and your "
                                 "sector, then compare with the supply."]


def _page(client, url, **query) -> str:
    response = client.get(url, query_string=query)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def _english(client):
    client.post("/language", data={"locale": "en"})


def test_the_demand_dashboard_of_courses_and_tryouts_speaks_of_the_offer(
        client, login_as, organisations):
    for _ in range(6):
        make_dated_opportunity(organisations["provider"], published_at=JANUARY,
                               kind="training")
    for _ in range(5):
        make_dated_opportunity(organisations["federation"], published_at=JANUARY,
                               kind="tryout", commit=True)
    login_as("analyst")
    query = {**PERIOD, "sector": ""}
    page = _page(client, "/insights/", **query)
    assert "vacature" not in page.lower()
    assert "Open aanbod: <strong>10</strong>" in page
    assert re.search(r"<caption[^>]*>Open aanbod per soort<", page)
    assert "Je ziet nooit één organisatie of aanbod apart." in page
    assert "Kandidaten en kloof" in page and "Aanbod en kloof" not in page
    rows = read_csv(client.get("/insights/demand/kind.csv", query_string=query))
    assert rows[0] == ["Soort", "Open aanbod", "Plaatsen"]
    _english(client)
    page = _page(client, "/insights/", **query)
    assert "vacanc" not in page.lower()
    assert "Open opportunities: <strong>10</strong>" in page


@pytest.fixture
def learner(app_ctx, users):
    """Coach A's candidate who wishes a course or a try-out on a forklift."""
    return make_candidate(users["coach_a"], pseudonym="Amal", wishes=[FORKLIFT],
                          wished_kinds=frozenset({"training"}), commit=True)


def test_the_suggestions_of_a_course_and_a_tryout_do_not_call_them_vacancies(
        client, login_as, organisations, learner):
    course = make_course(organisations["provider"], commit=True)
    tryout = make_tryout(organisations["federation"], commit=True)
    login_as("coach_a")
    for url in (f"/candidates/{learner.id}", f"/suggestions/candidates/{learner.id}",
                f"/suggestions/opportunities/{course.id}",
                f"/suggestions/opportunities/{tryout.id}"):
        page = _page(client, url)
        assert "vacature" not in page.lower(), url
    page = _page(client, f"/suggestions/candidates/{learner.id}")
    assert '<h2 id="suggested-heading">Suggesties uit het aanbod</h2>' in page
    # "aanbod" where nothing is counted; a count says "plaatsen" (no places beside it)
    assert "Open aanbod dat voor deze persoon aan alle harde eisen voldoet." in page
    assert "2 plaatsen voldoen aan alle harde eisen." in page  # the course and the try-out
    assert "Opleiding heftruckchauffeur" in page  # the course is suggested
    _english(client)
    page = _page(client, f"/suggestions/candidates/{learner.id}")
    assert '<h2 id="suggested-heading">Suggested opportunities</h2>' in page


def test_a_proposal_for_a_course_is_a_proposal_for_an_offer(
        client, login_as, users, organisations, learner):
    course = make_course(organisations["provider"], commit=True)
    proposal = make_proposal(users["coach_a"], learner, course, commit=True)
    login_as("coach_a")
    for url in (f"/proposals/{proposal.id}", "/proposals/",
                f"/proposals/candidates/{learner.id}/propose"):
        page = _page(client, url)
        assert "vacature" not in page.lower(), url
    page = _page(client, f"/proposals/{proposal.id}")
    assert "<dt>Aanbod</dt>" in page
    client.post("/logout")
    login_as("provider")
    page = _page(client, "/proposals/waiting")
    assert "vacature" not in page.lower()
    assert '<th scope="col" role="columnheader">Aanbod</th>' in page


def test_the_employers_list_counts_each_kind_in_its_own_word(
        client, login_as, organisations):
    make_opportunity(organisations["employer_a"], title="Magazijnier")
    make_opportunity(organisations["employer_a"], kind="internship", title="Stage magazijn",
                     internship_weeks=8)
    make_tryout(organisations["employer_a"], commit=True)
    login_as("employer_a")
    page = _page(client, "/opportunities/")
    assert ('<caption id="opportunities-caption">1 job, 1 stage en 1 proefsessie'
            '<span') in page
    assert "<h1>Je aanbod</h1>" in page
    page = _page(client, "/opportunities/", status="published")
    assert '<caption id="opportunities-caption">1 job, 1 stage en 1 proefsessie · ' in page
    assert "Geen aanbod met deze status." in _page(client, "/opportunities/", status="paused")
    _english(client)
    page = _page(client, "/opportunities/")
    assert ('<caption id="opportunities-caption">1 job, 1 internship, and 1 try-out'
            '<span') in page


def test_the_notices_of_a_course_do_not_call_it_a_vacancy(client, login_as, organisations):
    course = make_course(organisations["provider"], status="paused", commit=True)
    login_as("provider")
    response = client.post(f"/opportunities/{course.id}/status",
                           data={"action": "publish", "version": course.version},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Gepubliceerd. Coaches zien het nu." in page
    assert "vacature" not in page.lower()
