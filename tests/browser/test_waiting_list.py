"""The employer's waiting list fits a phone: at 390 px nothing scrolls sideways, neither
the page nor the table in its own box. Each row becomes a block headed by the
candidate's name (the link to answer), with every other column as a labelled line; the
table stays a table for screen readers (roles in Chromium's accessibility tree). At
1280 px it is an ordinary table. Screenshots: test-artifacts/screenshots/
waiting-390-nl.png and waiting-1280-nl.png.
"""

from __future__ import annotations

from tests.browser.checks import check_layout, save_screenshot
from tests.browser.journeys import seed_proposal

#: A long title, as employers write them, in the middle column.
TITLE = "Magazijnmedewerker ontvangst en verzending nachtploeg Antwerpen-Noord"

#: Whatever scrolls sideways: the page, or an element in its own scrolling box.
SIDEWAYS = """() => {
    const doc = document.documentElement;
    const boxes = [...document.querySelectorAll('main *')].filter((el) =>
        ['auto', 'scroll'].includes(getComputedStyle(el).overflowX)
        && el.scrollWidth > el.clientWidth + 1);
    return {page: [doc.scrollWidth, doc.clientWidth],
            boxes: boxes.map((el) => `${el.tagName} ${el.scrollWidth}px in ${el.clientWidth}px`)};
}"""


def table_roles(page) -> set[str]:
    """The roles in Chromium's accessibility tree (what a screen reader gets)."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    session.detach()
    return {node["role"]["value"] for node in nodes if not node.get("ignored")}


def test_the_waiting_list_fits_a_phone_without_sideways_scrolling(browse, live_server):
    seeded = seed_proposal(live_server, TITLE)
    employer = browse("employer", "nl", width=390)
    page = employer.page
    employer.goto("/proposals/waiting")

    sideways = page.evaluate(SIDEWAYS)
    scroll_width, client_width = sideways["page"]
    assert scroll_width <= client_width, f"the page is {scroll_width}px in {client_width}px"
    assert sideways["boxes"] == []
    check_layout(page)
    save_screenshot(page, "waiting-390-nl")

    # Nothing is lost: the row of the seeded proposal shows every column, labelled.
    row = page.get_by_role("row").filter(has_text=seeded.pseudonym).filter(has_text=TITLE)
    answer = row.get_by_role("link", name=f"{employer.text('Answer')} {seeded.pseudonym}")
    assert answer.is_visible()
    lines = row.inner_text()
    for heading in ("Opportunity", "Proposed on", "Waiting for"):
        assert employer.text(heading) in lines
    # The name comes first, on top of its block: the answer is what the row is for.
    name_box = answer.bounding_box()
    title_box = row.get_by_role("link", name=TITLE).bounding_box()
    assert name_box["y"] + name_box["height"] <= title_box["y"]
    # Still a table with its headers for screen readers; the visible labels are not
    # read twice.
    assert {"table", "columnheader", "rowheader", "cell"} <= table_roles(page)
    assert row.locator(".cell-label").first.get_attribute("aria-hidden") == "true"

    # On a wide screen it is a table with its column headers on top.
    page.set_viewport_size({"width": 1280, "height": 900})
    check_layout(page)
    assert page.get_by_role("columnheader", name=employer.text("Waiting for")).is_visible()
    assert not row.locator(".cell-label").first.is_visible()
    save_screenshot(page, "waiting-1280-nl")
    with employer.navigates():
        answer.get_by_text(seeded.pseudonym, exact=True).click()
    assert seeded.pseudonym in page.get_by_role("heading", level=1).inner_text()
