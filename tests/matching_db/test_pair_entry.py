"""The entry of one proposed pair (the employer's answer page) is the entry that pair
has in the whole ranking: the same score, features, unmet requirements and reasons,
although only the pair's row is ranked."""

from __future__ import annotations

from datetime import date

import pytest

from marketplace.suggestions.ranking import candidates_for, pair_entry
from tests.factories import FORKLIFT, WAREHOUSE, make_candidate

#: Profiles around the forklift job in 2030 (day work, Dutch A2): close and far in
#: occupation, Dutch, place, hours, day parts and permits; some miss a requirement.
PROFILES = (
    {"experience": [FORKLIFT], "hours_per_week": 38, "day_parts": frozenset({"mornings"})},
    {"wishes": [WAREHOUSE], "dutch_level": "A1"},
    {"experience": [WAREHOUSE], "postcode": "9000", "max_commute_km": 10},
    {"wishes": [FORKLIFT], "day_parts": frozenset({"nights"})},
    {"experience": [FORKLIFT], "allowed_to_work": "no"},
    {"dutch_level": "B2", "available_from": date(2030, 1, 1)},
    {"wishes": [FORKLIFT, WAREHOUSE], "hours_per_week": 12, "languages": {"ar": "C2"}},
)


@pytest.fixture
def pairs(opportunity, users):
    made = [make_candidate(users["coach_a"], pseudonym=f"Paar{n}", **profile)
            for n, profile in enumerate(PROFILES)]
    make_candidate(users["coach_a"], pseudonym="Laatste", commit=True)
    return made


def _facts(entry):
    return (entry.candidate_id, entry.opportunity_id, entry.score, entry.features,
            entry.unmet, entry.explanation)


def test_each_pair_has_the_entry_it_has_in_the_whole_ranking(opportunity, pairs):
    whole = candidates_for(opportunity, None, enabled=True, top_k=100, near_misses=True)
    listed = {entry.candidate_id: entry for entry in [*whole.entries, *whole.near_misses]}
    assert whole.entries and whole.near_misses  # both kinds are compared
    for candidate in pairs:
        pair = pair_entry(candidate.id, opportunity, enabled=True)
        if candidate.id in listed:
            assert _facts(pair) == _facts(listed[candidate.id])
        else:  # missing more requirements than a near miss may: ranked all the same
            assert pair.unmet and pair.explanation is not None


def test_switched_off_the_pair_has_only_its_unmet_requirements(opportunity, pairs):
    whole = candidates_for(opportunity, None, enabled=True, top_k=100, near_misses=True)
    for entry in whole.near_misses:
        pair = pair_entry(entry.candidate_id, opportunity, enabled=False)
        assert (pair.score, pair.unmet) == (None, entry.unmet)
