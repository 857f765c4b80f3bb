"""Barriers, in Dutch and in English: a coach records a barrier of a person in their
caseload (with the support arranged and the partner referred to) and later marks it
solved; a sector federation's analyst reads the barriers report, downloads a table as
CSV (the page's protected figures, figure for figure) and looks at it on a phone
(test-artifacts/screenshots/barriers-390-<lang>.png, with the layout check).

The person of the coach's journey is made through the operations on the server's
database (a fresh candidate without barriers), as journey 4 makes its proposal.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from marketplace.db_types import local_today
from tests.browser.checks import check_layout, save_screenshot
from tests.browser.journeys import open_menu
from tests.browser.pages import DemoData
from tests.browser.test_insights_journey import SMALL, table_cells

PSEUDONYMS = {"nl": "Nadia", "en": "Hamid"}
SUPPORT = {"nl": "Ingeschreven voor de fietscursus van de stad.",
           "en": "Ingeschreven bij Kind en Gezin voor kinderopvang."}
KINDS = {"nl": "Mobility: no bike (or cannot ride one)", "en": "Childcare"}
PARTNER = "Atlas Antwerpen"


def seed_person(live_server, pseudonym: str) -> int:
    """A person in the demo coach's caseload, registered today, without barriers."""
    from tests.factories import make_candidate

    with live_server.app.test_request_context(base_url=live_server.url):
        demo = DemoData(live_server.app, live_server.url)
        return make_candidate(demo["users"]["coach_a"], pseudonym=pseudonym, commit=True).id


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_coach_records_a_barrier_and_marks_it_solved(lang, browse, live_server):
    candidate_id = seed_person(live_server, PSEUDONYMS[lang])
    coach = browse("coach", lang)
    page = coach.page
    coach.goto(f"/candidates/{candidate_id}")
    barriers = page.get_by_role("region", name=coach.text("Barriers"))
    assert coach.text("No barriers recorded.") in barriers.inner_text()
    with coach.navigates():
        barriers.get_by_role("link", name=coach.text("Add a barrier")).click()

    form = page.locator("main form")
    form.get_by_label(coach.text("Barrier"), exact=True).select_option(
        label=coach.text(KINDS[lang]))
    form.get_by_label(coach.text("Status"), exact=True).select_option(
        label=coach.text("Being worked on"))
    noted = form.get_by_label(coach.text("Noted on"), exact=True)
    assert noted.input_value() == local_today().isoformat()  # today to start with
    form.get_by_label(coach.text("Support arranged"), exact=True).fill(SUPPORT[lang])
    form.get_by_label(coach.text("Referred to partner organisation"), exact=True
                      ).select_option(label=PARTNER)
    with coach.navigates():
        form.get_by_role("button", name=coach.text("Save the barrier")).click()
    assert page.locator(".flash").inner_text() == coach.text("Barrier saved.")

    barriers = page.get_by_role("region", name=coach.text("Barriers"))
    row = barriers.get_by_role("row").filter(has_text=coach.text(KINDS[lang]))
    assert SUPPORT[lang] in row.inner_text() and PARTNER in row.inner_text()
    assert coach.text("Being worked on") in row.inner_text()

    with coach.navigates():
        row.get_by_role("link", name=coach.text("Mark as solved"), exact=False).click()
    form = page.locator("main form")
    assert form.get_by_label(coach.text("Solved on"), exact=True).input_value() == (
        local_today().isoformat())
    page.set_viewport_size({"width": 390, "height": 844})
    check_layout(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    with coach.navigates():
        form.get_by_role("button", name=coach.text("Save the barrier")).click()
    row = page.get_by_role("region", name=coach.text("Barriers")).get_by_role("row").filter(
        has_text=coach.text(KINDS[lang]))
    assert coach.text("Solved") in row.inner_text()
    assert row.get_by_role("link", name=coach.text("Mark as solved"), exact=False).count() == 0


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_analyst_reads_the_barriers_report_and_downloads_a_table(lang, browse):
    analyst = browse("analyst", lang)
    page = analyst.page
    open_menu(analyst, "Barriers")
    assert page.get_by_role("heading", level=1).inner_text() == analyst.text("Barriers")
    heading = analyst.text(
        "People with a barrier open at the end of the period, per partner organisation")
    section = page.get_by_role("region", name=heading)
    shown = table_cells(section.get_by_role("table"))
    # The demo's partners with people: a column each, beside everyone.
    assert shown[0][:2] == [analyst.text("Barrier"), analyst.text("All people in the selection")]
    assert PARTNER in shown[0]
    childcare = next(row for row in shown if row[0] == analyst.text("Childcare"))
    assert int(childcare[1]) >= 20 and int(childcare[1]) % 5 == 0
    solving = page.get_by_role(
        "region", name=analyst.text("Barriers solved during the period, and how long that took"))
    assert solving.get_by_role("table").count() == 1

    with page.expect_download() as started:
        section.get_by_role("link", name=analyst.text("Download this table (CSV)")).click()
    download = started.value
    assert download.failure() is None
    assert download.suggested_filename.startswith("werkbrug-barriers-partners-")
    with Path(download.path()).open(newline="", encoding="utf-8-sig") as file:
        rows = list(csv.reader(file, delimiter=";" if lang == "nl" else ","))
    assert rows[0] == shown[0]
    assert rows[1:] == shown[1:], "the CSV differs from the table on the page"
    for row in rows[1:]:
        for figure in row[1:]:
            assert figure == SMALL or int(figure) % 5 == 0, f"not protected: {row}"

    # Opened afresh on a phone: the charts draw for the width they get (a resize is
    # followed by the charts a moment later, which a check right away would race).
    page.set_viewport_size({"width": 390, "height": 844})
    with analyst.navigates():
        page.reload()
    page.wait_for_load_state("networkidle")
    check_layout(page)
    assert save_screenshot(page, f"barriers-390-{lang}").stat().st_size > 0
    page.set_viewport_size({"width": 1280, "height": 900})
    assert save_screenshot(page, f"barriers-1280-{lang}").stat().st_size > 0
