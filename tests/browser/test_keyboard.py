"""Journey 6: the keyboard only. A person who uses no mouse logs in as admin, switches
to English and invites a user, with Tab, Shift+Tab, Enter, Space, arrows and typing. At
every step the focused element shows a visible focus indicator."""

from __future__ import annotations

from urllib.parse import urlsplit

from marketplace.demo.accounts import DEMO_PASSWORD
from tests.browser.checks import check_focus_visible
from tests.browser.conftest import DEMO_EMAIL
from tests.browser.visitor import Visitor

MAX_TABS = 40


def is_focused(locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def tab_to(visitor: Visitor, target, *, backwards: bool = False) -> list[str]:
    """Press Tab (Shift+Tab backwards) until ``target`` has focus, checking the focus
    indicator at every step. Returns the elements passed on the way."""
    key = "Shift+Tab" if backwards else "Tab"
    passed = []
    for _ in range(MAX_TABS):
        visitor.page.keyboard.press(key)
        passed.append(check_focus_visible(visitor.page))
        if is_focused(target):
            return passed
    raise AssertionError(f"{key} never reached {target} on {visitor.page.url}; passed {passed}")


def choose_with_arrows(visitor: Visitor, select, label: str) -> None:
    """Pick an option of a focused <select> with the arrow keys."""
    for _ in range(MAX_TABS):
        if select.evaluate("el => el.options[el.selectedIndex].text") == label:
            return
        visitor.page.keyboard.press("ArrowDown")
        check_focus_visible(visitor.page)
    raise AssertionError(f"{label!r} not reached with the arrow keys")


def test_keyboard_only_login_language_switch_and_invitation(browse):
    browse("admin", "nl")  # the demo admin reads Dutch, as saved through the site
    visitor = browse(None, "nl")
    page = visitor.page

    # The first Tab reaches the skip link, shown while it has focus.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=visitor.text("Skip to main content"))
    assert is_focused(skip)
    check_focus_visible(page)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null"), (
        "after the skip link, Tab goes into the main content"
    )
    check_focus_visible(page)

    login = page.locator("main").get_by_role("link", name=visitor.text("Log in"))
    if not is_focused(login):
        tab_to(visitor, login)
    with visitor.navigates():
        page.keyboard.press("Enter")
    tab_to(visitor, page.get_by_label(visitor.text("E-mail address"), exact=True))
    page.keyboard.type(DEMO_EMAIL["admin"])
    tab_to(visitor, page.get_by_label(visitor.text("Password"), exact=True))
    page.keyboard.type(DEMO_PASSWORD)
    with visitor.navigates():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/start"

    # The language switch, near the top; Enter switches to English.
    tab_to(visitor, page.locator("form.language-switch button"))
    visitor.lang = "en"
    with visitor.navigates():
        page.keyboard.press("Enter")

    menu = page.get_by_role("navigation", name=visitor.text("Main menu"))
    tab_to(visitor, menu.get_by_role("link", name=visitor.text("Users"), exact=True))
    with visitor.navigates():
        page.keyboard.press("Enter")
    tab_to(visitor, page.get_by_role("link", name=visitor.text("Invite a user")))
    with visitor.navigates():
        page.keyboard.press("Enter")

    tab_to(visitor, page.get_by_label(visitor.text("E-mail address"), exact=True))
    page.keyboard.type("amira.haddad@bakkerij.example")
    tab_to(visitor, page.get_by_label(visitor.text("Name"), exact=True))
    page.keyboard.type("Amira Haddad")
    organisation = page.get_by_label(visitor.text("Organisation"), exact=True)
    tab_to(visitor, organisation)
    choose_with_arrows(visitor, organisation, "Bakkerij De Zuidpool")
    role = page.get_by_label(visitor.text("Role"), exact=True)
    tab_to(visitor, role)
    choose_with_arrows(visitor, role, visitor.text("Employer"))

    # Past the button to Cancel, back with Shift+Tab, and Space sends the form.
    send = page.get_by_role("button", name=visitor.text("Send invitation"))
    tab_to(visitor, page.locator("main").get_by_role("link", name=visitor.text("Cancel")))
    tab_to(visitor, send, backwards=True)
    with visitor.navigates():
        page.keyboard.press("Space")
    assert page.locator(".flash").inner_text() == visitor.text(
        "Invitation sent to %(email)s.", email="amira.haddad@bakkerij.example"
    )
