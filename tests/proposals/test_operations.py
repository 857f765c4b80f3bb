"""Proposing, answering and withdrawing: the rules, the mails and what is written."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from marketplace.audit.models import AuditEvent
from marketplace.candidates.erasure import erase_candidate
from marketplace.candidates.operations import withdraw_consent
from marketplace.data_versions import changes_since, current_version
from marketplace.db_types import local_date, local_today
from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from marketplace.matching.opportunity_records import already_proposed
from marketplace.opportunities.operations import apply_transition
from marketplace.opportunities.queries import open_places
from marketplace.proposals import operations
from marketplace.proposals.models import Proposal
from tests.factories import (
    AGREED_ON,
    interview_details,
    make_candidate,
    make_opportunity,
    make_proposal,
)
from tests.proposals.conftest import counts


def messages_since(before: int) -> list[OutgoingMessage]:
    return list(db.session.scalars(select(OutgoingMessage).order_by(OutgoingMessage.id)))[before:]


def test_a_proposal_is_written_with_its_history_mail_and_audit_event(opportunity, users):
    candidate = make_candidate(users["coach_a"], pseudonym="Zarifa", email="zarifa@example.org",
                               commit=True)
    _, mails_before = counts()
    proposal = make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    assert proposal.state == "proposed"
    assert proposal.candidate_agreed_on == AGREED_ON
    assert [(e.from_state, e.to_state) for e in proposal.events] == [(None, "proposed")]
    mails = messages_since(mails_before)
    assert [m.recipient for m in mails] == [users["employer_a"].email]
    assert "Heftruckchauffeur" in mails[0].subject
    assert "Zarifa" not in mails[0].body + mails[0].subject
    assert "zarifa@example.org" not in mails[0].body
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "proposal_made")).one()
    assert event.subject_id == proposal.id


@pytest.mark.parametrize("problem", ["no_consent", "paused", "past_closing", "filled"])
def test_a_refused_proposal_writes_nothing(opportunity, users, problem):
    candidate = make_candidate(users["coach_a"], consent=problem != "no_consent", commit=True)
    if problem == "paused":
        apply_transition(opportunity, "pause", expected_version=opportunity.version)
    elif problem == "past_closing":
        opportunity.starts_on = None
        opportunity.closes_on = local_today() - timedelta(days=1)
    elif problem == "filled":
        apply_transition(opportunity, "fill", expected_version=opportunity.version)
    db.session.commit()
    before = counts()
    expected = {"no_consent": operations.NoActiveConsent,
                "paused": operations.OpportunityNotOpen,
                "past_closing": operations.OpportunityNotOpen,
                "filled": operations.OpportunityFilled}[problem]
    with pytest.raises(expected):
        operations.propose_candidate(users["coach_a"], candidate, opportunity,
                                     motivation="x", candidate_agreed_on=AGREED_ON)
    db.session.rollback()
    assert counts() == before


def test_proposing_twice_is_refused(opportunity, users):
    candidate = make_candidate(users["coach_a"], commit=True)
    make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    before = counts()
    with pytest.raises(operations.AlreadyProposed):
        make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    db.session.rollback()
    assert counts() == before


def test_a_duplicate_that_slips_past_the_check_is_stopped_by_the_database(
    opportunity, users, monkeypatch
):
    """Two coaches at the same moment: both checks pass, the unique constraint decides.
    The savepoint keeps the transaction usable for the clear message."""
    candidate = make_candidate(users["coach_a"], commit=True)
    make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    monkeypatch.setattr(operations, "is_proposed", lambda *_: False)
    before = counts()
    with pytest.raises(operations.AlreadyProposed):
        operations.propose_candidate(users["coach_b"], candidate, opportunity,
                                     motivation="Tweede", candidate_agreed_on=AGREED_ON)
    assert counts() == before  # the session still works after the refused insert
    db.session.rollback()
    assert counts() == before


def test_open_places_count_what_hires_left_of_published_opportunities(
        opportunity, organisations, users):
    employer = organisations["employer_a"]
    three = make_opportunity(employer, places=3, commit=True)
    make_opportunity(employer, status="draft", places=5, commit=True)
    make_opportunity(employer, status="filled", places=4, commit=True)
    proposal = make_proposal(users["coach_a"], make_candidate(users["coach_a"]), three,
                             commit=True)
    operations.answer_proposal(proposal, "invite", by=users["employer_a"],
                               expected_version=proposal.version,
                               interview=interview_details(days_ahead=3))
    operations.answer_proposal(proposal, "hire", by=users["employer_a"],
                               expected_version=proposal.version)
    db.session.commit()
    assert (opportunity.places_left, three.places_left) == (1, 2)
    assert open_places(employer.id) == 3  # the draft's and the filled one's not counted


def test_answers_move_the_proposal_and_tell_the_coach(opportunity, users):
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    proposal = make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    _, mails_before = counts()
    interview = interview_details(days_ahead=3)
    operations.answer_proposal(proposal, "invite", by=users["employer_a"],
                               expected_version=proposal.version, interview=interview)
    db.session.commit()
    assert (proposal.state, proposal.interview_on) == ("interview",
                                                       local_date(interview.starts_at))
    assert opportunity.places_left == 1
    operations.answer_proposal(proposal, "hire", by=users["employer_a"],
                               expected_version=proposal.version)
    db.session.commit()
    assert proposal.state == "hired"
    assert opportunity.places_left == 0
    assert [e.to_state for e in proposal.events] == ["proposed", "interview", "hired"]
    mails = messages_since(mails_before)
    assert {m.recipient for m in mails} == {users["coach_a"].email}
    assert len(mails) == 2


def test_a_decline_keeps_its_reason_and_a_final_answer_cannot_change(opportunity, users):
    candidate = make_candidate(users["coach_a"], commit=True)
    proposal = make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    operations.answer_proposal(proposal, "decline", by=users["employer_a"],
                               expected_version=proposal.version, decline_reason="language",
                               decline_note="Nog wat vroeg.")
    db.session.commit()
    assert (proposal.decline_reason, proposal.decline_note) == ("language", "Nog wat vroeg.")
    with pytest.raises(operations.AnswerNotAllowed):
        operations.answer_proposal(proposal, "hire", by=users["employer_a"],
                                   expected_version=proposal.version)


def test_withdrawn_consent_withdraws_open_proposals_and_tells_the_employer(opportunity, users):
    candidate = make_candidate(users["coach_a"], pseudonym="Nadia", commit=True)
    proposal = make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    _, mails_before = counts()
    withdraw_consent(candidate, withdrawn_on=date(2026, 2, 1), recorded_by=users["coach_a"])
    db.session.commit()
    assert proposal.state == "withdrawn"
    mails = messages_since(mails_before)
    assert [m.recipient for m in mails] == [users["employer_a"].email]
    assert "Nadia" not in mails[0].subject + mails[0].body
    with pytest.raises(operations.ProposalWithdrawn):
        operations.answer_proposal(proposal, "hire", by=users["employer_a"],
                                   expected_version=proposal.version)


def test_erasure_empties_the_texts_and_keeps_the_count(opportunity, users):
    candidate = make_candidate(users["coach_a"], commit=True)
    proposal = make_proposal(users["coach_a"], candidate, opportunity,
                             motivation="Heel punctueel.", commit=True)
    erase_candidate(candidate, reason="request")
    db.session.commit()
    db.session.expire_all()
    kept = db.session.get(Proposal, proposal.id)
    assert kept.motivation is None and kept.state == "withdrawn"
    assert counts()[0] == 1


def test_already_proposed_names_open_and_hired_but_not_declined(organisations, users):
    opportunity = make_opportunity(organisations["employer_a"], places=3, commit=True)
    open_one, hired, declined = (make_candidate(users["coach_a"], commit=True) for _ in range(3))
    for candidate in (open_one, hired, declined):
        make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    by_candidate = {p.candidate_id: p for p in db.session.scalars(select(Proposal))}
    operations.answer_proposal(by_candidate[hired.id], "hire", by=users["employer_a"],
                               expected_version=by_candidate[hired.id].version)
    operations.answer_proposal(by_candidate[declined.id], "decline", by=users["employer_a"],
                               expected_version=by_candidate[declined.id].version,
                               decline_reason="profile")
    db.session.commit()
    assert already_proposed(opportunity.id) == sorted([open_one.id, hired.id])


def test_a_hire_beyond_the_places_is_refused_and_writes_nothing(organisations, users):
    opportunity = make_opportunity(organisations["employer_a"], places=1, commit=True)
    first, second = (
        make_proposal(users["coach_a"], make_candidate(users["coach_a"], commit=True),
                      opportunity, commit=True)
        for _ in range(2)
    )
    operations.answer_proposal(first, "hire", by=users["employer_a"],
                               expected_version=first.version)
    db.session.commit()
    before = counts()
    with pytest.raises(operations.OpportunityFilled):
        operations.answer_proposal(second, "hire", by=users["employer_a"],
                                   expected_version=second.version)
    db.session.rollback()
    assert counts() == before
    assert db.session.get(Proposal, second.id).state == "proposed"
    # Invitations and declines stay possible on a full opportunity.
    operations.answer_proposal(second, "decline", by=users["employer_a"],
                               expected_version=second.version, decline_reason="profile")
    db.session.commit()
    assert second.state == "declined"


def test_only_answers_that_change_who_counts_as_proposed_raise_the_stamp(opportunity, users):
    """The ranking's opportunity table and the dashboards read which candidates count
    as proposed where (``COUNTED_AS_PROPOSED``): an invitation leaves the stamp alone,
    so no worker refreshes for it; a decline frees the candidate and raises it."""
    proposal = make_proposal(users["coach_a"], make_candidate(users["coach_a"]), opportunity,
                             commit=True)
    before = current_version("opportunities")
    operations.answer_proposal(proposal, "invite", by=users["employer_a"],
                               expected_version=proposal.version,
                               interview=interview_details(days_ahead=3))
    db.session.commit()
    assert current_version("opportunities") == before
    assert proposal.candidate_id in already_proposed(opportunity.id)
    operations.answer_proposal(proposal, "decline", by=users["employer_a"],
                               expected_version=proposal.version, decline_reason="other")
    db.session.commit()
    assert current_version("opportunities") == before + 1
    assert changes_since("opportunities", before, before + 1, 10) == {opportunity.id}
    assert proposal.candidate_id not in already_proposed(opportunity.id)
