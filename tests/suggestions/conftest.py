"""Fixtures for the suggestions tests: a published forklift job of employer A and
candidates who wish for that occupation, made through the real operations."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.suggestions.models import SuggestionList
from tests.candidates.conftest import FORKLIFT
from tests.proposals.conftest import candidate_of, publish_opportunity


@pytest.fixture
def opportunity(app_ctx, organisations):
    return publish_opportunity(organisations["employer_a"])


def forklift_id() -> int:
    from marketplace.taxonomy.queries import get_occupation_by_uri

    return get_occupation_by_uri(FORKLIFT).id


def driver(coach, pseudonym: str, *, shared: bool = False, consent: bool = True, **changes):
    """A candidate of ``coach`` who wishes to drive a forklift."""
    candidate = candidate_of(coach, consent=consent, pseudonym=pseudonym,
                             wished_occupations=frozenset({forklift_id()}), **changes)
    if shared:
        candidate.shared_with_partnership = True
        db.session.commit()
    return candidate


def last_list() -> SuggestionList:
    return db.session.scalars(select(SuggestionList).order_by(SuggestionList.id.desc())).first()
