"""Without JavaScript the core forms still work: log in, invite a user, add an
organisation (its postcode is checked by the server, not by htmx), add and remove a
row of the job form (the buttons send the form, which comes back unsaved), invite a
candidate to an online interview (the address field shows too, and is ignored)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from marketplace.demo.accounts import DEMO_PASSWORD
from tests.browser.conftest import DEMO_EMAIL
from tests.browser.journeys import (
    invite_user,
    log_in_as,
    open_menu,
    place_fields,
    seed_proposal,
)


@pytest.fixture
def without_javascript(browse):
    visitor = browse(None, "nl", javascript=False)
    # The site's scripts did not run: htmx is not there.
    assert visitor.page.evaluate("typeof window.htmx") == "undefined"
    return visitor


def test_login_invitation_and_new_organisation_work_without_javascript(without_javascript):
    visitor = without_javascript
    page = visitor.page
    log_in_as(visitor, DEMO_EMAIL["admin"], DEMO_PASSWORD)

    invite_user(
        visitor,
        email="ilse.peeters@glansrijk.example",
        name="Ilse Peeters",
        organisation="Glansrijk Schoonmaak",
        role="Employer",
    )

    open_menu(visitor, "Organisations")
    with visitor.navigates():
        page.get_by_role("link", name=visitor.text("Add an organisation")).click()
    name = page.get_by_label(visitor.text("Name"), exact=True)
    postcode = page.get_by_label(visitor.text("Postcode"), exact=True)
    name.fill("Fietsherstel Borgerhout")
    page.get_by_label(visitor.text("Kind of organisation"), exact=True).select_option(
        label=visitor.text("Employer")
    )
    postcode.fill("2140")
    # No sector yet: the server says so next to the field and keeps what was typed.
    with visitor.navigates():
        page.get_by_role("button", name=visitor.text("Save"), exact=True).click()
    sector = page.get_by_label(visitor.text("Sector (NACE section)"), exact=True)
    assert sector.get_attribute("aria-invalid") == "true"
    error = page.locator(f"#{sector.get_attribute('id')}-error").inner_text()
    assert visitor.text("Choose the sector of this employer or federation.") in error
    assert name.input_value() == "Fietsherstel Borgerhout"
    assert postcode.input_value() == "2140"

    sector.select_option(value="G")
    with visitor.navigates():
        page.get_by_role("button", name=visitor.text("Save"), exact=True).click()
    flash = page.locator(".flash").inner_text()
    assert flash == visitor.text("Organisation %(name)s added.", name="Fietsherstel Borgerhout")
    assert "Fietsherstel Borgerhout" in page.get_by_role("table").inner_text()


def test_a_skill_row_is_added_and_removed_without_javascript(browse):
    employer = browse("employer", "nl", javascript=False)
    page = employer.page
    employer.goto("/opportunities/new")
    form = page.locator("main form")
    # Every field shows, with the kind it is for.
    assert form.get_by_label(employer.text("Contract"), exact=True).is_visible()
    weeks = form.get_by_label(employer.text("Length of the internship in weeks"), exact=True)
    assert weeks.is_visible()
    title = form.get_by_label(employer.text("Title"), exact=True)
    title.fill("Heftruckchauffeur Noorderlaan")
    first = form.get_by_role("group", name=employer.text("Skill %(number)d", number=1))
    first.get_by_label(employer.text("Skill"), exact=True).fill("work in teams")
    second = form.get_by_role("group", name=employer.text("Skill %(number)d", number=2))
    assert second.count() == 0

    with employer.navigates():
        form.get_by_role("button", name=employer.text("Add a skill")).click()
    assert title.input_value() == "Heftruckchauffeur Noorderlaan"
    assert first.get_by_label(employer.text("Skill"), exact=True).input_value() == "work in teams"
    assert second.get_by_label(employer.text("Skill"), exact=True).input_value() == ""
    assert page.locator(".error-summary").count() == 0  # nothing was checked or saved

    with employer.navigates():
        first.get_by_role("button", name=employer.text("Remove")).click()
    skill = form.get_by_role("group", name=employer.text("Skill %(number)d", number=1))
    assert skill.get_by_label(employer.text("Skill"), exact=True).input_value() == ""
    assert second.count() == 0
    assert title.input_value() == "Heftruckchauffeur Noorderlaan"


def test_an_online_interview_without_javascript_ignores_the_address_field(browse, live_server):
    seeded = seed_proposal(live_server, "Orderpicker dagploeg Hemiksem")
    employer = browse("employer", "nl", javascript=False)
    page = employer.page
    employer.goto(f"/proposals/{seeded.proposal_id}/answer")
    form = page.locator("main form")
    # Both fields show, each with its hint saying what it is for.
    address, link = place_fields(employer, form)
    expect(address).to_have_accessible_description(employer.text(
        "Street, number, postcode and town. Only for an interview on the spot."))
    expect(link).to_have_accessible_description(employer.text(
        "Starts with https://. Only for an online interview."))

    form.get_by_label(employer.text("Invite to an interview"), exact=True).check()
    day = seeded.today + timedelta(days=9)
    form.get_by_label(employer.text("Date of the interview"), exact=True).fill(day.isoformat())
    form.get_by_label(employer.text("Start time"), exact=True).fill("13:00")
    form.get_by_label(employer.text("End time"), exact=True).fill("13:30")
    form.get_by_label(employer.text("Online"), exact=True).check()
    address.fill("Kerkstraat 1, 2060 Antwerpen")
    link.fill("https://meet.example.org/hemiksem")
    with employer.navigates():
        form.get_by_role("button", name=employer.text("Save the answer")).click()
    assert page.locator(".flash").inner_text() == employer.text(
        "Answer saved. The coach has been told.")
    employer.goto(f"/proposals/{seeded.proposal_id}/answer")
    planned = page.get_by_role("region", name=employer.text("Planned interview")).inner_text()
    assert "https://meet.example.org/hemiksem" in planned
    assert "Kerkstraat" not in planned
