"""A candidate's history on a phone (390 px), in Dutch and in English: a coach opens the
profile of a person whose profile was saved many times. The profile shows the ten
newest lines, says how many there are in all and links to the whole history; the coach
follows the link, reads the newest lines, pages to the oldest ones (the profile made,
consent recorded) and goes back to the profile. Both pages are photographed with the
layout check (test-artifacts/screenshots/history-profile-390-<lang>.png and
history-390-<lang>.png).

The person and the saves are made through the operations on the server's database, as
the demo coach would have made them (so the history names them), as journey 4 makes
its proposal.
"""

from __future__ import annotations

import pytest

from marketplace.candidates.routes import HISTORY_ON_PROFILE, HISTORY_PER_PAGE
from tests.browser.checks import check_layout, save_screenshot
from tests.browser.pages import DemoData

PSEUDONYMS = {"nl": "Meron", "en": "Tesfay"}
#: Lines in all: the profile made, consent recorded and the changes, over two pages.
LINES = HISTORY_PER_PAGE + 8
NOTE = "Belt liever na vier uur."


def seed_saved_person(live_server, pseudonym: str) -> int:
    """A person in the demo coach's caseload with consent, whose hours per week the coach
    changed many times and then their note: ``LINES`` lines of history."""
    from flask_login import login_user

    from tests.factories import change_candidate, make_candidate

    with live_server.app.test_request_context(base_url=live_server.url):
        coach = DemoData(live_server.app, live_server.url)["users"]["coach_a"]
        login_user(coach)  # the saves are the coach's, as on the profile form
        candidate = make_candidate(coach, pseudonym=pseudonym, consent=True)
        for number in range(LINES - 3):
            change_candidate(candidate, hours_per_week=20 + number % 2)
        change_candidate(candidate, coach_note=NOTE, commit=True)
        return candidate.id


def _rows(table) -> list[str]:
    return [row.inner_text() for row in table.locator("tbody tr").all()]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_coach_reads_the_newest_changes_and_then_the_whole_history(lang, browse, live_server):
    pseudonym = PSEUDONYMS[lang]
    candidate_id = seed_saved_person(live_server, pseudonym)
    coach = browse("coach", lang, width=390)
    page = coach.page
    coach.goto(f"/candidates/{candidate_id}")
    changed_note = f"{coach.text('Profile changed')}: {coach.text('Note for yourself')}"
    changed_hours = f"{coach.text('Profile changed')}: {coach.text('Hours per week')}"

    # The profile: the ten newest lines, how many there are, and the way to the rest.
    history = page.get_by_role("region", name=coach.text("History"))
    assert coach.text("You see the %(shown)d most recent of the %(total)d changes.",
                      shown=HISTORY_ON_PROFILE, total=LINES) in history.inner_text()
    rows = _rows(history.get_by_role("table", name=coach.text("Changes, newest first")))
    assert len(rows) == HISTORY_ON_PROFILE
    assert changed_note in rows[0] and changed_hours in rows[1]
    assert coach.text("Profile created") not in history.inner_text()
    history.scroll_into_view_if_needed()
    check_layout(page)
    assert save_screenshot(page, f"history-profile-390-{lang}").stat().st_size > 0

    with coach.navigates():
        history.get_by_role("link", name=coach.text("Show the whole history")).click()
    assert page.get_by_role("heading", level=1).inner_text() == coach.text(
        "History of %(name)s", name=pseudonym)
    assert page.title() == f"{coach.text('History of %(name)s', name=pseudonym)} · Werkbrug"
    caption = coach.plural_text("%(num)d change, newest first", "%(num)d changes, newest first",
                                LINES)
    rows = _rows(page.get_by_role("table", name=caption))
    assert len(rows) == HISTORY_PER_PAGE
    assert changed_note in rows[0] and all(changed_hours in row for row in rows[1:])
    check_layout(page)
    assert save_screenshot(page, f"history-390-{lang}").stat().st_size > 0

    # The oldest lines are on the next page.
    with coach.navigates():
        page.get_by_role("navigation", name=coach.text("Pages")).get_by_role(
            "link", name=coach.text("Next")).click()
    rows = _rows(page.get_by_role("table", name=caption))
    assert len(rows) == LINES - HISTORY_PER_PAGE
    assert coach.text("Consent recorded") in rows[-2]
    assert coach.text("Profile created") in rows[-1]
    check_layout(page)

    with coach.navigates():
        page.get_by_role("link", name=coach.text("Back to the profile")).click()
    assert page.get_by_role("heading", level=1).inner_text() == pseudonym
