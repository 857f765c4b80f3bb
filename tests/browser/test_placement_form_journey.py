"""A placed person set back to job-seeking in the profile form, in Dutch, on a phone
(390 px) and a desk (1280 px): the coach opens the form of a person an employer hired,
reads under the status what another status does, chooses "Actief" and saves. The
profile says the placement was undone, has no undo button any more, and its history
says "Plaatsing ongedaan gemaakt" as the button's would. The form and the profile are
photographed with the layout check (test-artifacts/screenshots/
placement-form-<width>-nl.png and placement-undone-<width>-nl.png).

The hire is made through the operations on the server's database (``seed_proposal``,
then the employer's answer), as journey 4 makes its proposal.
"""

from __future__ import annotations

import pytest

from tests.browser.checks import check_layout, save_screenshot
from tests.browser.journeys import seed_proposal
from tests.browser.pages import DemoData

HINT = ("Choose another status and you undo the placement, as the button on the profile does. "
        "Employers then no longer see the person as placed. A step that Werkbrug added for a "
        "hire leaves the trajectory.")


def seed_hire(live_server, title: str) -> tuple[int, str]:
    """A proposal of the demo coach's, hired by the demo employer: the person is placed.
    Returns the candidate's id and pseudonym."""
    from marketplace.extensions import db
    from marketplace.proposals import operations as proposals
    from marketplace.proposals.models import Proposal

    seeded = seed_proposal(live_server, title)
    with live_server.app.test_request_context(base_url=live_server.url):
        employer = DemoData(live_server.app, live_server.url)["users"]["employer_a"]
        proposal = db.session.get(Proposal, seeded.proposal_id)
        proposals.answer_proposal(proposal, "hire", by=employer,
                                  expected_version=proposal.version)
        db.session.commit()
        assert proposal.candidate.status == "placed"
        return proposal.candidate_id, seeded.pseudonym


@pytest.mark.parametrize("width", [390, 1280])
def test_coach_sets_a_placed_person_back_to_active_in_the_form(width, browse, live_server):
    candidate_id, pseudonym = seed_hire(live_server, f"Magazijnier {width} px")
    coach = browse("coach", "nl", width=width)
    page = coach.page
    coach.goto(f"/candidates/{candidate_id}/edit")
    status = page.get_by_label(coach.text("Status"), exact=True)
    assert status.input_value() == "placed"
    hint = page.locator("#status-hint")
    assert hint.inner_text() == coach.text(HINT)
    assert status.get_attribute("aria-describedby") == "status-hint"
    status.select_option("active")
    status.scroll_into_view_if_needed()
    check_layout(page)
    assert save_screenshot(page, f"placement-form-{width}-nl").stat().st_size > 0

    with coach.navigates():
        page.get_by_role("button", name=coach.text("Save"), exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == pseudonym
    assert coach.text("Changes saved. %(name)s is no longer placed: the placement was undone.",
                      name=pseudonym) in page.inner_text("body")
    assert page.get_by_role("button", name=coach.text("Undo placed: back to job-seeking")
                            ).count() == 0
    history = page.get_by_role("region", name=coach.text("History"))
    rows = history.get_by_role("table", name=coach.text("Changes, newest first")).inner_text()
    assert coach.text("Placement undone") in rows
    assert coach.text("Step of an undone hire removed") in rows
    check_layout(page)
    assert save_screenshot(page, f"placement-undone-{width}-nl").stat().st_size > 0
