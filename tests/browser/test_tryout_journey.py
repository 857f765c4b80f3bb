"""Journey 7, in Dutch and in English: a coach enrols a candidate in a try-out
("Proeven van jobs") from the try-out's page. The first try forgets the candidate's
agreement and gets the message at the field; then the candidate is enrolled and the
profile lists the try-out with its status. The organiser (the employer) marks who came
to a session whose day has passed, in one form.

The try-out page, the enrolment form and the attendance form are photographed at
390 px (test-artifacts/screenshots/tryout-*-390-<lang>.png), with the layout check.
The try-outs are seeded through the operations on the server's database: a new one of
the demo employer for each language, and one whose day has passed with an enrolment.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from tests.browser.checks import check_layout, save_screenshot
from tests.browser.pages import DemoData

TITLES = {"nl": "Proeven van jobs: heftruck Kallo", "en": "Job try-out: forklift Kallo"}
PAST_TITLES = {"nl": "Proeven van jobs: orderpicken", "en": "Job try-out: order picking"}


@dataclass(frozen=True)
class Seeded:
    tryout_id: int
    candidate_id: int
    pseudonym: str
    past_tryout_id: int
    past_pseudonym: str


def seed(live_server, lang: str) -> Seeded:
    """Two try-outs of the demo employer: one in ten days, one whose day has passed
    with one of the demo coach's candidates enrolled; and a consenting candidate of
    the demo coach to enrol in the first."""
    from marketplace.candidates.models import Candidate
    from marketplace.extensions import db
    from marketplace.tryouts.models import TryoutEnrolment
    from tests.factories import make_enrolment, make_tryout, pass_tryout_day

    with live_server.app.test_request_context(base_url=live_server.url):
        demo = DemoData(live_server.app, live_server.url)
        coach = demo["users"]["coach_a"]
        organisation = demo["organisations"]["employer_a"]
        enrolled = select(TryoutEnrolment.candidate_id)
        free = db.session.scalars(
            select(Candidate).where(Candidate.coach_id == coach.id,
                                    Candidate.status == "active",
                                    Candidate.has_active_consent,
                                    Candidate.id.not_in(enrolled))
            .order_by(Candidate.id).limit(2)
        ).all()
        assert len(free) == 2, "the demo coach has no consenting candidates left"
        tryout = make_tryout(organisation, title=TITLES[lang], days_ahead=10, places=2)
        past = make_tryout(organisation, title=PAST_TITLES[lang], days_ahead=3)
        make_enrolment(coach, free[1], past)
        pass_tryout_day(past, days_ago=1)
        db.session.commit()
        return Seeded(tryout.id, free[0].id, free[0].pseudonym, past.id, free[1].pseudonym)


def _on_a_phone(visitor, name: str) -> None:
    page = visitor.page
    page.set_viewport_size({"width": 390, "height": 844})
    check_layout(page)
    assert save_screenshot(page, f"{name}-390-{visitor.lang}").stat().st_size > 0
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_coach_enrols_a_candidate_in_a_tryout_and_the_organiser_marks_who_came(
    lang, browse, live_server
):
    seeded = seed(live_server, lang)
    coach = browse("coach", lang)
    page = coach.page

    coach.goto(f"/opportunities/{seeded.tryout_id}")
    session = page.get_by_role("region", name=coach.text("The try-out session"))
    assert "09:00" in session.inner_text() and "12:00" in session.inner_text()
    _on_a_phone(coach, "tryout-page")
    with coach.navigates():
        session.get_by_role("link", name=coach.text("Enrol a candidate")).click()

    form = page.locator("main form")
    form.get_by_label(coach.text("Candidate"), exact=True).select_option(
        str(seeded.candidate_id))
    with coach.navigates():
        form.get_by_role("button", name=coach.text("Enrol")).click()
    assert coach.text("Confirm that the candidate wants to take part.") in page.locator(
        "#candidate_agreed-error").inner_text()
    _on_a_phone(coach, "tryout-enrol")

    form = page.locator("main form")
    form.get_by_label(coach.text("The candidate wants to take part in this try-out")).check()
    with coach.navigates():
        form.get_by_role("button", name=coach.text("Enrol")).click()
    assert page.locator(".flash").inner_text() == coach.text(
        "%(candidate)s is enrolled in the try-out.", candidate=seeded.pseudonym)
    tryouts = page.get_by_role("region", name=coach.text("Try-outs"))
    line = tryouts.get_by_role("listitem").filter(has_text=TITLES[lang])
    assert coach.text("Enrolled") in line.inner_text()

    organiser = browse("employer", lang)
    page = organiser.page
    organiser.goto(f"/tryouts/{seeded.past_tryout_id}/attendance")
    group = page.get_by_role("group", name=organiser.text(
        "Did %(name)s come?", name=seeded.past_pseudonym))
    group.get_by_label(organiser.text("Came"), exact=True).check()
    _on_a_phone(organiser, "tryout-attendance")
    with organiser.navigates():
        page.get_by_role("button", name=organiser.text("Save who came")).click()
    assert page.locator(".flash").inner_text() == organiser.plural_text(
        "Saved. %(num)d mark changed.", "Saved. %(num)d marks changed.", 1)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_coach_enrols_from_the_suggestions_of_a_tryout_not_proposes(lang, browse,
                                                                     live_server):
    """A try-out goes by enrolment: its suggestion list says so, its rows offer "Enrol"
    (never "Propose"), and "Enrol" opens the enrol form with the person chosen. The
    list is photographed at 390 px (tryout-suggestions-390-<lang>.png)."""
    seeded = seed(live_server, lang)
    coach = browse("coach", lang)
    page = coach.page
    coach.goto(f"/suggestions/opportunities/{seeded.tryout_id}")
    main = page.locator("main")
    assert coach.text(
        'A try-out goes by enrolment, not by proposal: choose "Enrol" to give someone a '
        'seat, or a place on the waiting list when it is full.') in main.inner_text()
    suggested = page.get_by_role("region", name=coach.text("Suggested candidates"))
    assert suggested.get_by_role("link", name=coach.text("Propose")).count() == 0
    own = suggested.locator(".match").filter(has_text=coach.text("(your caseload)")).first
    name = own.locator("h3 a[translate=no]").first.inner_text()
    enrol = own.get_by_role("link", name=coach.text("Enrol"), exact=False).first
    # Screen readers hear whom the button is for, as with "Propose" and "Set aside".
    assert enrol.text_content() == f"{coach.text('Enrol')}: {name}"
    # The link names the person and the suggestion it came from (the oversight's rank).
    query = parse_qs(urlsplit(enrol.get_attribute("href")).query)
    chosen, entry = query["candidate"][0], query["entry"][0]
    _on_a_phone(coach, "tryout-suggestions")
    with coach.navigates():
        enrol.click()
    assert page.get_by_role("heading", level=1).inner_text() == coach.text(
        "Enrol a candidate in %(title)s", title=TITLES[lang])
    form = page.locator("main form")
    assert form.get_by_label(coach.text("Candidate"), exact=True).input_value() == chosen
    assert form.locator('input[name="suggestion_entry"]').input_value() == entry
