"""The interview form shows only the field that fits "Where": the address for an
interview at an address, the link for an online one. Hidden means hidden for everyone:
not in the accessibility tree and not reached with Tab. What was typed in the other
field stays in it (a refused form gives it back as it was) and is not saved: the
invitation shows only the chosen one. Without JavaScript both fields show, each with its
hint, and the server ignores the one not chosen (tests/browser/test_without_javascript.py).
"""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from tests.browser.journeys import place_fields, seed_proposal

TITLE = "Magazijnier nachtploeg Zwijndrecht"
ADDRESS = "Kerkstraat 1, 2060 Antwerpen"
LINK = "https://meet.example.org/werkbrug-gesprek"


def focused_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def test_the_interview_form_shows_only_the_field_of_the_chosen_place(browse, live_server):
    seeded = seed_proposal(live_server, TITLE)
    employer = browse("employer", "nl")
    page = employer.page
    employer.goto(f"/proposals/{seeded.proposal_id}/answer")
    form = page.locator("main form")
    # Role queries leave out what is hidden from screen readers, so a count of 0 means
    # really hidden, not only out of sight.
    address, link = place_fields(employer, form)
    where = form.get_by_role("group", name=employer.text("Where"), exact=True)
    at_an_address = where.get_by_role("radio", name=employer.text("At an address"), exact=True)
    online = where.get_by_role("radio", name=employer.text("Online"), exact=True)

    form.get_by_label(employer.text("Invite to an interview"), exact=True).check()
    # The radio group has its legend; with no choice made neither field shows.
    expect(where).to_be_visible()
    assert not at_an_address.is_checked() and not online.is_checked()
    expect(address).to_have_count(0)
    expect(link).to_have_count(0)

    # At an address: the address field, right after the choice in the tab order.
    at_an_address.check()
    expect(address).to_be_visible()
    expect(link).to_have_count(0)
    at_an_address.focus()
    page.keyboard.press("Tab")
    assert focused_id(page) == "place"
    page.keyboard.type(ADDRESS)
    employer.check()

    # Back to the choice with the keyboard, and online: the link field instead.
    page.keyboard.press("Shift+Tab")
    assert focused_id(page) == at_an_address.get_attribute("id")
    page.keyboard.press("ArrowRight")
    assert online.is_checked()
    expect(link).to_be_visible()
    expect(address).to_have_count(0)
    page.keyboard.press("Tab")
    assert focused_id(page) == "online_url"
    page.keyboard.type(LINK)
    employer.check()

    # A bad time: the form comes back with online chosen, the link shown and the
    # address hidden but kept as it was typed.
    day = seeded.today + timedelta(days=8)
    form.get_by_label(employer.text("Date of the interview"), exact=True).fill(day.isoformat())
    form.get_by_label(employer.text("Start time"), exact=True).fill("10:00")
    form.get_by_label(employer.text("End time"), exact=True).fill("09:00")
    with employer.navigates():
        form.get_by_role("button", name=employer.text("Save the answer")).click()
    assert employer.text("The end must be after the start.") in page.locator(
        "#ends_at-error").inner_text()
    assert online.is_checked()
    expect(link).to_have_value(LINK)
    expect(address).to_have_count(0)
    assert page.locator("#place").input_value() == ADDRESS

    form.get_by_label(employer.text("End time"), exact=True).fill("11:00")
    with employer.navigates():
        form.get_by_role("button", name=employer.text("Save the answer")).click()
    assert page.locator(".flash").inner_text() == employer.text(
        "Answer saved. The coach has been told.")

    # The invitation is online only: the address typed on the way was not saved.
    employer.goto(f"/proposals/{seeded.proposal_id}/answer")
    planned = page.get_by_role("region", name=employer.text("Planned interview"))
    assert LINK in planned.inner_text() and ADDRESS not in planned.inner_text()
    with employer.navigates():
        planned.get_by_role("link", name=employer.text("Change the interview")).click()
    change = page.locator("main form")
    assert change.get_by_role("radio", name=employer.text("Online"), exact=True).is_checked()
    expect(change.get_by_role("textbox", name=employer.text("Link to the online meeting"),
                              exact=True)).to_have_value(LINK)
    expect(change.get_by_role("textbox", name=employer.text("Address"), exact=True)
           ).to_have_count(0)
    assert change.locator("#place").input_value() == ""
