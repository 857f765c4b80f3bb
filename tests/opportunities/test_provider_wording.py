"""A training provider reads about its courses, not jobs: its home page, its list and
a course's page speak of opportunities ("opleidingen"), as the answer pages do; an
employer keeps its own words."""

from __future__ import annotations

from tests.factories import make_course

EMPLOYER_LEAD = "Hier bied je jobs, stages en vrijwilligersplaatsen aan nieuwkomers aan"


def test_a_training_provider_home_speaks_of_courses(client, login_as):
    login_as("provider")
    page = client.get("/start").get_data(as_text=True)
    assert EMPLOYER_LEAD not in page
    assert ("Hier bied je opleidingen aan nieuwkomers aan, en antwoord je op de kandidaten "
            "die jobcoaches voorstellen: aanvaarden, op de wachtlijst zetten of afwijzen."
            ) in page
    assert '<h2 id="opportunities-heading">Je opleidingen</h2>' in page
    assert ">Nieuwe opleiding</a>" in page and ">Al je opleidingen</a>" in page
    assert "plaatsen zijn open in je gepubliceerde opleidingen." in page
    client.post("/language", data={"locale": "en", "next": "/"})
    page = client.get("/start").get_data(as_text=True)
    assert "Here you offer training courses to newcomers" in page
    assert ">Your courses</h2>" in page


def test_the_provider_list_and_a_course_page_speak_of_courses(client, login_as, app_ctx,
                                                              organisations):
    course = make_course(organisations["provider"], commit=True)
    login_as("provider")
    listing = client.get("/opportunities/").get_data(as_text=True)
    assert 'De opleidingen van <span translate="no">Provider Courses Antwerp</span>.' in listing
    assert 'href="/opportunities/new?kind=training">Nieuwe opleiding</a>' in listing
    page = client.get(f"/opportunities/{course.id}").get_data(as_text=True)
    assert "coaches zien de vacature" not in page
    assert ("Pauzeren: coaches zien de opleiding een tijd niet. Ingevuld: alle plaatsen zijn "
            "bezet. Afsluiten: je neemt niemand meer op.") in page


def test_an_employer_keeps_the_words_of_jobs(client, login_as):
    login_as("employer_a")
    page = client.get("/start").get_data(as_text=True)
    assert EMPLOYER_LEAD in page and ">Je vacatures</h2>" in page
