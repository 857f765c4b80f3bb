"""Journey 4, in Dutch and in English: an employer reads a coach's proposal, invites the
candidate to an interview with a date, times and an address, then marks them hired;
that fills the last place, so the site asks whether to mark the opportunity filled,
and the employer does. The coach then sees "hired" in their proposals, with the
history of the answers, and opens the person's profile from there: the hire placed the
person, and the coach undoes that (the job ended), then finds the hire in the news of
the last 14 days.

Journey 4b: the employer answers from the waiting list, sees how the candidate fits and
whom to call (the coach), and invites with a time and place; the admin opens the coach's
mail in the outbox and downloads its calendar file; the coach finds the interview, with
its time and place, on their home page. The answer page is photographed at
390 px in Dutch (test-artifacts/screenshots/answer-390-nl.png).

The proposal itself is seeded through the operations (an opportunity with one place,
published, and the demo coach's proposal for it): the coach's side of proposing is not
what this journey is about, and it keeps the journey short.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from marketplace.demo.accounts import USERS
from tests.browser.checks import check_layout, save_screenshot
from tests.browser.conftest import DEMO_EMAIL
from tests.browser.journeys import MOTIVATION, fill_invitation, open_menu, seed_proposal

#: The opportunity seeded for each language: what the employer wrote.
TITLES = {
    "nl": "Heftruckchauffeur dagploeg Kallo",
    "en": "Forklift driver day shift Kallo",
}
#: The opportunity of journey 4b, answered from the waiting list.
WAITING_TITLES = {
    "nl": "Orderpicker vroege ploeg Hoboken",
    "en": "Order picker early shift Hoboken",
}
PLACE = "Scheldepoort Logistics, Noorderlaan 100, 2030 Antwerpen"
EMPLOYER_NAME = next(user.name for user in USERS if user.email == DEMO_EMAIL["employer"])
COACH_NAME = next(user.name for user in USERS if user.email == DEMO_EMAIL["coach"])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_employer_invites_and_hires_a_proposed_candidate_and_the_coach_sees_it(
    lang, browse, live_server
):
    seeded = seed_proposal(live_server, TITLES[lang])
    employer = browse("employer", lang)
    page = employer.page

    # The list of opportunities says there is a proposal and leads to it.
    open_menu(employer, "Your opportunities")
    row = page.get_by_role("row").filter(has_text=seeded.title)
    proposed = employer.text("Proposed")
    with employer.navigates():
        row.get_by_role("link", name=f"{proposed}: 1").click()
    assert page.get_by_role("heading", level=1).inner_text() == employer.text(
        "Proposed candidates for %(title)s", title=seeded.title
    )
    card = page.get_by_role("region", name=seeded.pseudonym)
    assert MOTIVATION in card.inner_text()
    assert COACH_NAME in card.inner_text()

    # Invite to an interview next week.
    interview_on = seeded.today + timedelta(days=7)
    with employer.navigates():
        card.get_by_role("link", name=f"{employer.text('Answer')} {seeded.pseudonym}").click()
    form = page.locator("main form")
    fill_invitation(employer, form, interview_on, PLACE)
    with employer.navigates():
        form.get_by_role("button", name=employer.text("Save the answer")).click()
    assert page.locator(".flash").inner_text() == employer.text(
        "Answer saved. The coach has been told."
    )
    card = page.get_by_role("region", name=seeded.pseudonym)
    assert employer.text("Invited to an interview") in card.inner_text()
    assert page.get_by_role("region", name=employer.text("All places are filled")).count() == 0

    # After the interview: hired. That fills the only place, and the site asks.
    with employer.navigates():
        card.get_by_role("link", name=f"{employer.text('Answer')} {seeded.pseudonym}").click()
    form = page.locator("main form")
    form.get_by_label(employer.text("Hired"), exact=True).check()
    with employer.navigates():
        form.get_by_role("button", name=employer.text("Save the answer")).click()
    card = page.get_by_role("region", name=seeded.pseudonym)
    assert employer.text("Hired") in card.inner_text()
    assert card.get_by_role("link", name=employer.text("Answer")).count() == 0  # final
    assert page.locator("main .lead").inner_text() == employer.text("The place is taken")
    question = page.get_by_role("region", name=employer.text("All places are filled"))
    with employer.navigates():
        question.get_by_role("button", name=employer.text("Mark as filled")).click()
    assert page.locator(".flash").inner_text() == employer.text(
        "Marked as filled. Coaches no longer see it."
    )
    assert page.locator("main .status-tag").first.inner_text() == employer.text("Filled")

    # The coach follows their proposals: hired, and who answered what.
    coach = browse("coach", lang)
    open_menu(coach, "Your proposals")
    row = coach.page.get_by_role("row").filter(has_text=seeded.title)
    assert seeded.pseudonym in row.inner_text()
    # The person heads the row (its row header); then opportunity, employer, state, history.
    cells = row.get_by_role("cell")
    state = cells.nth(2).inner_text()
    assert state.splitlines()[0] == coach.text("Hired")
    history = [item.inner_text() for item in cells.nth(3).get_by_role("listitem").all()]
    assert [entry.split(": ", 1)[1] for entry in history] == [
        f"{coach.text('Proposed')} ({COACH_NAME})",
        f"{coach.text('Invited to an interview')} ({EMPLOYER_NAME})",
        f"{coach.text('Hired')} ({EMPLOYER_NAME})",
    ]
    # From there to the person's profile, to plan what comes next with them.
    with coach.navigates():
        row.get_by_role("rowheader").get_by_role("link", name=seeded.pseudonym).click()
    assert coach.page.get_by_role("heading", level=1).inner_text() == seeded.pseudonym

    # The hire placed the person. The job ended: the coach puts them back.
    profile = coach.page.locator("main")
    assert coach.text("Placed in work") in profile.locator(".lead").inner_text()
    with coach.navigates():
        profile.get_by_role("button", name=coach.text("Undo placed: back to job-seeking")).click()
    assert coach.page.locator(".flash").inner_text() == coach.text(
        "%(name)s is no longer placed and can be suggested and proposed again.",
        name=seeded.pseudonym)
    assert coach.text("Placed in work") not in coach.page.locator("main .lead").inner_text()
    history = coach.page.get_by_role("table", name=coach.text("Changes, newest first")).inner_text()
    assert coach.text("Placed: hired by an employer") in history
    assert coach.text("Placement undone") in history

    # The home page counted the hire as seen at login; the last 14 days keep it.
    open_menu(coach, "Home")
    with coach.navigates():
        coach.page.get_by_role("link", name=coach.text(
            "Show the news of the last %(num)d days", num=14)).click()
    answers = coach.page.get_by_role("region", name=coach.text("News"), exact=True)
    items = [item.inner_text() for item in answers.get_by_role("listitem").all()]
    assert coach.text(
        "%(employer)s hired %(candidate)s for %(title)s. The profile now says placed; you "
        "can undo that there.", employer=seeded.employer, candidate=seeded.pseudonym,
        title=seeded.title) in items

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_employer_invites_from_the_waiting_list_and_the_admin_finds_the_ics_in_the_outbox(
    lang, browse, live_server
):
    seeded = seed_proposal(live_server, WAITING_TITLES[lang])
    employer = browse("employer", lang)
    page = employer.page
    employer.goto("/proposals/waiting")
    row = page.get_by_role("row").filter(has_text=seeded.title)
    answer = row.get_by_role("link", name=f"{employer.text('Answer')} {seeded.pseudonym}")
    with employer.navigates():
        # On the name people see: the link's box also holds its visually hidden word.
        answer.get_by_text(seeded.pseudonym, exact=True).click()

    # How the candidate fits, and whom to call: the coach, never the candidate.
    fit = page.get_by_role("region", name=employer.text("How this person fits your requirements"))
    assert fit.get_by_role("listitem").count() >= 3
    contact = page.get_by_role("region", name=employer.text("Contact the coach"))
    assert COACH_NAME in contact.inner_text()
    assert DEMO_EMAIL["coach"] in contact.inner_text()
    # A bad time first: the form says so and keeps the rest.
    form = page.locator("main form")
    day = seeded.today + timedelta(days=5)
    fill_invitation(employer, form, day, PLACE, start="14:00", end="13:00")
    with employer.navigates():
        form.get_by_role("button", name=employer.text("Save the answer")).click()
    assert employer.text("The end must be after the start.") in page.locator(
        "#ends_at-error").inner_text()
    assert page.get_by_label(employer.text("Address"), exact=True).input_value() == PLACE
    if lang == "nl":  # on a phone, with the fit, the coach's contact and the message
        page.set_viewport_size({"width": 390, "height": 844})
        check_layout(page)
        assert save_screenshot(page, "answer-390-nl").stat().st_size > 0
        page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label(employer.text("End time"), exact=True).fill("15:00")
    with employer.navigates():
        page.locator("main form").get_by_role(
            "button", name=employer.text("Save the answer")).click()
    assert page.locator(".flash").inner_text() == employer.text(
        "Answer saved. The coach has been told."
    )

    # The admin reads the coach's invitation in the outbox, with its calendar file.
    admin = browse("admin", lang)
    open_menu(admin, "Outbox")
    message_row = admin.page.get_by_role("row").filter(has_text=seeded.title).first
    assert DEMO_EMAIL["coach"] in message_row.inner_text()
    with admin.navigates():
        message_row.get_by_role("link").click()
    files = admin.page.get_by_role("region", name=admin.text("Attachments"))
    link = files.get_by_role("link").first
    assert link.inner_text().endswith(".ics")
    with admin.page.expect_download() as caught:
        link.click()
    calendar = Calendar.from_ical(Path(caught.value.path()).read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["LOCATION"]) == PLACE
    assert event["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert event.decoded("DTSTART").strftime("%Y-%m-%d %H:%M") == f"{day.isoformat()} 14:00"
    assert EMPLOYER_NAME in str(event["DESCRIPTION"])

    # The coach finds the interview, with its time and place, in what waits for them.
    coach = browse("coach", lang)
    coach.goto("/")
    waiting = coach.page.locator("section[aria-labelledby=waiting-heading]")
    interview = waiting.get_by_role("listitem").filter(has_text=seeded.title)
    assert PLACE in interview.inner_text()
    assert "14:00" in interview.inner_text() and seeded.pseudonym in interview.inner_text()
    coach.check()
