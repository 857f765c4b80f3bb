"""Fixtures for the pure matching maths: no app and no database.

``db_session`` overrides the autouse fixture of ``tests/conftest.py`` (which needs the
app) with one that does nothing, so these tests run on plain arrays.
"""

from __future__ import annotations

import pytest

from marketplace.matching.spaces import Spaces
from tests.matching.helpers import make_spaces


@pytest.fixture(autouse=True)
def db_session():
    """These tests need no database (overrides the conftest's rolled-back session)."""
    yield None


@pytest.fixture(scope="session")
def spaces() -> Spaces:
    """Seven occupations, six skills (a small hierarchy) and four languages."""
    return make_spaces()
