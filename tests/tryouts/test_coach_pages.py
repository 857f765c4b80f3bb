"""The coach's side: enrolling from the try-out's page and from the candidate's page,
the refusals, the form's bad input, and cancelling."""

from __future__ import annotations

import re

from babel.dates import get_day_names
from sqlalchemy import event

from marketplace.extensions import db
from marketplace.tryouts.models import TryoutEnrolment
from tests.factories import make_candidate, make_enrolment, pass_tryout_day
from tests.security.helpers import error_next_to
from tests.tryouts.conftest import written


def _enrol(client, tryout, who, **overrides):
    data = {"candidate": str(who.id), "candidate_agreed": "y"}
    data.update(overrides)
    return client.post(f"/tryouts/{tryout.id}/enrol",
                       data={k: v for k, v in data.items() if v is not None})


def test_a_coach_enrols_from_the_tryout_page_and_sees_it_on_the_profile(
    client, login_as, users, tryout
):
    candidate = make_candidate(users["coach_a"], pseudonym="Amal", commit=True)
    login_as("coach_a")
    page = client.get(f"/opportunities/{tryout.id}").get_data(as_text=True)
    assert "Noorderlaan 100" in page and "09:00" in page and "12:00" in page
    assert "0 van 3 bezet" in page
    assert f"/tryouts/{tryout.id}/enrol" in page

    response = _enrol(client, tryout, candidate)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/candidates/{candidate.id}")
    profile = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Amal is ingeschreven voor de proefsessie." in profile
    assert "Proeven van jobs: magazijn" in profile and "Ingeschreven" in profile
    assert "Inschrijving annuleren" in profile


def test_the_candidate_page_offers_the_tryouts_coming_up(client, login_as, users, tryout):
    candidate = make_candidate(users["coach_a"], pseudonym="Amal", commit=True)
    login_as("coach_a")
    profile = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    link = f"/tryouts/{tryout.id}/enrol?candidate={candidate.id}"
    assert link in profile
    form = client.get(link).get_data(as_text=True)
    assert f'<option selected value="{candidate.id}">' in form



def test_only_an_active_candidate_s_profile_reads_the_tryouts_coming_up(
        client, login_as, users, tryout):
    """A paused person is offered no try-out, so their profile does not ask for them."""
    candidate = make_candidate(users["coach_a"], pseudonym="Amal", status="paused",
                               commit=True)
    login_as("coach_a")
    seen = []

    def note(_connection, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        profile = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert "Amal" in profile and "/enrol?candidate=" not in profile
    assert not [s for s in seen if s.startswith("SELECT opportunity.") and "session_on >=" in s]

def test_the_enrol_form_shows_errors_at_the_field_and_keeps_what_was_typed(
    client, login_as, users, tryout
):
    candidate = make_candidate(users["coach_a"], commit=True)
    login_as("coach_a")
    before = written()
    response = _enrol(client, tryout, candidate, candidate_agreed=None, waiting_list="y")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Bevestig dat de kandidaat wil deelnemen." in error_next_to(page, "candidate_agreed")
    assert f'<option selected value="{candidate.id}">' in page
    assert 'id="waiting_list" name="waiting_list" type="checkbox" value="y" checked' in page \
        or 'checked id="waiting_list"' in page

    response = _enrol(client, tryout, candidate, candidate="<script>alert(1)</script>")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Kies een kandidaat uit de lijst." in error_next_to(page, "candidate")
    assert "<script>alert(1)" not in page
    assert written() == before


def test_another_coachs_candidate_cannot_be_chosen(client, login_as, users, tryout):
    stranger = make_candidate(users["coach_b"], commit=True)
    login_as("coach_a")
    before = written()
    page = _enrol(client, tryout, stranger).get_data(as_text=True)
    assert "Kies een kandidaat uit de lijst." in error_next_to(page, "candidate")
    assert written() == before


def test_enrolling_over_the_seats_twice_or_after_the_day_gives_a_clear_message(
    client, login_as, users, organisations
):
    from tests.factories import make_tryout

    coach = users["coach_a"]
    tryout = make_tryout(organisations["employer_a"], places=1, commit=True)
    seated = make_candidate(coach, pseudonym="Eerste", commit=True)
    late = make_candidate(coach, pseudonym="Tweede", commit=True)
    make_enrolment(coach, seated, tryout, commit=True)
    login_as("coach_a")
    before = written()

    full = _enrol(client, tryout, late)
    assert full.status_code == 409
    assert "Alle plaatsen van deze proefsessie zijn bezet. Er is niets bewaard." in (
        error_next_to(full.get_data(as_text=True), "candidate"))
    twice = _enrol(client, tryout, seated, waiting_list="y")
    assert twice.status_code == 409
    assert "staat al ingeschreven voor deze proefsessie" in twice.get_data(as_text=True)
    assert written() == before

    pass_tryout_day(tryout, days_ago=1, commit=True)
    over = _enrol(client, tryout, late, waiting_list="y")
    assert over.status_code == 409
    assert "De dag van deze proefsessie is voorbij." in over.get_data(as_text=True)
    assert written() == before


def test_a_full_tryout_takes_the_candidate_on_the_waiting_list_when_asked(
    client, login_as, users, organisations
):
    from tests.factories import make_tryout

    coach = users["coach_a"]
    tryout = make_tryout(organisations["employer_a"], places=1, commit=True)
    make_enrolment(coach, make_candidate(coach, commit=True), tryout, commit=True)
    late = make_candidate(coach, pseudonym="Tweede", commit=True)
    login_as("coach_a")
    response = _enrol(client, tryout, late, waiting_list="y")
    assert response.status_code == 302
    profile = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Op de wachtlijst" in profile


def test_the_coach_cancels_before_the_session(client, login_as, users, tryout):
    coach = users["coach_a"]
    candidate = make_candidate(coach, commit=True)
    enrolment = make_enrolment(coach, candidate, tryout, commit=True)
    login_as("coach_a")
    response = client.post(f"/tryouts/enrolments/{enrolment.id}/cancel",
                           data={"version": enrolment.version}, follow_redirects=True)
    assert "Geannuleerd. De plaats is vrij voor iemand anders." in response.get_data(
        as_text=True)
    from marketplace.extensions import db

    db.session.expire_all()
    assert db.session.get(TryoutEnrolment, enrolment.id).status == "cancelled"


def test_a_stale_cancel_form_changes_nothing(client, login_as, users, tryout):
    coach = users["coach_a"]
    enrolment = make_enrolment(coach, make_candidate(coach, commit=True), tryout,
                               commit=True)
    login_as("coach_a")
    before = written()
    response = client.post(f"/tryouts/enrolments/{enrolment.id}/cancel",
                           data={"version": "<script>"})
    assert written() == before  # the profile's own view is logged when it is opened
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Iemand heeft deze inschrijving intussen veranderd." in page


def test_the_enrol_page_speaks_english(client, login_as, users, tryout):
    make_candidate(users["coach_a"], commit=True)
    login_as("coach_a")
    client.post("/language", data={"locale": "en", "next": "/"})
    page = client.get(f"/tryouts/{tryout.id}/enrol").get_data(as_text=True)
    assert "Enrol a candidate in" in page and "put them on the waiting list" in page


def test_the_tryout_page_says_organiser_and_leaves_seats_to_the_session_panel(
    client, login_as, tryout
):
    page = login_as("coach_a").get(f"/opportunities/{tryout.id}").get_data(as_text=True)
    facts = page.split('id="facts-heading"', 1)[1].split("</dl>", 1)[0]
    assert "Organisator" in facts and "Werkgever" not in facts
    assert "Plaatsen" not in facts and "Uren per week" not in facts
    assert "van 3 bezet" in page  # the session panel counts the enrolments


def _browse_row(page: str, title: str) -> str:
    """The browse list's entry of the opportunity titled ``title``."""
    start = page.index(f">{title}</a></h3>")
    return page[start:page.index("</li>", start)]


def test_browse_shows_a_tryouts_day_and_time_not_hours_per_week(client, login_as, tryout):
    # A try-out is a session on a day, as its page says, not work of so many hours.
    login_as("coach_a")
    for language, day, time_, hours in (
            ("nl", "Dag van de proefsessie", "van 09:00 tot 12:00", "uur per week"),
            ("en", "Day of the try-out", "from 09:00 to 12:00", "hours per week")):
        client.post("/language", data={"locale": language})
        row = _browse_row(client.get("/opportunities/browse?kind=tryout").get_data(
            as_text=True), "Proeven van jobs: magazijn")
        # The whole date with its weekday, as the session panel writes it.
        written = re.search(rf"<dt>{day}</dt><dd>([^<]+)</dd>", row).group(1)
        weekday = get_day_names("wide", locale=language)[tryout.session_on.weekday()]
        assert weekday in written and str(tryout.session_on.year) in written
        assert time_ in row
        assert hours not in row
