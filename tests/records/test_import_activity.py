"""A records import that changes a person counts as their last activity, as a save in
the site does: the retention review must not offer for erasure someone the partner's
case system still keeps up to date. A record that changes nothing is no activity."""

from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace.db_types import utcnow
from marketplace.extensions import db
from tests.factories import make_candidate
from tests.records.test_import_ends_placement import candidate_records, import_lines

LONG_AGO = timedelta(days=400)


@pytest.fixture
def quiet(app_ctx, users):
    """Coach A's Yonas, last active 400 days ago."""
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    candidate.last_activity_at = utcnow() - LONG_AGO
    db.session.commit()
    return candidate


@pytest.mark.parametrize("change", [
    {"postcode": "2018"},                                  # a profile field
    {"dutch_level": "B1"},
    {"consent": False, "consent_records": None},           # consent withdrawn
    {"languages": [{"code": "en", "level": "B2"}]},        # a child list
])
def test_a_record_that_changes_the_person_is_activity(quiet, change):
    started = utcnow()
    before = quiet.last_activity_at
    [record] = candidate_records(quiet)
    assert any(record.get(name) != value for name, value in change.items())
    import_lines(candidate_records(quiet, **change))
    assert quiet.last_activity_at >= started > before


def test_a_record_that_changes_nothing_leaves_the_last_activity(quiet):
    before = quiet.last_activity_at
    import_lines(candidate_records(quiet))
    assert quiet.last_activity_at == before
