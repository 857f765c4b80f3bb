"""Training courses (kind ``training``) of training providers: the form with its own
fields and bad input, the kinds a provider may offer, the publication rule, closing at
the start date, the pages and the schema.org Course data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import Organisation
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities.expiry import close_expired_opportunities
from marketplace.opportunities.jsonld import structured_data
from marketplace.opportunities.operations import missing_for_publication
from tests.factories import course_data, make_course, make_opportunity
from tests.opportunities.conftest import form_data, in_days, newest, text
from tests.security.helpers import error_next_to


def course_form(**overrides) -> dict:
    """A complete forklift course as the provider's form sends it."""
    values = {
        "kind": "training", "title": "Opleiding heftruckchauffeur", "contract_type": None,
        "places": "12", "hours_per_week": "30", "duration_weeks": "6",
        "schedule_note": "ma-do 8.30-15.30", "starts_on": in_days(21),
        "closes_on": None, "publish": "1",
    }
    values.update(overrides)
    return form_data(**values)


@pytest.fixture
def provider(client, login_as):
    return login_as("provider")


# --- the form --------------------------------------------------------------------------


def test_a_provider_is_offered_only_training_courses(provider):
    page = text(provider.get("/opportunities/new"))
    assert 'value="training"' in page and 'value="job"' not in page
    assert "Lengte van de opleiding in weken" in page
    assert "Lesmomenten" in page
    assert page.count("<h1") == 1


def test_a_provider_publishes_a_course(provider, organisations):
    response = provider.post("/opportunities/new", data=course_form())
    assert response.status_code == 302
    course = newest(organisations["provider"])
    assert (course.kind, course.status, course.duration_weeks, course.schedule_note) == (
        "training", "published", 6, "ma-do 8.30-15.30")
    assert course.contract_type is None and course.starts_on == local_today() + timedelta(21)
    assert course.closes_on == course.starts_on  # open to proposals until it starts


def test_a_provider_posting_a_job_gets_a_message_at_the_kind_and_nothing_is_saved(
        provider, organisations):
    response = provider.post("/opportunities/new", data=form_data(publish="1"))
    page = text(response)
    assert response.status_code == 200
    assert "Kies een van de soorten die je organisatie aanbiedt." in error_next_to(page, "kind")
    assert 'value="Heftruckchauffeur dagploeg"' in page  # what was typed stays
    assert newest(organisations["provider"]) is None


def test_an_employer_cannot_post_a_training_course(client, login_as, organisations):
    login_as("employer_a")
    before = newest(organisations["employer_a"])
    page = text(client.post("/opportunities/new", data=course_form()))
    assert "Kies een van de soorten die je organisatie aanbiedt." in error_next_to(page, "kind")
    assert "Opleiding" not in error_next_to(page, "kind")
    assert newest(organisations["employer_a"]) == before


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        ({"duration_weeks": "zes"}, "duration_weeks", "tussen 1 en 156"),
        ({"duration_weeks": "0"}, "duration_weeks", "tussen 1 en 156"),
        ({"duration_weeks": "157"}, "duration_weeks", "tussen 1 en 156"),
        ({"schedule_note": "x" * 201}, "schedule_note", "Gebruik hoogstens 200 tekens."),
        ({"schedule_note": "ma\ndi"}, "schedule_note", "één regel"),
        ({"duration_weeks": ""}, "duration_weeks",
         "Vul in hoeveel weken de opleiding duurt voor je publiceert."),
        ({"starts_on": "", "closes_on": ""}, "starts_on",
         "Kies de startdatum van de opleiding"),
        ({"starts_on": in_days(-1), "closes_on": ""}, "starts_on",
         "Kies de startdatum van de opleiding"),
    ],
)
def test_bad_course_input_gets_a_message_at_the_field_and_keeps_what_was_typed(
        provider, organisations, overrides, field_id, message):
    data = course_form(**overrides)
    response = provider.post("/opportunities/new", data=data)
    page = text(response)
    assert response.status_code == 200
    assert message in error_next_to(page, field_id), error_next_to(page, field_id)
    assert f'href="#{field_id}"' in page
    assert 'value="Opleiding heftruckchauffeur"' in page
    if overrides.get("duration_weeks"):
        assert f'value="{overrides["duration_weeks"]}"' in page
    assert newest(organisations["provider"]) is None


def test_markup_in_the_lesson_times_is_stored_as_text_and_shown_escaped(
        provider, organisations):
    note = "<script>alert(1)</script> ma-do"
    assert provider.post("/opportunities/new", data=course_form(
        schedule_note=note)).status_code == 302
    course = newest(organisations["provider"])
    assert course.schedule_note == note
    page = text(provider.get(f"/opportunities/{course.id}"))
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_a_job_ignores_the_course_fields(client, login_as, organisations):
    login_as("employer_a")
    client.post("/opportunities/new", data=form_data(duration_weeks="6",
                                                     schedule_note="ma-do"))
    job = newest(organisations["employer_a"])
    assert (job.kind, job.duration_weeks, job.schedule_note) == ("job", None, None)


def test_editing_a_course_shows_its_values(provider, organisations):
    course = make_course(organisations["provider"], commit=True)
    page = text(provider.get(f"/opportunities/{course.id}/edit"))
    assert 'value="6"' in page and 'value="ma-do 8.30-15.30"' in page


# --- the rules -------------------------------------------------------------------------


def test_publishing_a_course_needs_its_start_date_and_length(app_ctx):
    assert missing_for_publication(course_data(starts_on=None, duration_weeks=None)) == [
        "starts_on", "duration_weeks"]
    assert missing_for_publication(course_data()) == []
    assert missing_for_publication(course_data(schedule_note=None)) == []  # optional
    yesterday = local_today() - timedelta(days=1)
    assert missing_for_publication(course_data(starts_on=yesterday)) == [
        "closes_on", "starts_on"]
    # Without a closing date a course closes on its start date.
    assert missing_for_publication(course_data(starts_on=local_today())) == []


def test_a_job_needs_no_start_date_to_publish(app_ctx):
    from tests.factories import opportunity_data

    assert missing_for_publication(opportunity_data(starts_on=None)) == []


def test_the_database_refuses_course_fields_on_a_job(app_ctx, organisations):
    job = make_opportunity(organisations["employer_a"])
    job.duration_weeks = 4
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.flush()


def test_a_course_closes_when_its_start_date_has_passed(app_ctx, organisations):
    today = local_today()
    started = make_course(organisations["provider"], title="Begonnen")
    starting = make_course(organisations["provider"], title="Begint vandaag")
    job = make_opportunity(organisations["employer_a"])
    # Closing dates of today or later: only the start date can close the first course.
    for opportunity, starts_on in ((started, today - timedelta(days=1)), (starting, today),
                                   (job, today - timedelta(days=3))):
        opportunity.starts_on, opportunity.closes_on = starts_on, today
    db.session.flush()
    closed = close_expired_opportunities(today)
    assert closed == [started.id]
    assert (started.status, starting.status, job.status) == ("closed", "published",
                                                             "published")


# --- the pages -------------------------------------------------------------------------


def test_a_coach_reads_a_course_with_its_start_length_and_lessons(
        client, login_as, organisations):
    course = make_course(organisations["provider"], commit=True)
    login_as("coach_a")
    page = text(client.get(f"/opportunities/{course.id}"))
    for words in ("Opleiding", "Opleidingsverstrekker", "Bereidt voor op het beroep", "6 weken",
                  "ma-do 8.30-15.30", "Lesmomenten"):
        assert words in page, words
    assert "Werkgever" not in page
    browse = text(client.get("/opportunities/browse"))
    assert "Opleiding heftruckchauffeur" in browse and "6 weken" in browse
    # On the list too the hours are the lessons' ("Lesmomenten"), with their note.
    row = browse[browse.index("Opleiding heftruckchauffeur"):]
    row = row[:row.index("Plaatsen over")]
    assert "Uren" not in row
    assert "<dt>Bereidt voor op het beroep</dt>" in row  # as the course's page says
    # The list is not only of work: its lead says so.
    assert ("Jobs, stages, vrijwilligersplaatsen, opleidingen en proefsessies van werkgevers, "
            "opleidingsverstrekkers") in browse
    assert "Jobs, stages en vrijwilligersplaatsen" not in browse
    assert ('<dt>Lesmomenten</dt><dd>30 uur per week · Overdag<br><span translate="no">'
            'ma-do 8.30-15.30</span></dd>') in row
    client.post("/language", data={"locale": "en"})
    assert "<dt>When the lessons are</dt><dd>30 hours per week · " in text(
        client.get("/opportunities/browse"))


def test_a_course_with_language_support_gives_it_during_the_lessons(
        client, login_as, organisations):
    make_course(organisations["provider"], language_support=True, commit=True)
    make_opportunity(organisations["employer_a"], title="Magazijnier", language_support=True,
                     commit=True)
    login_as("coach_a")
    browse = text(client.get("/opportunities/browse"))
    course = browse[browse.index("Opleiding heftruckchauffeur"):]
    course = course[:course.index("Plaatsen over")]
    assert "met taalondersteuning tijdens de opleiding" in course
    assert "op het werk" not in course
    job = browse[browse.index("Magazijnier"):]
    assert "met taalondersteuning op het werk" in job[:job.index("Plaatsen over")]


def test_a_published_course_is_a_schema_org_course(app_ctx, organisations):
    course = make_course(organisations["provider"])
    data = structured_data(course)
    assert data["@type"] == "Course" and data["name"] == "Opleiding heftruckchauffeur"
    instance = data["hasCourseInstance"][0]
    assert instance["@type"] == "CourseInstance"
    assert instance["startDate"] == course.starts_on.isoformat()
    assert instance["courseSchedule"]["duration"] == "P6W"
    assert structured_data(make_course(organisations["provider"], status="draft")) is None
    assert structured_data(make_opportunity(organisations["employer_a"]))["@type"] == (
        "JobPosting")


def test_the_admin_creates_a_training_provider_and_invites_its_user(client, login_as):
    login_as("admin")
    assert 'value="training_provider"' in text(client.get("/admin/organisations/new"))
    response = client.post("/admin/organisations/new", data={
        "name": "Lasschool Hoboken", "kind": "training_provider", "sector": "",
        "postcode": "2660"})
    assert response.status_code == 302
    school = db.session.scalar(select(Organisation).where(
        Organisation.name == "Lasschool Hoboken"))
    assert (school.kind, school.sector) == ("training_provider", None)
    page = text(client.post("/admin/organisations/new", data={
        "name": "Lasschool Deurne", "kind": "training_provider", "sector": "P"}))
    assert "Alleen werkgevers en sectorfederaties" in page and 'value="Lasschool Deurne"' in page
