"""What the employer's answer page asks the database for the coach's marks of the
proposed pair: the opportunity as the ranking sees it is made from the row already
loaded, reading only its skills and languages."""

from __future__ import annotations

from dataclasses import fields
from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import select

from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.matching import operations as matching
from marketplace.opportunities.operations import LanguageWish, SkillWish
from marketplace.proposals.models import Proposal, ProposalEvent
from tests.factories import (
    LIFTING,
    TEAMWORK,
    make_candidate,
    make_interview,
    make_opportunity,
    make_proposal,
    skill,
)
from tests.proposals.conftest import statements_of, waiting_counts

#: The answer ``_answer_page_statements`` sends when asked to answer.
DECLINE = {"answer": "decline", "decline_reason": "other", "decline_note": "Andere keuze."}


def _answer_page_statements(client, login_as, users, organisations, answer=None):
    """A fresh proposed pair's proposal and the statements of its answer page, opened by
    the employer, or of sending ``answer`` there."""
    _opportunity, proposal = _proposed_pair(users, organisations)
    login_as("employer_a")
    db.session.expire_all()  # the request reads the rows as it would in its own session
    data = None if answer is None else {"version": proposal.version, **answer}
    return proposal, statements_of(client, f"/proposals/{proposal.id}/answer", data)


def _proposed_pair(users, organisations):
    opportunity = make_opportunity(
        organisations["employer_a"], commit=True,
        languages=[LanguageWish("en", "B1", False), LanguageWish("fr", "A2", True)],
        skills=[SkillWish(skill(LIFTING), True), SkillWish(skill(TEAMWORK), False)])
    candidate = make_candidate(users["coach_a"], pseudonym="Kidane", commit=True)
    proposal = make_proposal(users["coach_a"], candidate, opportunity)
    db.session.commit()
    return opportunity, proposal


def test_the_pair_spec_is_the_opportunity_spec_without_anyone_already_proposed(
        app_ctx, users, organisations):
    opportunity, _proposal = _proposed_pair(users, organisations)
    full = matching.opportunity_spec(opportunity)
    assert full.already_proposed  # the proposed candidate counts there
    assert full.skills_required.size and full.skills_advantage.size and full.languages.size
    pair = matching.pair_opportunity_spec(opportunity)
    assert pair.already_proposed == frozenset()
    for part in fields(full):
        if part.name != "already_proposed":
            mine, theirs = np.asarray(getattr(pair, part.name)), getattr(full, part.name)
            assert np.array_equal(mine, theirs, equal_nan=mine.dtype.kind == "f"), part.name


def test_the_answer_page_does_not_read_the_opportunity_or_its_proposals_again(
        client, login_as, users, organisations):
    _proposal, seen = _answer_page_statements(client, login_as, users, organisations)
    # The opportunity row (with its place and organisation) comes with the proposal;
    # the ranking's records used to read it again, and the proposed candidates the pair
    # leaves out anyway.
    assert not [s for s in seen if s.startswith("SELECT opportunity.id,")]
    assert not [s for s in seen
                if s.startswith("SELECT proposal.opportunity_id, proposal.candidate_id")]
    assert sum(" FROM opportunity_skill " in s for s in seen) == 1
    assert sum(" FROM opportunity_language " in s for s in seen) == 1


def test_the_answer_page_reads_the_profile_lists_in_one_statement_and_no_coach_object(
        client, login_as, users, organisations):
    proposal, seen = _answer_page_statements(client, login_as, users, organisations)
    # The languages, experience and skills as one UNION of the columns shown, not
    # three collections of objects with their whole taxonomy rows.
    # (The ranking's own read of the candidate pool, one UNION of its child tables by
    # "owner", matching/candidate_records.py, is not the page's lists.)
    (lists,) = [s for s in seen if " UNION ALL " in s and " AS owner, " not in s]
    assert "candidate_language" in lists and "candidate_experience" in lists
    assert "candidate_skill" in lists
    assert not [s for s in seen if "LEFT OUTER JOIN skill" in s
                or "LEFT OUTER JOIN occupation" in s or "LEFT OUTER JOIN language" in s]
    # The coach's name and organisation come with the proposal's columns: the user
    # row read is the reader's own (the login), not the coach's.
    assert sum(s.startswith("SELECT user_account.") for s in seen) == 1
    # The menu's count of what waits is read with them, not on its own.
    assert not waiting_counts(seen)
    page = client.get(f"/proposals/{proposal.id}/answer").get_data(as_text=True)
    assert 'Wacht op je antwoord <span class="menu-count">1</span>' in page


def test_an_answer_does_not_read_the_proposals_history_first(
        client, login_as, users, organisations):
    proposal, seen = _answer_page_statements(client, login_as, users, organisations,
                                             DECLINE)
    assert not [s for s in seen if s.startswith("SELECT") and "FROM proposal_event" in s]
    db.session.expire_all()
    history = db.session.scalars(select(ProposalEvent.to_state)
                                 .where(ProposalEvent.proposal_id == proposal.id)
                                 .order_by(ProposalEvent.id)).all()
    assert history == ["proposed", "declined"]


def test_the_answer_page_reads_the_interviews_with_the_proposal(
        client, login_as, users, organisations):
    _proposal, seen = _answer_page_statements(client, login_as, users, organisations)
    assert not [s for s in seen if s.startswith("SELECT interview.")]
    assert [s for s in seen if s.startswith("SELECT proposal.") and " interview_1." in s]


@pytest.mark.parametrize("answer", ["invite", "decline"])
def test_an_answer_updates_the_proposal_once(client, login_as, users, organisations, answer):
    _opportunity, proposal = _proposed_pair(users, organisations)
    make_interview(proposal, users["employer_a"], commit=True)  # called off or moved
    login_as("employer_a")
    db.session.expire_all()
    day = (local_today() + timedelta(days=9)).isoformat()
    data = {"version": proposal.version, "answer": answer, "decline_reason": "other",
            "decline_note": "Andere keuze.", "interview_date": day, "starts_at": "10:00",
            "ends_at": "11:00", "where": "place", "place": "Noorderlaan 100, 2030 Antwerpen",
            "online_url": "", "contact_name": "Sara Peeters",
            "contact_phone": "03 123 45 67", "contact_email": ""}
    seen = statements_of(client, f"/proposals/{proposal.id}/answer", data)
    # The new state and the interview's day (set or emptied) in one UPDATE.
    updates = [s for s in seen if s.startswith("UPDATE proposal ")]
    assert len(updates) == 1 and "interview_on=" in updates[0]
    db.session.expire_all()
    stored = db.session.get(Proposal, proposal.id)
    assert stored.state == {"invite": "interview", "decline": "declined"}[answer]
    assert (stored.interview_on is None) == (answer == "decline")
    history = db.session.scalars(select(ProposalEvent.to_state)
                                 .where(ProposalEvent.proposal_id == proposal.id)
                                 .order_by(ProposalEvent.id)).all()
    assert history == ["proposed", "interview", stored.state]


def test_the_answer_page_reads_the_ranking_stamps_in_one_statement(
        client, login_as, users, organisations):
    _opportunity, proposal = _proposed_pair(users, organisations)
    login_as("employer_a")
    client.get(f"/proposals/{proposal.id}/answer")  # the candidate pool built
    seen = statements_of(client, f"/proposals/{proposal.id}/answer")
    # The data versions, the admins' switch and the active model together (as the
    # suggestion lists read them), not a statement each.
    assert sum("FROM data_version" in s for s in seen) == 1
    assert not [s for s in seen if s.startswith(("SELECT ranking_setting.",
                                                 "SELECT ranking_model."))]


def test_the_answer_form_reads_neither_the_candidate_row_nor_the_opportunity_text(
        client, login_as, users, organisations):
    proposal, seen = _answer_page_statements(client, login_as, users, organisations)
    (loaded,) = [s for s in seen if s.startswith("SELECT proposal.")]
    # What the page shows of the candidate comes from the employer's view; of the
    # opportunity only what the page and the marks read.
    assert "coach_note" not in loaded and "candidate_1." not in loaded
    assert "description" not in loaded and "notes_for_coaches" not in loaded
    page = client.get(f"/proposals/{proposal.id}/answer").get_data(as_text=True)
    assert "Kidane" in page and 'class="mark mark--' in page


def test_an_answer_reads_the_coach_with_the_proposal(client, login_as, users, organisations):
    _proposal, seen = _answer_page_statements(client, login_as, users, organisations,
                                             DECLINE)
    # The coach the answer is mailed to comes joined to the proposal: the one user row
    # read on its own is the reader's (the login).
    assert sum(s.startswith("SELECT user_account.") for s in seen) == 1
    assert [s for s in seen if s.startswith("SELECT proposal.") and " user_account_1." in s]
