"""The form for a try-out: its page says "proefsessie" (a course's "opleiding"), not
"vacature"; it does not ask when the work happens nor a start date, which the session's
day and times give (``opportunities/rules.py``); bad input is still refused at its field
with what was typed kept."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from tests.factories import make_tryout
from tests.opportunities.test_training_courses import course_form
from tests.security.helpers import error_next_to
from tests.tryouts.test_organiser_pages import tryout_form


def weekday_in(days: int, weekday: int = 1) -> date:
    """The first day ``days`` from today or later that is ``weekday`` (0: Monday)."""
    day = local_today() + timedelta(days=days)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _newest(organisation) -> Opportunity:
    return db.session.scalars(select(Opportunity).where(
        Opportunity.organisation_id == organisation.id).order_by(Opportunity.id.desc())).first()


def _heading(page: str) -> str:
    """The h1's visible words (a span marked hidden left out)."""
    h1 = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    h1 = re.sub(r"<span[^>]*hidden>.*?</span>", "", h1)
    return re.sub(r"<[^>]+>", "", h1).strip()


def _title(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()


def _english(client) -> None:
    client.post("/language", data={"locale": "en"})


# --- the words of the page ------------------------------------------------------------


@pytest.mark.parametrize(("locale", "heading"), [("nl", "Nieuwe proefsessie"),
                                                 ("en", "New try-out")])
def test_a_federations_new_tryout_page_says_tryout(client, login_as, locale, heading):
    login_as("analyst")
    if locale == "en":
        _english(client)
    page = client.get("/opportunities/new?kind=tryout").get_data(as_text=True)
    assert _heading(page) == heading and _title(page) == f"{heading} · Werkbrug"
    assert "vacature" not in page.lower() and "New opportunity" not in page
    assert page.count("<h1") == 1


@pytest.mark.parametrize(("locale", "heading", "notice"), [
    ("nl", "Nieuwe opleiding", "Opleiding bewaard als ontwerp."),
    ("en", "New course", "Course saved as a draft."),
])
def test_a_providers_new_course_page_and_notice_say_course(
    client, login_as, organisations, locale, heading, notice
):
    login_as("provider")
    if locale == "en":
        _english(client)
    page = client.get("/opportunities/new").get_data(as_text=True)
    assert _heading(page) == heading and _title(page).startswith(heading)
    saved = client.post("/opportunities/new", data=course_form(publish=None),
                        follow_redirects=True).get_data(as_text=True)
    assert notice in saved
    assert _newest(organisations["provider"]).status == "draft"


@pytest.mark.parametrize(("locale", "published", "draft"), [
    ("nl", "Proefsessie bewaard en gepubliceerd. Coaches zien ze nu.",
     "Proefsessie bewaard als ontwerp."),
    ("en", "Try-out saved and published. Coaches can see it now.",
     "Try-out saved as a draft."),
])
def test_the_notice_after_saving_a_tryout_says_tryout(client, login_as, locale, published,
                                                       draft):
    login_as("analyst")
    if locale == "en":
        _english(client)
    page = client.post("/opportunities/new", data=tryout_form(),
                       follow_redirects=True).get_data(as_text=True)
    assert published in page and "vacature" not in page
    page = client.post("/opportunities/new", data=tryout_form(publish=None),
                       follow_redirects=True).get_data(as_text=True)
    assert draft in page


def test_an_employer_reads_the_kind_chosen_in_the_heading(client, login_as):
    login_as("employer_a")
    job = client.get("/opportunities/new?kind=job").get_data(as_text=True)
    assert _heading(job) == "Nieuwe job" and _title(job).startswith("Nieuwe job")
    tryout = client.get("/opportunities/new?kind=tryout").get_data(as_text=True)
    assert _heading(tryout) == "Nieuwe proefsessie"
    # each offered kind's heading is there for the script to show when the choice changes
    assert 'data-kind-heading="internship" hidden>Nieuwe stage</span>' in tryout
    refused = client.post("/opportunities/new", data=tryout_form(
        session_starts="25:00")).get_data(as_text=True)
    assert _heading(refused) == "Nieuwe proefsessie"  # the kind that was sent


def test_the_edit_page_of_a_tryout_says_change_and_links_back_to_the_tryout(
    client, login_as, organisations
):
    tryout = make_tryout(organisations["federation"], commit=True)
    login_as("analyst")
    page = client.get(f"/opportunities/{tryout.id}/edit").get_data(as_text=True)
    assert _heading(page) == f"Wijzigen: {tryout.title}"
    assert "Terug naar de proefsessie" in page and "vacature" not in page.lower()


# --- what the form asks ---------------------------------------------------------------


def test_a_federation_is_not_asked_when_the_work_happens_nor_a_start_date(client, login_as):
    login_as("analyst")
    page = client.get("/opportunities/new").get_data(as_text=True)
    assert "Wanneer wordt er gewerkt?" not in page and 'name="works_day"' not in page
    assert "Startdatum" not in page and 'name="starts_on"' not in page
    assert 'name="session_on"' in page and 'name="closes_on"' in page


def test_an_employer_sees_them_only_for_the_kinds_that_ask_them(client, login_as):
    login_as("employer_a")
    page = client.get("/opportunities/new").get_data(as_text=True)
    assert '<div data-kinds="internship job volunteering">\n  <fieldset' in page
    assert 'data-kinds="internship job volunteering"><div class="field' in page
    # without the script the fields show for every kind: their hints say it
    assert "Niet voor proefsessies: de dag en de uren van de proefsessie zeggen het." in page
    assert "Niet voor proefsessies: die starten op de dag van de proefsessie." in page


@pytest.mark.parametrize(("weekday", "starts", "ends", "moments"), [
    (1, "09:00", "12:30", {"day"}),
    (1, "16:00", "19:00", {"day", "evening"}),
    (3, "18:30", "21:00", {"evening"}),
    (5, "09:00", "12:30", {"weekend"}),
])
def test_a_tryout_saved_without_working_time_and_start_date_gets_its_sessions(
    client, login_as, organisations, weekday, starts, ends, moments
):
    login_as("analyst")
    day = weekday_in(20, weekday)
    response = client.post("/opportunities/new", data=tryout_form(
        works_day=None, session_on=day.isoformat(), session_starts=starts,
        session_ends=ends, closes_on=(day - timedelta(days=3)).isoformat()))
    assert response.status_code == 302, response.get_data(as_text=True)
    tryout = _newest(organisations["federation"])
    assert (tryout.status, tryout.starts_on) == ("published", day)
    assert set(tryout.schedule) == moments
    assert tryout.closes_on == day - timedelta(days=3)  # enrolments close before it starts


def test_an_employers_tryout_ignores_ticked_moments_and_a_typed_start_date(
    client, login_as, organisations
):
    login_as("employer_a")
    day = weekday_in(20)
    response = client.post("/opportunities/new", data=tryout_form(
        works_day=None, works_night="y", starts_on="<script>1</script>",
        session_on=day.isoformat()))
    assert response.status_code == 302, response.get_data(as_text=True)
    tryout = _newest(organisations["employer_a"])
    assert (tryout.schedule, tryout.starts_on) == (["day"], day)


def test_a_draft_tryout_without_its_session_yet_is_a_day_without_start(
    client, login_as, organisations
):
    login_as("analyst")
    response = client.post("/opportunities/new", data=tryout_form(
        works_day=None, publish=None, session_on=None, session_starts=None,
        session_ends=None))
    assert response.status_code == 302, response.get_data(as_text=True)
    tryout = _newest(organisations["federation"])
    assert (tryout.status, tryout.schedule, tryout.starts_on) == ("draft", ["day"], None)


def test_changing_the_sessions_times_changes_its_working_time(client, login_as,
                                                              organisations):
    day = weekday_in(20)
    tryout = make_tryout(organisations["federation"], session_on=day, commit=True)
    assert tryout.schedule == ["day"]
    login_as("analyst")
    response = client.post(f"/opportunities/{tryout.id}/edit", data=tryout_form(
        works_day=None, session_on=day.isoformat(), session_starts="19:00",
        session_ends="21:30", version=str(tryout.version)))
    assert response.status_code == 302, response.get_data(as_text=True)
    assert "Wijzigingen bewaard." in client.get(response.location).get_data(as_text=True)
    db.session.refresh(tryout)
    assert (tryout.schedule, tryout.starts_on) == (["evening"], day)


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "value", "message"), [
    ("session_starts", "<script>alert(1)</script>", "Schrijf een uur zoals 09:30."),
    ("session_ends", "08:00", "Het einduur moet later zijn dan het beginuur."),
    ("session_on", "32/13/2030", "Schrijf een datum zoals 31/12/2026."),
    ("closes_on", "later", "Schrijf een datum zoals 31/12/2026."),
])
def test_bad_tryout_input_gets_its_message_at_the_field_and_keeps_what_was_typed(
    client, login_as, organisations, field, value, message
):
    login_as("analyst")
    before = _newest(organisations["federation"])
    response = client.post("/opportunities/new", data=tryout_form(
        works_day=None, title="Proeven: <b>haven</b>", **{field: value}))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in error_next_to(page, field)
    assert "Proeven: &lt;b&gt;haven&lt;/b&gt;" in page and "<b>haven" not in page
    if value.startswith("<"):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert _heading(page) == "Nieuwe proefsessie"
    assert _newest(organisations["federation"]) == before


def test_a_job_still_needs_a_moment_and_a_valid_start_date(client, login_as, organisations):
    login_as("employer_a")
    before = _newest(organisations["employer_a"])
    response = client.post("/opportunities/new", data=tryout_form(
        kind="job", contract_type="interim", works_day=None, starts_on="morgen",
        session_on=None, session_starts=None, session_ends=None, street_address=None))
    page = response.get_data(as_text=True)
    assert "Kies minstens één moment." in page
    assert "Schrijf een datum zoals 31/12/2026." in error_next_to(page, "starts_on")
    assert 'value="morgen"' in page
    assert _newest(organisations["employer_a"]) == before


def test_a_federations_hints_do_not_say_only_for_tryouts(client, login_as):
    """A federation offers nothing but try-outs: "Alleen voor proefsessies" under each
    field says nothing there, and coaches enrol people in a try-out, not propose them.
    An employer, who offers other kinds too, still reads which fields are a try-out's."""
    login_as("analyst")
    page = client.get("/opportunities/new?kind=tryout").get_data(as_text=True)
    assert "Alleen voor proefsessies" not in page
    assert "Tot wanneer coaches iemand kunnen inschrijven. Nodig om te publiceren." in page
    assert "Waar de proefsessie doorgaat." in page

    client.post("/logout")
    login_as("employer_a")
    page = client.get("/opportunities/new?kind=tryout").get_data(as_text=True)
    assert "Alleen voor proefsessies" in page
    assert "Tot wanneer coaches iemand kunnen voorstellen." in page
