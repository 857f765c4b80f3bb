"""The organiser's side: a sector federation (analyst) makes try-outs of its own and
no other kind, the try-out's fields and their checks, and the attendance form."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.tryouts.models import TryoutEnrolment
from tests.factories import (
    FORKLIFT,
    WAREHOUSE,
    make_candidate,
    make_enrolment,
    make_tryout,
    occupation,
    pass_tryout_day,
)
from tests.opportunities.conftest import in_days
from tests.security.helpers import error_next_to
from tests.tryouts.conftest import written


def tryout_form(**overrides) -> dict:
    """A complete try-out as the opportunity form sends it."""
    data = {
        "kind": "tryout",
        "title": "Proeven van jobs: haven",
        "occupation": occupation(WAREHOUSE).label("nl"),
        "description": "Een voormiddag meedraaien in de haven.",
        "postcode": "2030",
        "hours_per_week": "38",
        "works_day": "y",
        "places": "12",
        "dutch_level": "A1",
        "session_on": in_days(20),
        "session_starts": "09:00",
        "session_ends": "12:30",
        "street_address": "Noorderlaan 147",
        "further_occupation_1": occupation(FORKLIFT).label("nl"),
        "publish": "1",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _own_tryouts(organisation) -> list[Opportunity]:
    return db.session.scalars(select(Opportunity).where(
        Opportunity.organisation_id == organisation.id)).all()


def test_a_federation_publishes_a_tryout_and_finds_it_in_its_list(
    client, login_as, organisations
):
    login_as("analyst")
    form = client.get("/opportunities/new").get_data(as_text=True)
    assert 'value="tryout"' in form and 'value="job"' not in form
    response = client.post("/opportunities/new", data=tryout_form())
    assert response.status_code == 302, error_next_to(response.get_data(as_text=True), "kind")
    tryout = _own_tryouts(organisations["federation"])[0]
    assert (tryout.kind, tryout.status, tryout.places) == ("tryout", "published", 12)
    assert tryout.closes_on == tryout.session_on  # enrolments close on the day itself
    assert [row.uri for row in tryout.further_occupations] == [FORKLIFT]
    mine = client.get("/opportunities/").get_data(as_text=True)
    assert "Proeven van jobs: haven" in mine and "De proefsessies van" in mine
    assert "/opportunities/new?kind=tryout" in mine and "kind=job" not in mine
    page = client.get(f"/opportunities/{tryout.id}").get_data(as_text=True)
    assert "Noorderlaan 147" in page and "09:00" in page and "12:30" in page


def test_a_federation_can_never_make_another_kind(client, login_as, organisations):
    login_as("analyst")
    before = _own_tryouts(organisations["federation"])
    response = client.post("/opportunities/new",
                           data=tryout_form(kind="job", contract_type="interim"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Kies een van de soorten die je organisatie aanbiedt." in error_next_to(page, "kind")
    assert "Proeven van jobs: haven" in page  # what was typed stays
    assert _own_tryouts(organisations["federation"]) == before


def test_a_federation_reaches_no_other_organisations_opportunity(client, login_as,
                                                                 organisations):
    tryout = make_tryout(organisations["employer_a"], commit=True)
    login_as("analyst")
    for url in (f"/opportunities/{tryout.id}", f"/opportunities/{tryout.id}/edit",
                f"/tryouts/{tryout.id}/attendance"):
        assert client.get(url).status_code == 404


def test_the_tryout_fields_are_checked_and_keep_what_was_typed(client, login_as,
                                                               organisations):
    login_as("employer_a")
    before = _own_tryouts(organisations["employer_a"])
    response = client.post("/opportunities/new", data=tryout_form(
        session_starts="14:00", session_ends="13u", places="0",
        street_address="<script>alert(1)</script>"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Het einduur moet later zijn dan het beginuur." in error_next_to(
        page, "session_ends")
    assert "Vul een aantal plaatsen in tussen 1 en 1000." in error_next_to(page, "places")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert 'value="14:00"' in page

    past = client.post("/opportunities/new", data=tryout_form(session_on=in_days(-1)))
    assert "Kies de dag van de proefsessie" in error_next_to(past.get_data(as_text=True),
                                                              "session_on")
    odd = client.post("/opportunities/new", data=tryout_form(
        session_on="morgen", session_starts="half tien",
        closes_on=in_days(30)))
    odd_page = odd.get_data(as_text=True)
    assert "Schrijf een datum zoals 31/12/2026." in error_next_to(odd_page, "session_on")
    assert "Schrijf een uur zoals 09:30." in error_next_to(odd_page, "session_starts")
    late = client.post("/opportunities/new", data=tryout_form(closes_on=in_days(30)))
    assert "ten laatste op de dag van de proefsessie" in error_next_to(
        late.get_data(as_text=True), "closes_on")
    assert _own_tryouts(organisations["employer_a"]) == before


def test_a_job_ignores_the_tryout_fields(client, login_as, organisations):
    login_as("employer_a")
    response = client.post("/opportunities/new", data=tryout_form(
        kind="job", contract_type="interim", closes_on=in_days(30), session_ends="08:00"))
    assert response.status_code == 302
    job = _own_tryouts(organisations["employer_a"])[-1]
    assert (job.kind, job.session_on, job.street_address) == ("job", None, None)
    assert job.further_occupations == []


def test_browse_finds_a_tryout_by_a_further_occupation(client, login_as, organisations):
    make_tryout(organisations["employer_a"], further=[FORKLIFT], commit=True)
    login_as("coach_a")
    page = client.get("/opportunities/browse", query_string={
        "occupation": "heftruck", "kind": "tryout"}).get_data(as_text=True)
    assert "Proeven van jobs: magazijn" in page


def test_the_organiser_sees_pseudonyms_and_coach_contacts_only(client, login_as, users,
                                                               tryout):
    coach = users["coach_a"]
    candidate = make_candidate(coach, pseudonym="Amal", email="amal@private.example",
                               phone="0470 12 34 56", commit=True)
    make_enrolment(coach, candidate, tryout, commit=True)
    login_as("employer_a")
    page = client.get(f"/tryouts/{tryout.id}/attendance").get_data(as_text=True)
    assert "Amal" in page and coach.email in page
    assert "amal@private.example" not in page and "0470 12 34 56" not in page
    assert "Je kunt aanduiden wie er kwam op de dag van de proefsessie of erna." in page


def test_marking_before_the_day_is_refused_with_a_message(client, login_as, users, tryout):
    coach = users["coach_a"]
    enrolment = make_enrolment(coach, make_candidate(coach, commit=True), tryout,
                               commit=True)
    login_as("employer_a")
    before = written()
    response = client.post(f"/tryouts/{tryout.id}/attendance",
                           data={f"mark_{enrolment.id}": "attended"})
    assert response.status_code == 409
    assert "Je kunt aanduiden wie er kwam" in response.get_data(as_text=True)
    assert written() == before


def test_the_organiser_marks_who_came_in_one_form(client, login_as, users, tryout):
    coach = users["coach_a"]
    came = make_enrolment(coach, make_candidate(coach, pseudonym="Amal", commit=True),
                          tryout, commit=True)
    away = make_enrolment(coach, make_candidate(coach, pseudonym="Bilal", commit=True),
                          tryout, commit=True)
    pass_tryout_day(tryout, days_ago=1, commit=True)
    login_as("employer_a")
    response = client.post(f"/tryouts/{tryout.id}/attendance", data={
        f"mark_{came.id}": "attended", f"mark_{away.id}": "absent"}, follow_redirects=True)
    assert "Bewaard. 2 aanduidingen veranderd." in response.get_data(as_text=True)
    db.session.expire_all()
    statuses = {row.id: row.status for row in db.session.scalars(select(TryoutEnrolment))}
    assert (statuses[came.id], statuses[away.id]) == ("attended", "absent")


def test_the_attendance_form_refuses_an_unknown_mark_at_its_field(client, login_as, users,
                                                                  tryout):
    coach = users["coach_a"]
    came = make_enrolment(coach, make_candidate(coach, pseudonym="Amal", commit=True),
                          tryout, commit=True)
    away = make_enrolment(coach, make_candidate(coach, pseudonym="Bilal", commit=True),
                          tryout, commit=True)
    pass_tryout_day(tryout, days_ago=0, commit=True)
    login_as("employer_a")
    before = written()
    response = client.post(f"/tryouts/{tryout.id}/attendance", data={
        f"mark_{came.id}": "attended", f"mark_{away.id}": "<script>alert(1)</script>"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Kies: kwam of kwam niet." in page
    assert f'id="mark_{away.id}-error"' in page
    assert "<script>alert(1)" not in page
    # What was chosen stays chosen.
    assert f'checked id="mark_{came.id}-0"' in page or \
        f'id="mark_{came.id}-0" name="mark_{came.id}" type="radio" value="attended" checked' \
        in page
    assert written() == before
