"""Fixtures of the bridge tests: a published forklift driver opportunity."""

from __future__ import annotations

import pytest

from tests.factories import make_opportunity


@pytest.fixture
def opportunity(app_ctx, organisations):
    return make_opportunity(organisations["employer_a"], commit=True)
