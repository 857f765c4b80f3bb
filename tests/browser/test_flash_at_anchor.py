"""A confirmation after an action that lands on a place further down the page (a
redirect to "#place-22", "#dismissed-heading") is in view on arrival, above the place
landed on, which stays in view and uncovered; the keyboard goes on from that place with
its focus in view; hiding the message leaves the coach where they were. On a phone
(390 px) and a desktop (1280 px) in Dutch, and on a phone without JavaScript, where the
stylesheet alone keeps the message in view. The same after adding a step to a person's
trajectory (the profile at "#trajectory"). Screenshots of the window as it landed:
flash-at-place-<width>.png, flash-at-place-390-nojs.png, flash-at-set-aside-<width>.png,
flash-at-trajectory-<width>.png.

The job and its candidates are made through the factories on the server's database,
as the journey of the next suggestions makes them."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from marketplace.db_types import local_today
from tests.browser.checks import (
    check_focus_visible,
    check_layout,
    check_reachable,
    save_screenshot,
)
from tests.browser.pages import DemoData
from tests.browser.test_more_suggestions_journey import seed_hard_to_fill_job

#: Where the message and the place landed on are on screen (CSS pixels of the window).
POSITIONS = """(selector) => {
    const flashes = document.querySelector('main > .flashes').getBoundingClientRect();
    const target = document.querySelector(selector).getBoundingClientRect();
    const hit = document.elementFromPoint(target.left + 4, target.top + 4);
    return {flashTop: flashes.top, flashBottom: flashes.bottom, targetTop: target.top,
            window: window.innerHeight,
            uncovered: !!hit && document.querySelector(selector).contains(hit)};
}"""


def assert_message_above_place(page, selector: str) -> None:
    """The message is wholly on screen, and the place landed on starts below it, on
    screen and not covered by it."""
    at = page.evaluate(POSITIONS, selector)
    assert at["flashTop"] >= 0 and at["flashBottom"] <= at["window"], at
    assert at["flashBottom"] <= at["targetTop"] + 1 < at["window"], at
    assert at["uncovered"], at


def set_aside_on_page_two(coach, job_id: int):
    """Set place 22 of the job's suggestions aside through its form; back on page 2."""
    page = coach.page
    coach.goto(f"/suggestions/opportunities/{job_id}?page=2")
    with coach.navigates():
        page.locator("#place-22").get_by_role("link", name=coach.text("Set aside")).click()
    page.get_by_label(coach.text("Why do you set this suggestion aside?"), exact=True) \
        .select_option(value="practical")
    with coach.navigates():
        page.locator("form.form").get_by_role("button", name=coach.text("Set aside")).click()
    assert page.url.endswith(f"/suggestions/opportunities/{job_id}?page=2#place-22")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_message_after_setting_aside_and_bringing_back_is_in_view(
    width, browse, live_server
):
    job_id, _ = seed_hard_to_fill_job(live_server, f"Heftruck meldingen {width}")
    coach = browse("coach", "nl", width=width)
    page = coach.page
    set_aside_on_page_two(coach, job_id)
    message = page.locator("main > .flashes")
    expect(message).to_be_in_viewport()
    assert coach.text("Suggestion set aside. You can bring it back under "
                      "\"Suggestions set aside\".") in message.inner_text()
    assert_message_above_place(page, "#place-22")
    save_screenshot(page, f"flash-at-place-{width}", full_page=False)
    check_reachable(page.locator("#place-22"))
    check_layout(page)

    # The keyboard goes on from the place landed on (the next suggestion's name), and
    # the focus is not hidden under the message.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('li')?.id")
    assert focused == "place-22"
    check_focus_visible(page)
    assert_message_above_place(page, ":focus")

    # Hidden, the message goes back to the top of the page; the coach stays where they were.
    before = page.evaluate("window.scrollY")
    # A click where it shows (a locator's click would first scroll it "into view": to
    # where it sits in the page, not where it sticks).
    box = page.get_by_role("button", name=coach.text("Hide this message")).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(message).not_to_be_in_viewport()
    expect(page.locator("#place-22")).to_be_in_viewport()
    assert page.evaluate("window.scrollY") == before
    assert page.evaluate("document.activeElement.id") == "place-22"

    set_aside = page.get_by_role("region", name=coach.text("Suggestions set aside"))
    with coach.navigates():
        set_aside.get_by_role("button", name=coach.text("Bring back")).first.click()
    assert page.url.endswith(f"/suggestions/opportunities/{job_id}?page=2#dismissed-heading")
    expect(message).to_be_in_viewport()
    assert coach.text("Suggestion brought back: it shows again in the suggestions.") in (
        message.inner_text()
    )
    assert_message_above_place(page, "#dismissed-heading")
    check_layout(page)
    save_screenshot(page, f"flash-at-set-aside-{width}", full_page=False)


def test_escape_hides_the_message_and_leaves_the_focus_where_it_is(browse, live_server):
    """The hide button comes before the place in the page, so the keyboard going on from
    the place never passes it: Escape does what it does."""
    job_id, _ = seed_hard_to_fill_job(live_server, "Heftruck meldingen escape")
    coach = browse("coach", "nl", width=1280)
    page = coach.page
    set_aside_on_page_two(coach, job_id)
    message = page.locator("main > .flashes")
    expect(message).to_be_in_viewport()
    hide = page.get_by_role("button", name=coach.text("Hide this message"))
    assert hide.get_attribute("aria-keyshortcuts") == "Escape"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.outerHTML")
    page.keyboard.press("Escape")
    expect(message).not_to_be_in_viewport()
    expect(hide).to_be_hidden()
    assert page.evaluate("document.activeElement.outerHTML") == focused
    expect(page.locator("#place-22")).to_be_in_viewport()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_message_after_adding_a_step_is_in_view_above_the_trajectory(
    width, browse, live_server
):
    with live_server.app.app_context():
        candidate_id = DemoData(live_server.app, live_server.url)["candidate_id"]
    coach = browse("coach", "nl", width=width)
    page = coach.page
    coach.goto(f"/candidates/{candidate_id}")
    with coach.navigates():
        page.get_by_role("link", name=coach.text("Add a step")).click()
    form = page.locator("main form")
    form.get_by_label(coach.text("Step"), exact=True).select_option(
        label=coach.text("Conversation group"))
    form.get_by_label(coach.text("Started on"), exact=True).fill(local_today().isoformat())
    form.get_by_label(coach.text("Or another organisation"), exact=True).fill(
        f"Praatgroep Permeke {width}")
    with coach.navigates():
        form.get_by_role("button", name=coach.text("Add the step")).click()
    assert page.url.endswith(f"/candidates/{candidate_id}#trajectory")
    message = page.locator("main > .flashes")
    expect(message).to_be_in_viewport()
    assert coach.text("The step is added to the timeline.") in message.inner_text()
    assert_message_above_place(page, "#trajectory")
    save_screenshot(page, f"flash-at-trajectory-{width}", full_page=False)
    check_layout(page)


def test_without_javascript_the_stylesheet_keeps_the_message_in_view(browse, live_server):
    job_id, _ = seed_hard_to_fill_job(live_server, "Heftruck zonder script")
    coach = browse("coach", "nl", width=390, javascript=False)
    page = coach.page
    set_aside_on_page_two(coach, job_id)
    expect(page.locator("main > .flashes")).to_be_in_viewport()
    assert_message_above_place(page, "#place-22")
    # The button to hide it needs JavaScript: without it, it is not there.
    expect(page.get_by_role("button", name=coach.text("Hide this message"))).to_have_count(0)
    check_layout(page)
    save_screenshot(page, "flash-at-place-390-nojs", full_page=False)
