"""Trajectories, in Dutch and in English: the demo coach opens a candidate's profile on
a phone (390 px), reads the timeline of steps, adds a conversation group (a date in the
future first: the message is at the field), and finds it last in the timeline; the
admin reads the partnership's trajectory report on a phone. Both pages are photographed
in Dutch (test-artifacts/screenshots/trajectory-390-nl.png and
trajectory-report-390-nl.png).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace.db_types import local_today
from tests.browser.checks import check_layout, save_screenshot
from tests.browser.pages import DemoData

GROUP = "Praatgroep Bibliotheek Permeke"
PHONE = 390


def _candidate_id(live_server) -> int:
    with live_server.app.app_context():
        return DemoData(live_server.app, live_server.url)["candidate_id"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_coach_adds_a_step_and_finds_it_last_in_the_timeline(lang, browse, live_server):
    candidate_id = _candidate_id(live_server)
    coach = browse("coach", lang, width=PHONE)
    page = coach.page
    coach.goto(f"/candidates/{candidate_id}")
    timeline = page.get_by_role("list", name=coach.text("Steps"))
    steps_before = timeline.get_by_role("listitem").count()
    assert steps_before > 0, "the demo candidate has no steps"

    with coach.navigates():
        page.get_by_role("link", name=coach.text("Add a step")).click()
    form = page.locator("main form")
    form.get_by_label(coach.text("Step"), exact=True).select_option(
        label=coach.text("Conversation group"))
    today = local_today()
    form.get_by_label(coach.text("Started on"), exact=True).fill(
        (today + timedelta(days=3)).isoformat())
    form.get_by_label(coach.text("Or another organisation"), exact=True).fill(GROUP)
    with coach.navigates():
        form.get_by_role("button", name=coach.text("Add the step")).click()
    started = form.get_by_label(coach.text("Started on"), exact=True)
    assert started.get_attribute("aria-invalid") == "true"
    assert coach.text("This date is in the future.") in page.locator(
        "#started_on-error").inner_text()
    assert form.get_by_label(coach.text("Or another organisation"), exact=True
                             ).input_value() == GROUP  # kept as typed

    started.fill(today.isoformat())
    with coach.navigates():
        form.get_by_role("button", name=coach.text("Add the step")).click()
    timeline = page.get_by_role("list", name=coach.text("Steps"))
    items = timeline.get_by_role("listitem")
    assert items.count() == steps_before + 1
    newest = items.nth(steps_before).inner_text()
    assert coach.text("Conversation group") in newest and GROUP in newest
    if lang == "nl":
        check_layout(page)
        assert save_screenshot(page, "trajectory-390-nl").stat().st_size > 0


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_admin_reads_the_trajectory_report_on_a_phone(lang, browse):
    admin = browse("admin", lang, width=PHONE)
    page = admin.page
    admin.goto("/insights/trajectories")
    assert page.get_by_role("heading", level=1).inner_text() == admin.text(
        "Trajectories of the partnership")
    funnel = page.get_by_role("region", name=admin.text("How far people got"))
    rows = funnel.get_by_role("table").get_by_role("row")
    assert rows.nth(1).get_by_role("rowheader").inner_text() == admin.text("Registered")
    registered = rows.nth(1).get_by_role("cell").first.inner_text()
    assert registered == "<5" or int(registered) % 5 == 0
    if lang == "nl":
        check_layout(page)
        assert save_screenshot(page, "trajectory-report-390-nl").stat().st_size > 0
