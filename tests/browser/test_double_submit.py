"""A form sent twice (a second click or tap while the next page loads) is sent once:
``werkbrug.js`` lets a POST form's first send through and ignores the next ones, and
marks its buttons busy for screen readers (``aria-disabled``, so the button's own name
and value still go with the form). A GET form (a search) is never held back."""

from __future__ import annotations

from tests.browser.pages import DemoData

#: Sends ``selector``'s form twice, as a double click would, and counts the sends that
#: went through (a listener after werkbrug.js's own; it stops the real navigation).
SEND_TWICE = """selector => {
  const form = document.querySelector(selector);
  let sent = 0;
  document.addEventListener("submit", (event) => {
    if (!event.defaultPrevented) sent += 1;
    event.preventDefault();
  });
  form.requestSubmit();
  form.requestSubmit();
  const busy = Array.from(form.querySelectorAll("button")).map(
    (button) => button.getAttribute("aria-disabled"));
  return {sent, busy};
}"""


def test_a_post_form_sent_twice_goes_once_and_says_it_is_busy(browse, live_server):
    with live_server.app.test_request_context(base_url=live_server.url):
        opportunity_id = DemoData(live_server.app, live_server.url)["opportunity"].id
    employer = browse("employer", "nl")
    employer.goto(f"/opportunities/{opportunity_id}")
    result = employer.page.evaluate(
        SEND_TWICE, f"form[action$='/opportunities/{opportunity_id}/duplicate']")
    assert result == {"sent": 1, "busy": ["true"]}


def test_a_search_form_is_never_held_back(browse):
    coach = browse("coach", "nl")
    coach.goto("/opportunities/browse")
    result = coach.page.evaluate(SEND_TWICE, "form[method=get]")
    assert result["sent"] == 2
