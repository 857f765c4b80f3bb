"""Looking up occupations and skills: results appear while typing (htmx), ESCO labels in
the other language are marked as such, and the page stays accessible."""

from __future__ import annotations

import pytest

from tests.browser.journeys import open_menu


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_coach_finds_an_occupation_while_typing(lang, browse):
    coach = browse("coach", lang)
    page = coach.page
    open_menu(coach, "Occupations")
    page.get_by_label(coach.text("Occupation"), exact=True).fill("heftruck")
    results = page.locator("#taxonomy-results .taxonomy-result")
    results.first.wait_for()
    count = results.count()
    live_region = page.locator("#taxonomy-result-count")
    assert live_region.inner_text() == coach.plural_text(
        "%(num)d occupation found.", "%(num)d occupations found.", count
    )
    assert "heftruck" in results.first.inner_text().lower()
    coach.check()  # the page as htmx left it


def test_employer_finds_a_skill_in_english_on_a_dutch_page(browse):
    employer = browse("employer", "nl")
    page = employer.page
    employer.goto("/taxonomy/skills")
    page.get_by_label(employer.text("Skill"), exact=True).fill("welding")
    label = page.locator("#taxonomy-results .taxonomy-result__label").first
    label.wait_for()
    assert label.get_attribute("lang") == "en"  # no Dutch name in the catalogue: English
    employer.check()


@pytest.mark.parametrize(("lang", "expected"), [("nl", "heftruck besturen"),
                                                ("en", "operate forklift")])
def test_employer_finds_the_forklift_skill_by_its_dutch_name(lang, expected, browse):
    employer = browse("employer", lang)
    page = employer.page
    employer.goto("/taxonomy/skills")
    page.get_by_label(employer.text("Skill"), exact=True).fill("heftruck")
    label = page.locator("#taxonomy-results .taxonomy-result__label").first
    label.wait_for()
    assert label.inner_text() == expected
    assert label.get_attribute("lang") is None  # the page's own language
    employer.check()
