"""Journey 7, in Dutch on a phone (390 px): the demo training provider opens the form
for a new course (only "training course" is offered, with the course's own fields),
reads one of its courses, and answers a coach's proposal with the waiting list; the
coach then reads "accepted" for the person the provider accepted. Screenshots:
test-artifacts/screenshots/course-form-390-nl.png, course-390-nl.png and
course-answer-390-nl.png.

The courses and proposals are the demo's (``marketplace/demo/training.py``).
"""

from __future__ import annotations

from sqlalchemy import select

from tests.browser.checks import check_layout, save_screenshot
from tests.browser.conftest import DEMO_EMAIL
from tests.browser.journeys import open_menu
from tests.browser.pages import DemoData

PHONE = 390
DEMO_EMAIL.setdefault("provider", "opleiding@werkbrug.demo")


def demo_course(live_server, title: str):
    """The id of the demo course ``title`` and the pseudonym of its open proposal."""
    from marketplace.extensions import db
    from marketplace.opportunities.models import Opportunity
    from marketplace.proposals.models import Proposal

    with live_server.app.test_request_context(base_url=live_server.url):
        DemoData(live_server.app, live_server.url)  # the demo is loaded
        course = db.session.scalar(select(Opportunity).where(Opportunity.title == title))
        waiting = db.session.scalars(select(Proposal).where(
            Proposal.opportunity_id == course.id, Proposal.state == "proposed")).first()
        return course.id, waiting.candidate.pseudonym if waiting else None


def photograph(visitor, name: str) -> None:
    check_layout(visitor.page)
    assert save_screenshot(visitor.page, name).stat().st_size > 0


def test_a_provider_answers_with_the_waiting_list_on_a_phone(browse, live_server):
    course_id, pseudonym = demo_course(live_server, "Opleiding lasser MIG/MAG")
    assert pseudonym, "the demo has no open proposal for the welding course"
    provider = browse("provider", "nl", width=PHONE)
    page = provider.page

    # A new course: only the one kind, and the course's own fields.
    open_menu(provider, "Your courses")
    provider.goto("/opportunities/new")
    kinds = page.get_by_role("group", name=provider.text("What do you offer?"))
    assert kinds.get_by_role("radio").count() == 1
    assert kinds.get_by_label(provider.text("Training course")).is_checked()
    assert page.get_by_label(provider.text("Length of the course in weeks")).is_visible()
    assert page.get_by_label(provider.text("When the lessons are")).is_visible()
    assert not page.get_by_label(provider.text("Contract"), exact=True).is_visible()
    photograph(provider, "course-form-390-nl")

    # The course as coaches read it.
    provider.goto(f"/opportunities/{course_id}")
    facts = page.get_by_role("region", name=provider.text("In short")).inner_text()
    assert provider.text("Training provider") in facts
    assert provider.text("Length of the course") in facts
    photograph(provider, "course-390-nl")

    # The proposal: on the waiting list.
    provider.goto(f"/proposals/opportunities/{course_id}")
    card = page.get_by_role("region", name=pseudonym)
    with provider.navigates():
        card.get_by_role("link", name=f"{provider.text('Answer')} {pseudonym}").click()
    form = page.locator("main form")
    assert form.get_by_label(provider.text("Accept on the course"), exact=True).is_visible()
    form.get_by_label(provider.text("Put on the waiting list"), exact=True).check()
    photograph(provider, "course-answer-390-nl")
    with provider.navigates():
        form.get_by_role("button", name=provider.text("Save the answer")).click()
    card = page.get_by_role("region", name=pseudonym)
    assert provider.text("On the waiting list") in card.inner_text()

    # The coach reads "accepted" for the person accepted on the forklift course.
    coach = browse("coach", "nl", width=PHONE)
    open_menu(coach, "Your proposals")
    rows = coach.page.get_by_role("row").filter(has_text="Opleiding heftruckchauffeur")
    states = " ".join(rows.all_inner_texts())
    assert coach.text("Accepted") in states and coach.text("Hired") not in states
