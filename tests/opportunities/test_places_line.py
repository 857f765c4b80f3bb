"""What the opportunity's page and its proposals' page say about its places: a filled
opportunity (the employer marked it so) has every place taken, and says how many of
them Werkbrug's hires took, so it agrees with the "Aangenomen" count of the lists."""

from __future__ import annotations

import pytest

from marketplace.extensions import db
from marketplace.opportunities.operations import apply_transition
from marketplace.proposals import operations
from tests.factories import make_candidate, make_opportunity, make_proposal


def _filled(organisations, users, *, places: int, hires: int):
    """Employer A's opportunity of ``places`` places: ``hires`` hired through Werkbrug,
    then marked as filled."""
    opportunity = make_opportunity(organisations["employer_a"], places=places)
    for number in range(hires):
        candidate = make_candidate(users["coach_a"], pseudonym=f"Kandidaat {number}")
        proposal = make_proposal(users["coach_a"], candidate, opportunity)
        operations.answer_proposal(proposal, "hire", by=users["employer_a"],
                                   expected_version=proposal.version)
    db.session.flush()
    apply_transition(opportunity, "fill", expected_version=opportunity.version)
    db.session.commit()
    return opportunity


def _pages(client, opportunity) -> list[str]:
    return [client.get(url).get_data(as_text=True)
            for url in (f"/opportunities/{opportunity.id}",
                        f"/proposals/opportunities/{opportunity.id}")]


@pytest.mark.parametrize(("places", "hires", "dutch", "english"), [
    (3, 1, "Alle 3 plaatsen zijn ingevuld (1 via Werkbrug)",
     "All 3 places are taken (1 through Werkbrug)"),
    (2, 0, "Alle 2 plaatsen zijn ingevuld (niet via Werkbrug)",
     "All 2 places are taken (not through Werkbrug)"),
])
def test_a_filled_opportunity_says_how_many_places_werkbrug_filled(
        client, login_as, app_ctx, organisations, users, places, hires, dutch, english):
    opportunity = _filled(organisations, users, places=places, hires=hires)
    login_as("employer_a")
    for page in _pages(client, opportunity):
        assert dutch in page
    client.post("/language", data={"locale": "en", "next": "/"})
    for page in _pages(client, opportunity):
        assert english in page


def test_places_all_taken_through_werkbrug_need_no_more_words(client, login_as, app_ctx,
                                                               organisations, users):
    opportunity = _filled(organisations, users, places=1, hires=1)
    login_as("employer_a")
    for page in _pages(client, opportunity):
        assert "De plaats is ingevuld" in page and "via Werkbrug" not in page
