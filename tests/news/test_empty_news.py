"""When nothing waits and nothing is new, the coach's news says what would be there:
every kind of waiting item (a placed person still enrolled in a try-out too), that a
seat coming free in a try-out comes by e-mail, and which answers are news, over the
period its heading names (a first visit has no previous one)."""

from __future__ import annotations

import re

from marketplace.news.builders import WAITING_BUILDERS, WAITING_EXPLAINED
from tests.factories import make_candidate, make_proposal
from tests.news.conftest import age

WHAT_WOULD_WAIT = [
    "een sollicitatiegesprek dat eraan komt",
    "een voorstel dat te lang op antwoord wacht, of tevergeefs wacht omdat de plaats ingevuld of "
    "gesloten is",
    "iemand van wie de gegevens bijna de bewaartermijn bereiken",
    "iemand die aan het werk is maar nog ingeschreven is voor een proefsessie, of op de wachtlijst "
    "ervan staat",
]
SEAT_BY_MAIL = ("Komt er in een proefsessie een plaats vrij voor iemand op de wachtlijst? "
                "Dan krijg je een e-mail.")
#: Every kind of organisation that answers: a try-out's organiser too (an old proposal).
ANSWERS = ("Hier zie je het als een werkgever, opleidingsverstrekker of organisator van een "
           "proefsessie iemand uitnodigt, aanneemt, aanvaardt of afwijst, op een wachtlijst zet "
           "of een gesprek annuleert.")


def section(html: str, heading_id: str) -> str:
    found = re.search(rf'<section class="panel" aria-labelledby="{heading_id}">.*?</section>',
                      html, re.S)
    assert found, heading_id
    return found.group(0)


def test_every_kind_of_waiting_item_has_its_words():
    assert list(WAITING_EXPLAINED) == WAITING_BUILDERS


def test_with_no_news_the_home_page_says_what_would_be_there_try_outs_too(login_as):
    html = login_as("coach_a").get("/start").get_data(as_text=True)
    waiting = section(html, "waiting-heading")
    assert "Er wacht nu niets op jou. Hier komt te staan:" in waiting
    assert re.findall(r"<li>(.*?)</li>", waiting) == WHAT_WOULD_WAIT
    assert SEAT_BY_MAIL in waiting
    news = section(html, "news-heading")
    assert "Nieuw in de laatste 14 dagen" in news
    assert f"Niets nieuws van organisaties in de laatste 14 dagen. {ANSWERS}" in news


def test_a_first_visit_never_speaks_of_a_previous_one(login_as):
    news = section(login_as("coach_a").get("/start").get_data(as_text=True), "news-heading")
    assert "Sindsdien" not in news and "vorige bezoek" not in news


def test_a_later_visit_says_nothing_is_new_since_the_last_one(login_as):
    client = login_as("coach_a")
    client.get("/start")
    news = section(client.get("/start").get_data(as_text=True), "news-heading")
    assert "Nieuw sinds je vorige bezoek" in news
    assert f"Niets nieuws van organisaties sinds je vorige bezoek. {ANSWERS}" in news


def test_the_page_of_the_last_14_days_says_the_same(login_as):
    html = login_as("coach_a").get("/news/").get_data(as_text=True)
    assert re.findall(r"<li>(.*?)</li>", section(html, "waiting-heading")) == WHAT_WOULD_WAIT
    assert f"Niets nieuws in de laatste 14 dagen. {ANSWERS}" in html


def test_the_empty_news_in_english(login_as):
    client = login_as("coach_a")
    client.post("/language", data={"locale": "en", "next": "/start"})
    waiting = section(client.get("/start").get_data(as_text=True), "waiting-heading")
    assert "Nothing waits for you now. Here you will see:" in waiting
    assert "<li>someone who is at work but still has a seat in a try-out, or a place on its " \
           "waiting list</li>" in waiting


def test_the_empty_news_in_english_names_the_same_period_as_its_heading(login_as):
    client = login_as("coach_a")
    client.post("/language", data={"locale": "en", "next": "/start"})
    first = section(client.get("/start").get_data(as_text=True), "news-heading")
    assert "New in the last 14 days" in first
    assert "Nothing new from organisations in the last 14 days." in first
    assert ("Here you see it when an employer, a training provider or the organiser of a "
            "try-out invites, hires, accepts or declines someone") in first
    assert "since then" not in first and "last visit" not in first
    second = section(client.get("/start").get_data(as_text=True), "news-heading")
    assert "New since your last visit" in second
    assert "Nothing new from organisations since your last visit." in second


def test_when_something_waits_the_list_of_kinds_is_not_shown(login_as, users, opportunity):
    person = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    age(make_proposal(users["coach_a"], person, opportunity, commit=True), 9)
    waiting = section(login_as("coach_a").get("/start").get_data(as_text=True),
                      "waiting-heading")
    assert "wacht al 9 dagen op een antwoord" in waiting
    assert "Hier komt te staan" not in waiting and SEAT_BY_MAIL not in waiting
