"""An open proposal whose opportunity was filled or closed since is marked for the
coach (their proposals, the proposal, the candidate's profile): nobody will answer it,
and the coach may withdraw it. A proposal that ended (hired, declined) is not marked."""

from __future__ import annotations

import pytest

from marketplace.extensions import db
from marketplace.opportunities.operations import apply_transition
from marketplace.proposals.vocab import ended_status
from tests.factories import make_candidate, make_opportunity, make_proposal


@pytest.fixture
def proposals(opportunity, organisations, users):
    """Coach A's Yonas, proposed for two opportunities of employer A."""
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    other = make_opportunity(organisations["employer_a"], title="Magazijnier", commit=True)
    first = make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    second = make_proposal(users["coach_a"], candidate, other, commit=True)
    return candidate, first, second


def _end(opportunity, action: str) -> None:
    apply_transition(opportunity, action, expected_version=opportunity.version)
    db.session.commit()


def _coach_pages(client, candidate, proposal) -> dict[str, str]:
    return {url: client.get(url).get_data(as_text=True)
            for url in ("/proposals/", f"/proposals/{proposal.id}",
                        f"/candidates/{candidate.id}")}


def test_the_coach_sees_a_filled_opportunity_on_the_open_proposal(proposals, login_as):
    candidate, first, second = proposals
    _end(second.opportunity, "fill")
    client = login_as("coach_a")
    for url, page in _coach_pages(client, candidate, second).items():
        assert "intussen ingevuld" in page, url
    assert "intussen ingevuld" not in client.get(f"/proposals/{first.id}").get_data(
        as_text=True)


def test_a_closed_opportunity_reads_closed_in_english_too(proposals, login_as):
    _candidate, _first, second = proposals
    _end(second.opportunity, "close")
    client = login_as("coach_a")
    assert "intussen afgesloten" in client.get("/proposals/").get_data(as_text=True)
    client.post("/language", data={"locale": "en", "next": "/proposals/"})
    assert "since closed" in client.get("/proposals/").get_data(as_text=True)


def test_a_proposal_that_ended_is_not_marked():
    assert ended_status("hired", "filled") is None
    assert ended_status("declined", "closed") is None
    assert ended_status("waiting_list", "filled") == "filled"
    assert ended_status("interview", "paused") is None
