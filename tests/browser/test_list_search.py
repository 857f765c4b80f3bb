"""The propose form's long list of opportunities can be searched as you type, in Dutch
and in English: the box hides what does not match, says how many match, and Enter
chooses the first match. Without JavaScript the box stays hidden and the plain list
works (``test_without_javascript.py`` sends the form that way)."""

from __future__ import annotations

import pytest

from tests.browser.pages import DemoData


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_coach_finds_an_opportunity_by_typing_part_of_it(lang, browse, live_server):
    with live_server.app.test_request_context(base_url=live_server.url):
        candidate_id = DemoData(live_server.app, live_server.url)["candidate_id"]
    coach = browse("coach", lang)
    page = coach.page
    coach.goto(f"/proposals/candidates/{candidate_id}/propose")
    select = page.locator("select#opportunity")
    total = select.locator("option").count() - 1  # less the "choose" line
    first_title = select.locator("option").nth(1).inner_text().split(" · ")[0]

    search = page.get_by_label(coach.text("Search an opportunity: title, organisation or postcode"))
    search.fill(first_title.upper())  # case does not matter
    visible = select.locator("option:not([hidden])")
    shown = visible.count() - 1
    assert 1 <= shown < total
    for index in range(1, visible.count()):
        assert first_title.lower() in visible.nth(index).inner_text().lower()
    count_text = coach.text(
        "%(shown)s of %(total)s opportunities match. Choose one in the list below.",
        shown="{shown}", total="{total}",
    ).format(shown=shown, total=total)
    assert page.locator("#opportunity-search-count").inner_text() == count_text

    search.press("Enter")
    chosen = select.evaluate("s => s.options[s.selectedIndex].text")
    assert chosen.startswith(first_title)
    assert page.url.endswith("/propose")  # Enter chose; it did not send the form
    coach.check()

    search.fill("zzzz-nothing-like-it")
    assert visible.count() == 1  # only "choose an opportunity" is left
