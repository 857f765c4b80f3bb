"""Tables on a phone (390 px), in Dutch: the page never scrolls sideways, and what a
list is for stays in reach. A walk found three lists whose action or state sat
off-screen without a cue: a candidate's barriers ("Change"), the ranking models
("Use this model") and the coach's proposals (the "State" of each). Each is checked
cell by cell with ``check_reachable``: on screen, or in reach by scrolling the table's
own box. A table that is wider than the window (the caseload) scrolls in a box that
is a group named by its caption, takes keyboard focus, and says "Scroll sideways for
more columns"; at 1280 px the same table fits and has neither the tab stop nor the line.
An opportunity's history (the employer's change log) shows each change as a block
headed by the field, with its value before and after on labelled lines: nothing of a
long value is off-screen. A candidate's history (on the profile and its own page) shows
each line as a block headed by its time, with "Wie" and "Wat" on labelled lines: a
change of many fields was cut off at the window's edge.
Screenshots: test-artifacts/screenshots/table-<list>-390-nl.png.
"""

from __future__ import annotations

import pytest

from tests.browser.checks import (
    check_focus_visible,
    check_layout,
    check_page,
    check_reachable,
    save_screenshot,
)
from tests.browser.pages import DemoData

PHONE = 390


def demo_candidate_with_barriers(live_server) -> int:
    """The demo coach's candidate of the access matrix; it has a barrier (one is
    recorded when the demo gave it none)."""
    with live_server.app.test_request_context(base_url=live_server.url):
        demo = DemoData(live_server.app, live_server.url)
        assert demo["barrier_id"]
        return demo["candidate_id"]


#: A description long enough that, beside its old value, it cannot fit in 390 px.
NEW_DESCRIPTION = ("Je laadt en lost vrachtwagens aan de kaai met de heftruck, je scant de "
                   "paletten en je zet ze op de juiste plaats in het magazijn.")


def demo_opportunity_with_changes(live_server) -> int:
    """An opportunity of the demo employer whose title and description the employer
    changed (through the operations, as the form does): a change with long values."""
    from flask_login import login_user

    from marketplace.extensions import db
    from marketplace.opportunities import operations
    from tests.factories import make_opportunity

    with live_server.app.test_request_context(base_url=live_server.url):
        employer = DemoData(live_server.app, live_server.url)["users"]["employer_a"]
        login_user(employer)  # the change is the employer's, as on the form
        opportunity = make_opportunity(employer.organisation, title="Magazijnier")
        operations.update_opportunity(
            opportunity, operations.opportunity_data(
                opportunity, title="Magazijnier met heftruckattest",
                description=NEW_DESCRIPTION),
            expected_version=opportunity.version)
        db.session.commit()
        return opportunity.id


def column(table, header: str) -> list:
    """The cells of the column headed ``header``, one per row of the table's body (the
    headers are read from the markup: on a phone they are there for screen readers
    only)."""
    headers = [th.text_content().strip() for th in table.locator("thead th").all()]
    index = headers.index(header)
    return [
        row.locator(":scope > th, :scope > td").nth(index)
        for row in table.locator("tbody tr").all()
    ]


def no_sideways_scrolling(page) -> None:
    scroll_width, client_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width, f"the page is {scroll_width}px in {client_width}px"
    check_layout(page)


#: The lists whose action was off-screen: who uses it, its caption and the action.
#: The demo's ranking model is kept but not in use (marketplace/demo/ranking.py).
ACTIONS = {
    "barriers": ("coach", "Barriers of this person, those still in the way first", "Change"),
    "models": ("admin", "Trained models, newest first", "Use this model"),
}


@pytest.mark.parametrize("name", ACTIONS)
def test_the_action_of_each_row_is_on_screen_on_a_phone(name, browse, live_server):
    role, caption, action = ACTIONS[name]
    path = (
        f"/candidates/{demo_candidate_with_barriers(live_server)}"
        if name == "barriers"
        else "/admin/ranking/"
    )
    visitor = browse(role, "nl", width=PHONE)
    visitor.goto(path)
    no_sideways_scrolling(visitor.page)
    table = visitor.page.get_by_role("table", name=visitor.text(caption))
    links = table.get_by_role("link", name=visitor.text(action))
    assert links.count() >= 1
    for link in links.all():
        assert check_reachable(link) == "on screen"
    save_screenshot(visitor.page, f"table-{name}-390-nl")


def test_the_state_of_each_proposal_shows_on_a_phone(browse):
    coach = browse("coach", "nl", width=PHONE)
    page = coach.page
    coach.goto("/proposals/")
    no_sideways_scrolling(page)
    table = page.get_by_role("table")
    states = column(table, coach.text("State"))
    assert states, "the demo coach has no proposals"
    for cell in states:
        assert check_reachable(cell) == "on screen"
        # On a phone each value says which column it is in.
        assert cell.inner_text().startswith(coach.text("State"))
    for link in table.get_by_role("link").all():
        check_reachable(link)
    save_screenshot(page, "table-proposals-390-nl")


@pytest.mark.parametrize("width", [PHONE, 1280])
def test_a_wide_table_scrolls_in_its_own_named_box(width, browse):
    coach = browse("coach", "nl", width=width)
    page = coach.page
    coach.goto("/candidates/")
    no_sideways_scrolling(page)
    box = page.locator("[data-table-box]").first
    caption = box.locator("caption")
    # The box is a group named by the caption alone (not by the line about scrolling).
    name = caption.evaluate("c => c.firstChild.textContent.trim()")
    assert page.get_by_role("group", name=name, exact=True).count() == 1
    assert page.get_by_role("table", name=name, exact=True).count() == 1
    hint = box.get_by_text(coach.text("Scroll sideways for more columns"))
    if width == 1280:
        page.wait_for_function("box => !box.hasAttribute('tabindex')", arg=box.element_handle())
        assert not hint.is_visible()
        return
    assert box.get_attribute("tabindex") == "0"
    assert hint.is_visible()
    # The last column is in reach by scrolling the box, with the keyboard too.
    last = column(page.get_by_role("table", name=name, exact=True), coach.text("Last activity"))
    assert check_reachable(last[0]) == "by scrolling its box"
    box.evaluate("box => { box.scrollLeft = 0; }")
    box.focus()
    check_focus_visible(page)
    page.keyboard.press("ArrowRight")
    page.wait_for_function("box => box.scrollLeft > 0", arg=box.element_handle())
    save_screenshot(page, "table-caseload-390-nl")


def test_each_handover_and_its_note_show_on_a_phone(browse):
    """The coach's list of people handed over: the note, the longest value, was a
    column a few letters wide at the table's far edge."""
    coach = browse("coach", "nl", width=PHONE)
    page = coach.page
    coach.goto("/candidates/")
    no_sideways_scrolling(page)
    table = page.get_by_role(
        "table", name=coach.text("You no longer see these profiles. The new coach does."))
    notes = column(table, coach.text("Note"))
    assert notes, "the demo coach handed over nobody"
    for cell in notes:
        assert check_reachable(cell) == "on screen"
        assert cell.inner_text().startswith(coach.text("Note"))
    save_screenshot(page, "table-handovers-390-nl")


@pytest.mark.parametrize("width", [PHONE, 1280])
def test_each_change_of_an_opportunity_is_a_labelled_block_on_a_phone(width, browse,
                                                                      live_server):
    opportunity_id = demo_opportunity_with_changes(live_server)
    employer = browse("employer", "nl", width=width)
    page = employer.page
    employer.goto(f"/opportunities/{opportunity_id}/history")
    no_sideways_scrolling(page)
    # The newest entry: the employer's change of the title and the description.
    table = page.get_by_role("table", name=employer.text("What changed")).first
    fields = [th.inner_text() for th in table.locator("tbody th").all()]
    assert sorted(fields) == sorted([employer.text("Title"), employer.text("Description")])
    cells = [(cell, header) for header in ("Before", "After")
             for cell in column(table, employer.text(header))]
    for cell, header in cells:
        assert check_reachable(cell) == "on screen"
        # On a phone each value says whether it is the one before or after.
        labelled = cell.inner_text().startswith(employer.text(header))
        assert labelled == (width == PHONE), cell.inner_text()
    assert NEW_DESCRIPTION in table.inner_text()
    check_page(page, "nl")  # axe-core and the language check, at both widths
    save_screenshot(page, f"table-opportunity-history-{width}-nl")


def demo_candidate_with_a_long_change(live_server) -> int:
    """A person in the demo coach's caseload whose profile the coach changed in many
    fields at once (through the operations, as the form does): a long "Wat"."""
    from datetime import date

    from flask_login import login_user

    from tests.factories import change_candidate, make_candidate

    with live_server.app.test_request_context(base_url=live_server.url):
        coach = DemoData(live_server.app, live_server.url)["users"]["coach_a"]
        login_user(coach)  # the change is the coach's, as on the profile form
        candidate = make_candidate(coach, pseudonym="Hewan", consent=True)
        change_candidate(
            candidate, hours_per_week=24, max_commute_km=15, driving_licence=True,
            available_from=date(2026, 9, 1), coach_note="Belt liever na vier uur.",
            phone="0470 12 34 56", commit=True)
        return candidate.id


@pytest.mark.parametrize("width", [PHONE, 1280])
@pytest.mark.parametrize("where", ["profile", "history"])
def test_each_line_of_a_candidates_history_is_a_labelled_block_on_a_phone(
        where, width, browse, live_server):
    candidate_id = demo_candidate_with_a_long_change(live_server)
    coach = browse("coach", "nl", width=width)
    page = coach.page
    coach.goto(f"/candidates/{candidate_id}" + ("/history" if where == "history" else ""))
    no_sideways_scrolling(page)
    table = page.locator("table:has(caption#history-caption)")
    # Still a table for screen readers, named by its caption alone.
    name = table.locator("caption").evaluate("c => c.firstChild.textContent.trim()")
    assert page.get_by_role("table", name=name, exact=True).count() == 1
    whats = column(table, coach.text("What"))
    assert len(whats) == 3  # changed, consent recorded, created
    assert coach.text("Phone number") in whats[0].inner_text()
    for header in ("Who", "What"):
        for cell in column(table, header=coach.text(header)):
            assert check_reachable(cell) == "on screen"
            # On a phone each value says which column it is in; at 1280 px the header.
            labelled = cell.inner_text().startswith(coach.text(header))
            assert labelled == (width == PHONE), cell.inner_text()
    if width == 1280:  # a normal table: its header row shows, its lines are rows
        assert table.locator("thead").is_visible()
        assert table.evaluate("t => getComputedStyle(t).display") == "table"
    check_page(page, "nl")  # axe-core and the language check, at both widths
    table.scroll_into_view_if_needed()
    save_screenshot(page, f"table-candidate-{where}-{width}-nl")
