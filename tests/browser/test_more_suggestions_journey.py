"""A hard-to-fill job on a phone (390 px), in Dutch and in English: a coach reads the
first 20 suggested candidates, goes on to the next ones with the keyboard through the
plain link under the list, lands on the list's heading with places 21 onwards (the
summary says which), and goes back. Both pages are checked (accessibility, language,
layout) and the second is photographed (test-artifacts/screenshots/
more-suggestions-390-<lang>.png).

On a phone and on a desktop, in Dutch, the coach sets a suggestion of page 2 aside and
lands back on page 2 at its place, then brings it back and lands on page 2 at the
"set aside" section (screenshots set-aside-page-2-<width>.png and
brought-back-page-2-<width>.png).

The job and the candidates are made through the operations on the server's database,
as the history journey makes its person."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.checks import check_focus_visible, check_layout, save_screenshot
from tests.browser.pages import DemoData

#: More forklift drivers than one page shows.
DRIVERS = 24


def seed_hard_to_fill_job(live_server, title: str) -> tuple[int, int]:
    """A forklift job of the port and ``DRIVERS`` candidates of the demo coach who wish
    for it; the job's id and how many candidates the coach's page lists for it."""
    from marketplace.suggestions import queries, ranking
    from tests.factories import FORKLIFT, make_candidate, make_opportunity

    with live_server.app.test_request_context(base_url=live_server.url):
        data = DemoData(live_server.app, live_server.url)
        coach = data["users"]["coach_a"]
        job = make_opportunity(data["organisations"]["employer_a"], title=title, commit=True)
        for number in range(DRIVERS):
            make_candidate(
                coach, pseudonym=f"{title[:4]} {number:02d}", wishes=[FORKLIFT], commit=True
            )
        listed = ranking.candidates_for(
            job, coach, top_k=1, excluded=queries.dismissed_candidate_ids(job.id)
        )
        return job.id, listed.eligible


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_coach_goes_on_to_the_next_suggestions_and_back(lang, browse, live_server):
    title = {"nl": "Heftruck reserveploeg", "en": "Forklift reserve crew"}[lang]
    job_id, total = seed_hard_to_fill_job(live_server, title)
    assert total > 20
    coach = browse("coach", lang, width=390)
    page = coach.page
    coach.goto(f"/suggestions/opportunities/{job_id}")
    suggested = page.get_by_role("region", name=coach.text("Suggested candidates"))
    assert (
        coach.text(
            "You see numbers %(first)d to %(last)d of the %(total)d.", first=1, last=20, total=total
        )
        in suggested.inner_text()
    )
    more = suggested.get_by_role("navigation", name=coach.text("More suggestions"))
    assert more.get_by_role("link").count() == 1  # nothing before the first 20
    following = min(20, total - 20)
    next_link = more.get_by_role(
        "link",
        name=coach.plural_text("Show the next suggestion", "Show the next %(num)d", following),
        exact=True,
    )

    # The keyboard: the link takes focus visibly and Enter follows it.
    next_link.focus()
    check_focus_visible(page)
    with coach.navigates():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/suggestions/opportunities/{job_id}?page=2#suggested-heading")
    assert page.title().startswith(coach.text("Suggestions for %(title)s", title=title))
    assert coach.text("numbers %(first)d to %(last)d", first=21, last=20 + following) in (
        page.title()
    )
    assert (
        coach.text(
            "You see numbers %(first)d to %(last)d of the %(total)d.",
            first=21,
            last=20 + following,
            total=total,
        )
        in suggested.inner_text()
    )
    items = suggested.locator("ol.match-list > li")
    assert items.count() == following
    assert suggested.locator("ol.match-list").get_attribute("start") == "21"
    assert items.first.locator(".visually-hidden").first.inner_text().strip() == coach.text(
        "Number %(rank)d:", rank=21
    )
    # The list's heading is in view: the link landed there.
    assert page.get_by_role("heading", name=coach.text("Suggested candidates")).is_visible()
    check_layout(page)
    assert save_screenshot(page, f"more-suggestions-390-{lang}").stat().st_size > 0

    with coach.navigates():
        more.get_by_role(
            "link",
            name=coach.plural_text("Show the previous suggestion", "Show the previous %(num)d", 20),
            exact=True,
        ).click()
    assert page.url.endswith(f"/suggestions/opportunities/{job_id}#suggested-heading")
    assert suggested.locator("ol.match-list").get_attribute("start") is None


@pytest.mark.parametrize("width", [390, 1280])
def test_coach_sets_aside_on_page_two_and_brings_it_back_there(width, browse, live_server):
    title = f"Heftruck nachtploeg {width}"
    job_id, total = seed_hard_to_fill_job(live_server, title)
    assert total >= 22
    coach = browse("coach", "nl", width=width)
    page = coach.page
    coach.goto(f"/suggestions/opportunities/{job_id}?page=2")
    row = page.locator("#place-22")
    with coach.navigates():
        row.get_by_role("link", name=coach.text("Set aside")).click()
    page.get_by_label(coach.text("Why do you set this suggestion aside?"), exact=True) \
        .select_option(value="practical")
    with coach.navigates():
        page.locator("form.form").get_by_role("button", name=coach.text("Set aside")).click()
    assert page.url.endswith(f"/suggestions/opportunities/{job_id}?page=2#place-22")
    expect(page.locator("#place-22")).to_be_in_viewport()
    assert page.locator("ol.match-list").first.get_attribute("start") == "21"
    check_layout(page)
    save_screenshot(page, f"set-aside-page-2-{width}")

    set_aside = page.get_by_role("region", name=coach.text("Suggestions set aside"))
    with coach.navigates():
        set_aside.get_by_role("button", name=coach.text("Bring back")).first.click()
    assert page.url.endswith(f"/suggestions/opportunities/{job_id}?page=2#dismissed-heading")
    expect(page.locator("#dismissed-heading")).to_be_in_viewport()
    assert page.locator("ol.match-list").first.get_attribute("start") == "21"
    assert coach.text("Suggestion brought back: it shows again in the suggestions.") in (
        page.locator(".flashes").inner_text()
    )
    check_layout(page)
    save_screenshot(page, f"brought-back-page-2-{width}")
