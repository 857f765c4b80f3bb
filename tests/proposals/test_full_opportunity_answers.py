"""When the hires take every place, or the employer marked the opportunity filled, the
answer page offers no hire (the operation refuses one) and says what is left from the
proposal's state: invite or decline a proposed person, invite an invited one again (to
plan or change the interview) or decline, leave someone on a course's waiting list or
decline. Not full: the hire is there and nothing is said."""

from __future__ import annotations

import re

import pytest

from marketplace.extensions import db
from marketplace.opportunities.operations import apply_transition
from marketplace.proposals import operations
from marketplace.proposals.models import Proposal
from tests.factories import hire, make_candidate, make_course, make_interview, make_proposal
from tests.security.helpers import error_next_to

#: What the page says of a full job whose person is invited already (and in English).
INVITED_FULL = ("Alle plaatsen van dit aanbod zijn al ingevuld. Je kunt niemand meer aannemen. "
                "De persoon is al uitgenodigd: nodig opnieuw uit om het gesprek te plannen of "
                "te wijzigen, of wijs af.")
INVITED_FULL_EN = ("Every place of this opportunity is already taken, so you cannot hire anyone "
                   "else for it. The person is invited already: invite them again to plan or "
                   "change the interview, or decline.")
PROPOSED_FULL = ("Alle plaatsen van dit aanbod zijn al ingevuld. Je kunt niemand meer aannemen. "
                 "Nodig uit of wijs af.")


def _proposed(users, opportunity, name: str) -> Proposal:
    candidate = make_candidate(users["coach_a"], pseudonym=name, commit=True)
    return make_proposal(users["coach_a"], candidate, opportunity, commit=True)


def _invited(users, opportunity) -> Proposal:
    proposal = _proposed(users, opportunity, "Yonas")
    make_interview(proposal, users["employer_a"], commit=True)
    return proposal


def _fill(users, opportunity, employer: str = "employer_a") -> None:
    """Another person is hired for the opportunity's only place(s)."""
    for number in range(opportunity.places):
        hire(_proposed(users, opportunity, f"Amal {number}"), users[employer])


def _page(client, proposal) -> tuple[str, list[str]]:
    """The answer page, on one line, and the answers its form offers."""
    page = " ".join(client.get(f"/proposals/{proposal.id}/answer").get_data(as_text=True).split())
    radios = [tag for tag in re.findall(r"<input [^>]*>", page) if 'name="answer"' in tag]
    return page, [re.search(r'value="(\w+)"', tag).group(1) for tag in radios]


def test_an_invited_person_for_a_full_job_can_be_invited_again_or_declined(
        client, login_as, users, opportunity):
    proposal = _invited(users, opportunity)
    _fill(users, opportunity)
    login_as("employer_a")
    page, offered = _page(client, proposal)
    assert offered == ["invite", "decline"]
    assert f'<p class="notice">{INVITED_FULL}</p>' in page
    assert "Nodig uit of wijs af." not in page
    client.post("/language", data={"locale": "en", "next": "/start"})
    page, offered = _page(client, proposal)
    assert offered == ["invite", "decline"] and INVITED_FULL_EN in page
    assert "Invite or decline instead." not in page


def test_an_invited_person_for_a_job_with_a_place_left_can_be_hired(
        client, login_as, users, organisations, opportunity):
    proposal = _invited(users, opportunity)
    login_as("employer_a")
    page, offered = _page(client, proposal)
    assert offered == ["invite", "hire", "decline"]
    assert "al ingevuld" not in page and '<p class="notice">' not in page


def test_a_proposed_person_for_a_full_job_can_be_invited_or_declined(
        client, login_as, users, opportunity):
    proposal = _proposed(users, opportunity, "Yonas")
    _fill(users, opportunity)
    login_as("employer_a")
    page, offered = _page(client, proposal)
    assert offered == ["invite", "decline"]
    assert f'<p class="notice">{PROPOSED_FULL}</p>' in page


def test_a_hire_sent_from_a_page_opened_before_the_job_was_full_is_refused_next_to_the_field(
        client, login_as, users, opportunity):
    proposal = _invited(users, opportunity)
    _fill(users, opportunity)
    login_as("employer_a")
    response = client.post(f"/proposals/{proposal.id}/answer",
                           data={"answer": "hire", "version": proposal.version})
    page = " ".join(response.get_data(as_text=True).split())
    assert response.status_code == 200
    assert INVITED_FULL in error_next_to(page, "answer")
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).state == "interview"


def test_someone_on_a_full_courses_waiting_list_stays_there_or_is_declined(
        client, login_as, users, organisations):
    course = make_course(organisations["provider"], places=1, commit=True)
    proposal = _proposed(users, course, "Yonas")
    operations.answer_proposal(proposal, "waiting_list", by=users["provider"],
                               expected_version=proposal.version)
    db.session.commit()
    _fill(users, course, employer="provider")
    login_as("provider")
    page, offered = _page(client, proposal)
    assert offered == ["decline"]
    assert ('<p class="notice">Alle plaatsen van deze opleiding zijn al ingevuld. Je kunt '
            'niemand meer aanvaarden. Laat de persoon op de wachtlijst staan, of wijs af.</p>'
            ) in page
    assert "Zet op de wachtlijst" not in page


@pytest.mark.parametrize("state", ["hired", "declined"])
def test_an_answered_proposal_of_a_full_job_says_nothing_of_the_places(
        client, login_as, users, opportunity, state):
    proposal = _proposed(users, opportunity, "Yonas")
    operations.answer_proposal(proposal, "hire" if state == "hired" else "decline",
                               by=users["employer_a"], expected_version=proposal.version,
                               decline_reason="other", decline_note="Andere keuze.")
    db.session.commit()
    login_as("employer_a")
    page, _offered = _page(client, proposal)
    assert '<p class="notice">' not in page and "al ingevuld" not in page


def _mark_filled(opportunity) -> None:
    """The employer marks the opportunity filled, with none of its places hired here."""
    apply_transition(opportunity, "fill", expected_version=opportunity.version)
    db.session.commit()


def test_a_job_marked_filled_with_no_hire_here_offers_no_hire(
        client, login_as, users, opportunity):
    """It shows no place left (``places_left``), so no hire either: before, the hire was
    offered and taken because the hires alone left a place."""
    proposal = _proposed(users, opportunity, "Yonas")
    _mark_filled(opportunity)
    login_as("employer_a")
    page, offered = _page(client, proposal)
    assert offered == ["invite", "decline"]
    assert f'<p class="notice">{PROPOSED_FULL}</p>' in page
    response = client.post(f"/proposals/{proposal.id}/answer",
                           data={"answer": "hire", "version": proposal.version})
    assert PROPOSED_FULL in error_next_to(" ".join(response.get_data(as_text=True).split()),
                                          "answer")
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).state == "proposed"


def test_the_operation_refuses_a_hire_for_a_job_marked_filled(users, opportunity):
    proposal = _invited(users, opportunity)
    _mark_filled(opportunity)
    with pytest.raises(operations.OpportunityFilled):
        operations.answer_proposal(proposal, "hire", by=users["employer_a"],
                                   expected_version=proposal.version)


def test_a_job_reopened_after_being_marked_filled_offers_the_hire_again(
        client, login_as, users, opportunity):
    proposal = _invited(users, opportunity)
    _mark_filled(opportunity)
    apply_transition(opportunity, "reopen", expected_version=opportunity.version)
    db.session.commit()
    login_as("employer_a")
    assert _page(client, proposal)[1] == ["invite", "hire", "decline"]
