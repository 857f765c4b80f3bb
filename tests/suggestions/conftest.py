"""Fixtures for the suggestions tests: a published forklift job of employer A and
candidates who wish for that occupation (through :mod:`tests.factories`)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.suggestions.models import SuggestionList
from tests.factories import FORKLIFT, make_candidate, make_opportunity


@pytest.fixture
def opportunity(app_ctx, organisations):
    return make_opportunity(organisations["employer_a"], commit=True)


def driver(coach, pseudonym: str, **values):
    """A committed candidate of ``coach`` (with consent unless ``consent=False``) who
    wishes to drive a forklift."""
    return make_candidate(coach, pseudonym=pseudonym, wishes=[FORKLIFT], commit=True,
                          **values)


def last_list() -> SuggestionList:
    return db.session.scalars(select(SuggestionList).order_by(SuggestionList.id.desc())).first()
