"""Journey 3, second half, in Dutch and in English: a coach finds the port's forklift
job, opens its suggested candidates, reads why their own candidate is suggested and
proposes them with a motivation, after confirming the candidate agreed. The proposal's
page says it came from the suggestions, at the place it was shown."""

from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace.db_types import local_today
from tests.browser.journeys import open_menu

JOB = "Heftruckchauffeur dagploeg"  # a demo job of Scheldepoort Logistics (data: Dutch)
MOTIVATION = {
    "nl": "Wil graag heftruck rijden en is sterk in ploegwerk.",
    "en": "Keen to drive a forklift and good at working in a team.",
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_coach_proposes_a_suggested_candidate(lang, browse):
    coach = browse("coach", lang)
    page = coach.page
    open_menu(coach, "Find opportunities")
    filters = page.get_by_role("search")
    filters.get_by_label(coach.text("Search in title and description"), exact=True).fill(JOB)
    with coach.navigates():
        filters.get_by_role("button", name=coach.text("Search"), exact=True).click()
    with coach.navigates():
        page.locator(".opportunity-result").get_by_role("link", name=JOB, exact=True).first.click()
    with coach.navigates():
        page.locator("main").get_by_role(
            "link", name=coach.text("Suggested candidates"), exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == coach.text(
        "Suggestions for %(title)s", title=JOB)

    # The first suggestion from the coach's own caseload: a mark per requirement, a
    # symbol and a word; its reasons are sentences, opened on request.
    suggested = page.get_by_role("region", name=coach.text("Suggested candidates"))
    own = suggested.locator(".match").filter(has_text=coach.text("(your caseload)")).first
    marks = own.get_by_role("list", name=coach.text("Requirements")).get_by_role("listitem")
    assert coach.text("Dutch") in marks.first.inner_text()
    assert marks.first.inner_text()[0] in "✓~✗?"
    reasons = own.locator(".match__reasons li")
    assert not reasons.first.is_visible()
    summary = own.locator(".match__why summary")
    assert summary.inner_text().startswith(coach.text("Explanation"))
    summary.click()
    assert reasons.first.is_visible() and reasons.count() >= 2
    coach.check()  # the opened explanation too
    assert own.locator(".fit").inner_text() in {
        coach.text("Strong fit"), coach.text("Good fit"), coach.text("Possible fit")}
    name = own.locator("h3 [translate=no]").first.inner_text()
    place = own.locator("h3 .visually-hidden").first.inner_text()
    with coach.navigates():
        own.get_by_role("link", name=coach.text("Propose"), exact=False).first.click()

    # The propose form has the job chosen already.
    form = page.locator("main form")
    chosen = form.get_by_label(coach.text("Opportunity"), exact=True)
    assert JOB in chosen.locator("option:checked").inner_text()
    form.get_by_label(coach.text("Why this person fits (for the organisation)"),
                      exact=True).fill(MOTIVATION[lang])
    form.get_by_label(coach.text("The candidate agreed to be put forward to this organisation"),
                      exact=True).check()
    form.get_by_label(coach.text("Date the candidate agreed"), exact=True).fill(
        (local_today() - timedelta(days=1)).isoformat())
    with coach.navigates():
        form.get_by_role("button", name=coach.text("Propose"), exact=True).click()
    assert page.locator(".flash").inner_text() == coach.text(
        "Proposed. The employer has been told; you will hear when they answer.")

    # The proposal's own page (the job's title in the list leads there; the person's
    # name leads to their profile): its state and where it came from.
    row = page.locator("main tr", has=page.get_by_role("link", name=name, exact=True))
    with coach.navigates():
        row.get_by_role("link", name=JOB).first.click()
    facts = page.locator("main .facts")
    assert coach.text("Proposed") in facts.inner_text()
    rank = int("".join(ch for ch in place if ch.isdigit()))
    assert coach.text("the suggestions, at place %(rank)d", rank=rank) in facts.inner_text()
