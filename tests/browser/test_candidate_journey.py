"""Journey 3, first half, in Dutch and in English: a coach adds a candidate (pseudonym,
postcode, Dutch level, another language, work experience chosen from the live
occupation suggestions) and records their consent; the profile shows active consent."""

from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace.db_types import local_today
from marketplace.demo.accounts import USERS
from tests.browser.conftest import DEMO_EMAIL
from tests.browser.journeys import choose_suggestion, open_menu, type_postcode

COACH_NAME = next(user.name for user in USERS if user.email == DEMO_EMAIL["coach"])

#: The person and what the coach types. Names of languages, countries and occupations
#: are data in the coach's language (CLDR, ESCO), not interface texts.
PEOPLE = {
    "nl": {
        "pseudonym": "Rasha",
        "language": "Arabisch",
        "title_as_said": "werk in magazijn",
        "typed": "magazijnm",
        "occupation": "magazijnmedewerker",
        "country": "Syrië",
    },
    "en": {
        "pseudonym": "Farid",
        "language": "Persian",
        "title_as_said": "stock room work",
        "typed": "warehouse w",
        "occupation": "warehouse worker",
        "country": "Afghanistan",
    },
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_coach_adds_a_candidate_and_records_consent(lang, browse):
    person = PEOPLE[lang]
    coach = browse("coach", lang)
    page = coach.page
    open_menu(coach, "Caseload")
    with coach.navigates():
        page.locator("main").get_by_role("link", name=coach.text("Add a candidate")).click()
    form = page.locator("main form")
    form.get_by_label(coach.text("First name or pseudonym"), exact=True).fill(person["pseudonym"])
    postcode = form.get_by_label(coach.text("Postcode"), exact=True)
    assert "Borgerhout" in type_postcode(coach, postcode, "2140")
    form.get_by_label(coach.text("Dutch level"), exact=True).select_option(
        label=coach.text("A1 (beginner)")
    )

    language = form.get_by_role("group", name=coach.text("Language %(number)d", number=1))
    language.get_by_label(coach.text("Language"), exact=True).select_option(
        label=person["language"]
    )
    language.get_by_label(coach.text("Level"), exact=True).select_option(
        label=coach.text("C2 (near native)")
    )

    experience = form.get_by_role("group", name=coach.text("Experience %(number)d", number=1))
    experience.get_by_label(coach.text("Job title as the person says it"), exact=True).fill(
        person["title_as_said"]
    )
    occupation = experience.get_by_label(coach.text("Occupation"), exact=True)
    choose_suggestion(coach, occupation, person["typed"], person["occupation"])
    experience.get_by_label(coach.text("Years"), exact=True).fill("3")
    experience.get_by_label(coach.text("Country"), exact=True).select_option(
        label=person["country"]
    )

    form.get_by_label(coach.text("Allowed to work in Belgium"), exact=True).select_option(
        label=coach.text("Yes")
    )
    form.get_by_label(coach.text("Trajectory"), exact=True).select_option(
        label=coach.text("Integrated: work and Dutch course together")
    )
    coach.check()  # the form as the live suggestions left it
    with coach.navigates():
        form.get_by_role("button", name=coach.text("Save"), exact=True).click()
    assert page.locator(".flash").inner_text() == coach.text(
        "%(name)s is in your caseload. Now record their consent.", name=person["pseudonym"]
    )
    assert page.locator("main .tag").inner_text() == coach.text("No consent")

    # The person signed the consent form yesterday.
    consent = page.locator("main form")
    given_on = local_today() - timedelta(days=1)
    consent.get_by_label(coach.text("Date of consent"), exact=True).fill(given_on.isoformat())
    consent.get_by_label(coach.text("How the person gave consent"), exact=True).select_option(
        label=coach.text("Signed a form")
    )
    with coach.navigates():
        consent.get_by_role("button", name=coach.text("Record consent")).click()
    assert page.locator(".flash").inner_text() == coach.text("Consent recorded.")

    # The profile: active consent, and what the coach filled in.
    assert page.get_by_role("heading", level=1).inner_text() == person["pseudonym"]
    assert page.locator("main .lead .tag").inner_text() == coach.text("Consent given")
    assert page.locator("main .notice").count() == 0  # no "there is no active consent"
    languages = page.get_by_role("region", name=coach.text("Languages"))
    assert person["language"] in languages.inner_text()
    experience_row = page.get_by_role("row").filter(has_text=person["title_as_said"])
    assert person["occupation"] in experience_row.inner_text()
    assert person["country"] in experience_row.inner_text()
    history = page.get_by_role("region", name=coach.text("History"))
    recorded = history.get_by_role("row").filter(has_text=coach.text("Consent recorded"))
    assert COACH_NAME in recorded.inner_text()  # the coach is recorded as the writer
