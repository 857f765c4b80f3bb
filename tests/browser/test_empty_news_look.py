"""A new coach's home, in Dutch, on a phone (390 px) and a desktop (1280 px): nothing
waits and nothing is new, so the news says what would be there (a placed person still
in a try-out too) and that a freed try-out seat comes by e-mail. The page is checked
(accessibility, language, layout) and photographed
(test-artifacts/screenshots/empty-news-<width>.png).

The coach is made through the factories on the server's database, as the history
journey makes its person, and logs in through the real form."""

from __future__ import annotations

import pytest

from tests.browser.checks import check_layout, save_screenshot
from tests.browser.conftest import log_in
from tests.browser.pages import DemoData
from tests.browser.visitor import Visitor
from tests.factories import TEST_PASSWORD, make_user


@pytest.mark.parametrize("width", [390, 1280])
def test_a_new_coach_reads_what_their_news_would_hold(width, new_context, live_server):
    with live_server.app.test_request_context(base_url=live_server.url):
        data = DemoData(live_server.app, live_server.url)
        coach = make_user(data["organisations"]["partner_a"], role="coach",
                          email=f"nieuwe.coach.{width}@werkbrug.demo", commit=True)
        email = coach.email
    page = new_context(width=width).new_page()
    log_in(page, email, TEST_PASSWORD)
    visitor = Visitor(page, "nl", "coach")
    visitor.check()
    waiting = page.get_by_role("region", name=visitor.text("What waits for you"))
    assert visitor.text("Nothing waits for you now. Here you will see:") in waiting.inner_text()
    items = waiting.get_by_role("listitem")
    assert items.count() == 4
    assert items.nth(3).inner_text() == visitor.text(
        "someone who is at work but still has a seat in a try-out, or a place on its "
        "waiting list")
    check_layout(page)
    save_screenshot(page, f"empty-news-{width}")
    visitor.assert_all_checked()
