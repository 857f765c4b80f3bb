"""Fixtures for the news tests: coach A's candidate proposed to employer A, made
through :mod:`tests.factories`, and a way to age a proposal."""

from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.proposals import operations
from tests.factories import make_candidate, make_opportunity, make_proposal


@pytest.fixture
def opportunity(app_ctx, organisations):
    return make_opportunity(organisations["employer_a"], commit=True)


@pytest.fixture
def proposal(opportunity, users):
    """Coach A's Yonas, proposed for employer A's opportunity (no answer yet)."""
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    return make_proposal(users["coach_a"], candidate, opportunity, commit=True)


def answer(proposal, users, what: str = "invite", **values):
    operations.answer_proposal(proposal, what, by=users["employer_a"],
                               expected_version=proposal.version, **values)
    db.session.commit()


def age(proposal, days: int):
    """Make ``proposal`` (and its history) ``days`` older."""
    proposal.created_at = utcnow() - timedelta(days=days)
    for event in proposal.events:
        event.at = event.at - timedelta(days=days)
    db.session.commit()
    return proposal
