"""A learned model ranks within the rules: it never sees gender, birth year, the country
of experience or the coach's note, and on the one ranking path
(``marketplace.suggestions.ranking``) it keeps every hard requirement and the order
occupation first, then must-have skills, whatever its weights."""

from __future__ import annotations

import re

from marketplace.matching.candidate_records import _CANDIDATE_COLUMNS
from marketplace.matching.features import FEATURE_NAMES
from marketplace.opportunities.operations import SkillWish
from marketplace.ranking import operations
from marketplace.suggestions.ranking import candidates_for
from marketplace.taxonomy.queries import get_skill_by_uri
from tests.factories import (
    FORKLIFT,
    LIFTING,
    WAREHOUSE,
    make_candidate,
    make_opportunity,
)

FORBIDDEN = re.compile(r"gender|birth|country|note|nationality", re.IGNORECASE)


def test_the_learned_model_never_sees_gender_birth_year_country_or_notes():
    assert FEATURE_NAMES == ("occupation", "skills_required", "skills_advantage", "dutch",
                             "languages", "distance", "hours", "schedule", "sector",
                             "start_date")
    assert not [name for name in FEATURE_NAMES if FORBIDDEN.search(name)]
    # Nor does the candidate pool the features are computed from read them.
    assert not [column.key for column in _CANDIDATE_COLUMNS if FORBIDDEN.search(column.key)]


def test_a_promoted_model_that_prefers_short_commutes_keeps_the_rules(
        store, users, organisations):
    # weight_on=5: the model learned to prefer the "distance" feature above all.
    model = store(promote=True, weight_on=5)
    assert operations.active_version() == model.version
    lifting = get_skill_by_uri(LIFTING)
    opportunity = make_opportunity(organisations["employer_a"], postcode="2000",
                                   skills=[SkillWish(lifting, True)], commit=True)
    coach = users["coach_a"]
    far_with_skill = make_candidate(coach, pseudonym="Ver", postcode="2800",
                                    experience=[FORKLIFT], skills=frozenset({lifting.id}),
                                    commit=True)
    near_without_skill = make_candidate(coach, pseudonym="Dichtbij", postcode="2000",
                                        experience=[FORKLIFT], commit=True)
    near_other_occupation = make_candidate(coach, pseudonym="Magazijn", postcode="2000",
                                           experience=[WAREHOUSE],
                                           skills=frozenset({lifting.id}), commit=True)
    no_consent = make_candidate(coach, pseudonym="Zonder", postcode="2000", consent=False,
                                experience=[FORKLIFT], skills=frozenset({lifting.id}),
                                commit=True)
    too_far = make_candidate(coach, pseudonym="Te ver", postcode="2800", max_commute_km=5,
                             experience=[FORKLIFT], skills=frozenset({lifting.id}),
                             commit=True)
    too_little_dutch = make_candidate(coach, pseudonym="Weinig", postcode="2000",
                                      dutch_level="none", experience=[FORKLIFT],
                                      skills=frozenset({lifting.id}), commit=True)
    result = candidates_for(opportunity, coach, enabled=True, top_k=20, near_misses=True)
    assert result.ranked and result.scorer_version == model.version
    order = [entry.candidate_id for entry in result.entries]
    # Must-have first within the same occupation, then the other occupation, although
    # the model alone would put the near ones first.
    assert order == [far_with_skill.id, near_without_skill.id, near_other_occupation.id]
    missed = {entry.candidate_id for entry in result.near_misses}
    assert {too_far.id, too_little_dutch.id} <= missed
    assert no_consent.id not in order
