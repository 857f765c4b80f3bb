"""Every page each role can open, in Dutch and in English: accessible and in one language.

The list of pages comes from the app's routes and the access matrix (see pages.py), so
a new page is covered as soon as it is in the matrix. Dutch pages are checked in a
desktop window and English pages in a phone-sized one, so every page's layout is
checked at both widths too.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.checks import check_layout
from tests.browser.conftest import ROLES, WIDTHS
from tests.browser.pages import pages_for

LANGUAGE_WIDTHS = {"nl": WIDTHS["desktop"], "en": WIDTHS["phone"]}


def _is_document(response) -> bool:
    """A full HTML page, not a stylesheet, JSON or an htmx fragment."""
    if "text/html" not in (response.header_value("content-type") or ""):
        return False
    return response.text().lstrip()[:15].lower() == "<!doctype html>"


def _open(page, url: str) -> tuple[int, bool]:
    """Open ``url`` in the page: its status, and whether it is a page for a person.

    A file sent as an attachment (the JSON export) starts a download instead of a
    page, and Playwright refuses such a navigation; it is fetched again with the
    context's cookies to check its answer.
    """
    try:
        response = page.goto(url)
    except PlaywrightError as error:
        if "Download is starting" not in error.message:
            raise
        download = page.context.request.get(url)
        disposition = download.headers.get("content-disposition", "")
        assert disposition.startswith("attachment"), f"{url}: a download without attachment"
        return download.status, False
    assert response is not None, f"{url}: no response"
    return response.status, _is_document(response)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_the_role_is_accessible_and_in_one_language(
    role, lang, browse, live_server
):
    visitor = browse(role, lang, width=LANGUAGE_WIDTHS[lang], accessibility=True)
    pages = pages_for(role, live_server.app, live_server.url)
    checked = []
    for page in pages:
        status, is_document = _open(visitor.page, page.url)
        assert status == page.status, f"{page.url} as {role}: {status}, expected {page.status}"
        if not is_document:
            visitor.unchecked.clear()  # a file or a fragment: nothing for a person to read
            continue
        visitor.check()
        check_layout(visitor.page)
        checked.append(page.url)
    assert checked, f"no page checked for {role}"
