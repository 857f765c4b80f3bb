"""Journey 2, in Dutch and in English: an employer posts a job (Dutch level, language
support, skills chosen from the live suggestions in rows added with the button; the
contract only shows for a job) and publishes it; it shows in their
list as published, and a coach finds it in "Find opportunities"."""

from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace.db_types import local_today
from tests.browser.checks import check_layout
from tests.browser.conftest import WIDTHS
from tests.browser.journeys import choose_suggestion, open_menu, type_postcode

#: What the employer types, as an employer working in that language would.
JOBS = {
    "nl": {
        "title": "Magazijnmedewerker nachtploeg Noorderlaan",
        "occupation": "magazijnmedewerker",
        "description": "Je pikt bestellingen en laadt vrachtwagens. Een collega leert je de job.",
    },
    "en": {
        "title": "Warehouse worker night shift Noorderlaan",
        "occupation": "warehouse worker",
        "description": "You pick orders and load lorries. A colleague shows you the work.",
    },
}
#: Per language: (what the employer types, the ESCO skill chosen, how important). Both
#: the skill group and teamwork have a Dutch name on Dutch pages (data/skills_nl.csv).
SKILLS = {
    "nl": (("hef- en transport", "hef- en transporttoestellen bedienen", "Must-have"),
           ("in team", "in team werken", "Nice-to-have")),
    "en": (("lifting equ", "operating lifting or moving equipment", "Must-have"),
           ("work in te", "work in teams", "Nice-to-have")),
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_employer_publishes_a_job_that_a_coach_then_finds(lang, browse):
    job = JOBS[lang]
    employer = browse("employer", lang)
    page = employer.page
    open_menu(employer, "Your opportunities")
    with employer.navigates():
        page.get_by_role("link", name=employer.text("New job")).click()
    form = page.locator("main form")
    offered = form.get_by_role("group", name=employer.text("What do you offer?"))
    assert offered.get_by_label(employer.text("Job"), exact=True).is_checked()
    # The contract is for jobs, the length in weeks for internships: only one shows.
    contract = form.get_by_label(employer.text("Contract"), exact=True)
    weeks = form.get_by_label(employer.text("Length of the internship in weeks"), exact=True)
    assert contract.is_visible() and weeks.is_hidden()
    offered.get_by_label(employer.text("Internship"), exact=True).check()
    assert contract.is_hidden() and weeks.is_visible()
    offered.get_by_label(employer.text("Job"), exact=True).check()
    assert contract.is_visible() and weeks.is_hidden()
    # On a phone the form is one column that needs no sideways scrolling.
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 812})
    check_layout(page)
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})

    # The title brings suggestions of occupations; the employer takes the one that fits.
    form.get_by_label(employer.text("Title"), exact=True).fill(job["title"])
    page.locator("#occupation-suggestions").get_by_role(
        "button", name=job["occupation"], exact=True
    ).click()
    occupation = form.get_by_label(employer.text("Occupation"), exact=True)
    assert occupation.input_value() == job["occupation"]
    form.get_by_label(employer.text("Description"), exact=True).fill(job["description"])
    postcode = form.get_by_label(employer.text("Postcode of the workplace"), exact=True)
    assert "Antwerpen" in type_postcode(employer, postcode, "2030")
    form.get_by_label(employer.text("Hours per week"), exact=True).fill("38")
    moments = form.get_by_role("group", name=employer.text("When does the work happen?"))
    moments.get_by_label(employer.text("Nights"), exact=True).check()
    closes_on = local_today() + timedelta(days=30)
    form.get_by_label(employer.text("Closing date"), exact=True).fill(closes_on.isoformat())
    contract.select_option(label=employer.text("Temp agency work (interim)"))
    form.get_by_label(employer.text("Dutch level needed"), exact=True).select_option(
        label=employer.text("A2 (basic)")
    )
    form.get_by_label(
        employer.text("We offer language support on the job (a language coach or a buddy)"),
        exact=True,
    ).check()
    # One empty skill row to start with; the button adds the next one, whose picker works.
    skill_rows = form.get_by_role("group", name=employer.text("Skills"), exact=True)
    for number, (typed, skill, importance) in enumerate(SKILLS[lang], start=1):
        if number > 1:
            skill_rows.get_by_role("button", name=employer.text("Add a skill")).click()
        row = form.get_by_role("group", name=employer.text("Skill %(number)d", number=number))
        field = row.get_by_label(employer.text("Skill"), exact=True)
        if number > 1:
            assert field.evaluate("input => input === document.activeElement")
        choose_suggestion(employer, field, typed, skill)
        row.get_by_label(employer.text(importance), exact=True).check()
    employer.check()  # the form as the live suggestions left it

    with employer.navigates():
        form.get_by_role("button", name=employer.text("Save and publish")).click()
    assert page.locator(".flash").inner_text() == employer.text(
        "Saved and published. Coaches can see it now."
    )
    assert page.get_by_role("heading", level=1).inner_text() == job["title"]
    assert page.locator("main .status-tag").first.inner_text() == employer.text("Published")
    skills = page.get_by_role("region", name=employer.text("Skills"))
    for _typed, skill, importance in SKILLS[lang]:
        heading = skills.get_by_role("heading", name=employer.text(importance))
        assert heading.locator("xpath=following-sibling::ul[1]").inner_text() == skill

    # The employer's list shows it as published.
    open_menu(employer, "Your opportunities")
    row = page.get_by_role("row").filter(has_text=job["title"])
    assert row.locator(".status-tag").inner_text() == employer.text("Published")

    # A coach looks for work for someone at A1: with language support, A2 will do.
    coach = browse("coach", lang)
    open_menu(coach, "Find opportunities")
    filters = coach.page.get_by_role("search")
    filters.get_by_label(coach.text("Search in title and description"), exact=True).fill(
        "Noorderlaan"
    )
    filters.get_by_label(coach.text("Dutch level of the candidate"), exact=True).select_option(
        label=coach.text("A1 (beginner)")
    )
    filters.get_by_label(coach.text("Only places with language support"), exact=True).check()
    with coach.navigates():
        filters.get_by_role("button", name=coach.text("Search"), exact=True).click()
    found = coach.page.locator(".opportunity-result").filter(has_text=job["title"])
    assert coach.text("with language support on the job") in found.inner_text()
    with coach.navigates():
        found.get_by_role("link", name=job["title"]).click()
    assert coach.page.get_by_role("heading", level=1).inner_text() == job["title"]
    facts = coach.page.get_by_role("region", name=coach.text("In short"))
    assert "Scheldepoort Logistics" in facts.inner_text()
