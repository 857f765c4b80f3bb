"""A training provider reads about its courses, not jobs: its home page, its list and
a course's page speak of opportunities ("opleidingen"), as the answer pages do; an
employer, who offers try-outs too, reads of its offer ("Je aanbod"), not "vacatures"."""

from __future__ import annotations

from tests.factories import make_course, make_opportunity

EMPLOYER_LEAD = ("Hier bied je jobs, stages, vrijwilligersplaatsen en proefsessies aan "
                 "nieuwkomers aan")


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


def test_an_employer_reads_of_its_offer_not_of_vacancies(client, login_as):
    login_as("employer_a")
    page = client.get("/start").get_data(as_text=True)
    assert EMPLOYER_LEAD in page and ">Je aanbod</h2>" in page
    assert ">Nieuw aanbod</a>" in page and ">Al je aanbod</a>" in page
    assert "vacature" not in page.lower()
    # An employer offers try-outs too: the list says so.
    listed = client.get("/opportunities/").get_data(as_text=True)
    assert "De jobs, stages, vrijwilligersplaatsen en proefsessies van" in listed


def _menu(html: str) -> str:
    return html[html.index('<nav class="site-nav"'):html.index("</nav>")]


def test_the_menu_and_the_list_name_what_the_organisation_offers(client, login_as,
                                                                 organisations):
    # A training provider offers courses, a sector federation try-outs: the menu, the
    # list's title and heading, its caption and its empty text say so; an employer's
    # speak of its offer ("aanbod").
    make_course(organisations["provider"], commit=True)
    for key, menu, heading, caption in (
            ("provider", "Je opleidingen", "Je opleidingen", "1 opleiding"),
            ("analyst", "Je proefsessies", "Je proefsessies", None),
            ("employer_a", "Je aanbod", "Je aanbod", None)):
        client.post("/logout")
        login_as(key)
        page = client.get("/opportunities/").get_data(as_text=True)
        assert f'<a href="/opportunities/" aria-current="page">{menu}</a>' in _menu(page), key
        assert f"<title>{heading} · Werkbrug</title>" in page and f"<h1>{heading}</h1>" in page
        if caption:
            assert f'<caption id="opportunities-caption">{caption}<span' in page
        for other in {"Je aanbod", "Je opleidingen", "Je proefsessies"} - {menu}:
            assert other not in page, (key, other)
    client.post("/language", data={"locale": "en"})
    page = client.get("/opportunities/").get_data(as_text=True)  # the employer
    assert '<a href="/opportunities/" aria-current="page">Your opportunities</a>' in page
    client.post("/logout")
    login_as("provider")
    client.post("/language", data={"locale": "en"})
    page = client.get("/opportunities/").get_data(as_text=True)
    assert '<a href="/opportunities/" aria-current="page">Your courses</a>' in _menu(page)
    assert "<h1>Your courses</h1>" in page
    assert '<caption id="opportunities-caption">1 course<span' in page


def test_empty_lists_invite_to_what_the_organisation_offers(client, login_as):
    login_as("analyst")  # a sector federation: try-outs only, none yet
    page = client.get("/opportunities/").get_data(as_text=True)
    assert "Je hebt nog geen proefsessies. Begin met een nieuwe proefsessie." in page
    assert "job, stage" not in page
    assert "Geen proefsessies met deze status." in client.get(
        "/opportunities/?status=paused").get_data(as_text=True)
    client.post("/logout")
    login_as("provider")
    page = client.get("/opportunities/").get_data(as_text=True)
    assert "Je hebt nog geen opleidingen. Begin met een nieuwe opleiding." in page
    client.post("/language", data={"locale": "en"})
    page = client.get("/opportunities/").get_data(as_text=True)
    assert "You have no courses yet. Start with a new course." in page


def test_a_course_page_leads_back_to_all_the_providers_courses(client, login_as,
                                                               organisations):
    course = make_course(organisations["provider"], commit=True)
    login_as("provider")
    page = client.get(f"/opportunities/{course.id}").get_data(as_text=True)
    assert '<a href="/opportunities/">Al je opleidingen</a>' in page
    assert "Al je aanbod" not in page


def test_a_courses_language_support_is_the_courses_not_an_employers(
        client, login_as, app_ctx, organisations):
    course = make_course(organisations["provider"], language_support=True, commit=True)
    place = make_opportunity(organisations["employer_a"], kind="volunteering",
                             language_support=True, commit=True)
    login_as("coach_a")
    page = client.get(f"/opportunities/{course.id}").get_data(as_text=True)
    assert "De opleiding biedt taalondersteuning. Eén niveau lager is dus ook goed." in page
    assert "De werkgever biedt" not in page
    page = client.get(f"/opportunities/{place.id}").get_data(as_text=True)
    assert "De organisatie biedt een taalcoach of buddy aan." in page
    assert "De werkgever biedt" not in page
    client.post("/language", data={"locale": "en", "next": "/"})
    page = client.get(f"/opportunities/{course.id}").get_data(as_text=True)
    assert "The course offers language support, so one level lower is also fine." in page
