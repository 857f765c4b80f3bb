"""The coach's pages: the trajectory and the timeline on the profile, the decision and
step forms with their messages at the fields, and who may see and change what."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.trajectories import operations
from marketplace.trajectories.queries import decisions_of, timeline_of
from marketplace.trajectories.vocab import StepKind
from tests.factories import make_decision, make_registered_candidate, make_step


def module_dates(today: date) -> dict:
    """This module's dates, counted from ``today``; set again before each test
    (tests/conftest.py), so that a run passing Belgian midnight counts from the app's."""
    return {"TODAY": today, "REGISTERED": today - timedelta(days=200)}


TODAY, REGISTERED = module_dates(local_today()).values()


@pytest.fixture
def candidate(app, app_ctx, users):
    with app.test_request_context():
        return make_registered_candidate(users["coach_a"], registered_on=REGISTERED,
                                         pseudonym="Yonas", shared=True, commit=True)


def text(response) -> str:
    return response.get_data(as_text=True)


def day(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


def error_of(page: str, field: str) -> str:
    """The message shown at ``field`` (its ``<id>-error`` paragraph)."""
    found = re.search(rf'id="{field}-error">(.*?)</p>', page, re.S)
    assert found, f"no error at {field}"
    return re.sub(r"<[^>]+>", "", found[1]).strip()


def test_the_profile_shows_the_timeline_oldest_first(client, login_as, candidate, users):
    coach = users["coach_a"]
    make_decision(candidate, coach, trajectory="linear", decided_on=TODAY - timedelta(days=190))
    make_step(candidate, coach, kind="dutch_course", started_on=TODAY - timedelta(days=150),
              ended_on=TODAY - timedelta(days=60), organisation_name="CVO Crescendo",
              dutch_level="A2")
    make_step(candidate, coach, kind="intake", started_on=TODAY - timedelta(days=195))
    operations.record_automatic_step(candidate, StepKind.JOB, TODAY, source_ref="proposal:1")
    db.session.commit()
    page = text(login_as("coach_a").get(f"/candidates/{candidate.id}"))
    timeline = page[page.index('<ol class="timeline"'):page.index("</ol>", page.index(
        '<ol class="timeline"'))]
    assert timeline.index("Intake") < timeline.index("Cursus Nederlands") < timeline.index(
        "Job")
    assert "niveau A2 bereikt" in timeline and "CVO Crescendo" in timeline
    assert "toegevoegd door Werkbrug" in timeline
    # A manual step has its change and remove buttons; the automatic one has none.
    assert timeline.count("Deze stap wijzigen") == 2
    assert "Nu: Lineair: eerst de les, dan werk" in page
    assert "Een nieuwe beslissing noteren" in page


def test_a_coach_the_candidate_is_shared_with_reads_but_cannot_change(
        client, login_as, candidate, users):
    make_step(candidate, users["coach_a"], kind="intake", started_on=REGISTERED, commit=True)
    page = text(login_as("coach_b").get(f"/candidates/{candidate.id}"))
    assert '<ol class="timeline"' in page and "Intake" in page
    assert "Deze stap wijzigen" not in page and "Een stap toevoegen" not in page
    assert "Een nieuwe beslissing noteren" not in page
    assert login_as("coach_b").get(
        f"/candidates/{candidate.id}/trajectory/steps/new").status_code == 404


def test_a_coach_adds_a_step(client, login_as, candidate, organisations):
    login_as("coach_a")
    response = client.post(f"/candidates/{candidate.id}/trajectory/steps/new", data={
        "kind": "volunteering", "started_on": day(30),
        "organisation": str(organisations["employer_b"].id), "note": "Twee dagen per week.",
    })
    assert response.status_code == 302
    [step] = timeline_of(candidate.id)
    assert (step.kind, step.organisation_id, step.source) == (
        "volunteering", organisations["employer_b"].id, "manual")


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"started_on": day(-3)}, "started_on", "Deze datum ligt in de toekomst."),
    ({"started_on": day(400)}, "started_on", "Dit is vóór de inschrijving van de persoon"),
    # Two days ahead, not one: these values are made when the tests are collected, and a
    # run that passes Belgian midnight would make tomorrow today.
    ({"ended_on": day(-2)}, "ended_on", "Deze datum ligt in de toekomst."),
    ({"started_on": day(10), "ended_on": day(20)}, "ended_on",
     "Een stap kan niet stoppen voor hij begint."),
    ({"started_on": ""}, "started_on", "Vul dit veld in."),
    ({"started_on": "31-02-2026"}, "started_on", ""),
    ({"kind": "holiday"}, "kind", "Kies een van de mogelijkheden."),
    ({"dutch_level": "A2"}, "dutch_level", "Een niveau hoort alleen bij een cursus Nederlands."),
    ({"organisation": "999999"}, "organisation", "Kies een van de organisaties uit de lijst."),
    ({"organisation_name": "x" * 121}, "organisation_name", ""),
])
def test_a_bad_step_gets_a_message_at_its_field_and_keeps_what_was_typed(
        client, login_as, candidate, data, field, message):
    form = {"kind": "training", "started_on": day(5),
            "organisation_name": "<script>alert(1)</script>", "note": "Lasopleiding"}
    form.update(data)
    response = login_as("coach_a").post(
        f"/candidates/{candidate.id}/trajectory/steps/new", data=form)
    assert response.status_code == 200
    page = text(response)
    assert message in error_of(page, field)
    if field != "organisation_name":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "Lasopleiding" in page
    assert timeline_of(candidate.id) == []


def test_a_coach_changes_and_removes_a_manual_step(client, login_as, candidate, users):
    step = make_step(candidate, users["coach_a"], kind="conversation_group",
                     started_on=TODAY - timedelta(days=50), organisation_name="Atlas",
                     commit=True)
    login_as("coach_a")
    url = f"/candidates/{candidate.id}/trajectory/steps/{step.id}"
    form_page = text(client.get(f"{url}/edit"))
    assert 'value="Atlas"' in form_page and f'value="{day(50)}"' in form_page
    response = client.post(f"{url}/edit", data={
        "kind": "conversation_group", "started_on": day(50), "ended_on": day(10),
        "organisation_name": "Atlas praatgroep", "version": step.version})
    assert response.status_code == 302
    db.session.expire_all()
    assert timeline_of(candidate.id)[0].organisation_name == "Atlas praatgroep"
    assert client.post(f"{url}/remove").status_code == 302
    assert timeline_of(candidate.id) == []


def test_an_automatic_step_has_no_edit_page(client, login_as, candidate):
    step = operations.record_automatic_step(candidate, StepKind.JOB, TODAY,
                                            source_ref="proposal:4")
    db.session.commit()
    login_as("coach_a")
    url = f"/candidates/{candidate.id}/trajectory/steps/{step.id}"
    assert client.get(f"{url}/edit").status_code == 404
    assert client.post(f"{url}/remove").status_code == 404
    assert len(timeline_of(candidate.id)) == 1


def test_a_step_of_another_candidate_is_not_found(client, login_as, candidate, users):
    other = make_registered_candidate(users["coach_a"], registered_on=REGISTERED,
                                      pseudonym="Other", commit=True)
    step = make_step(other, users["coach_a"], started_on=TODAY, commit=True)
    login_as("coach_a")
    assert client.get(
        f"/candidates/{candidate.id}/trajectory/steps/{step.id}/edit").status_code == 404


def test_a_coach_records_a_decision(client, login_as, candidate, organisations):
    login_as("coach_a")
    response = client.post(f"/candidates/{candidate.id}/trajectory/decision", data={
        "trajectory": "linear", "decided_on": day(100),
        "partner": str(organisations["partner_b"].id), "note": "Eerst inburgering."})
    assert response.status_code == 302
    db.session.expire_all()
    [decision] = decisions_of(candidate.id)
    assert (decision.trajectory, decision.partner_id) == ("linear", organisations["partner_b"].id)
    assert decision.candidate_id == candidate.id
    profile = text(client.get(f"/candidates/{candidate.id}"))
    assert "Partner B Integration" in profile


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"decided_on": day(-2)}, "decided_on", "Deze datum ligt in de toekomst."),
    ({"decided_on": day(300)}, "decided_on", "Dit is vóór de inschrijving van de persoon"),
    ({"decided_on": ""}, "decided_on", "Vul dit veld in."),
    ({"trajectory": "sideways"}, "trajectory", "Kies een van de mogelijkheden."),
    ({"partner": "employer"}, "partner", "Kies een van de partnerorganisaties."),
    ({"partner": ""}, "partner", "Vul dit veld in."),
])
def test_a_bad_decision_gets_a_message_at_its_field(
        client, login_as, candidate, organisations, data, field, message):
    form = {"trajectory": "integrated", "decided_on": day(3),
            "partner": str(organisations["partner_a"].id), "note": "<b>vet</b>"}
    if data.get("partner") == "employer":
        data = {"partner": str(organisations["employer_a"].id)}
    form.update(data)
    response = login_as("coach_a").post(
        f"/candidates/{candidate.id}/trajectory/decision", data=form)
    assert response.status_code == 200
    page = text(response)
    assert message in error_of(page, field)
    assert "&lt;b&gt;vet&lt;/b&gt;" in page
    assert decisions_of(candidate.id) == []
