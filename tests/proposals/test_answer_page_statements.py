"""What the employer's answer page asks the database for the coach's marks of the
proposed pair: the opportunity as the ranking sees it is made from the row already
loaded, reading only its skills and languages."""

from __future__ import annotations

from dataclasses import fields

import numpy as np

from marketplace.extensions import db
from marketplace.matching import operations as matching
from marketplace.opportunities.operations import LanguageWish, SkillWish
from tests.factories import (
    LIFTING,
    TEAMWORK,
    make_candidate,
    make_opportunity,
    make_proposal,
    skill,
)
from tests.proposals.conftest import statements_of


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
    _opportunity, proposal = _proposed_pair(users, organisations)
    login_as("employer_a")
    db.session.expire_all()  # the request reads the rows as it would in its own session
    seen = statements_of(client, f"/proposals/{proposal.id}/answer")
    # The opportunity row (with its place and organisation) comes with the proposal;
    # the ranking's records used to read it again, and the proposed candidates the pair
    # leaves out anyway.
    assert not [s for s in seen if s.startswith("SELECT opportunity.id,")]
    assert not [s for s in seen
                if s.startswith("SELECT proposal.opportunity_id, proposal.candidate_id")]
    assert sum(" FROM opportunity_skill " in s for s in seen) == 1
    assert sum(" FROM opportunity_language " in s for s in seen) == 1
