"""A skill counts wherever it was picked: an individual ESCO skill picked in the
candidate form meets the same skill picked in the opportunity form.

Through the database and the pages' ranking path (``marketplace.suggestions.ranking``).
Individual ESCO skills have no skill group in the data (the dump gives no broader
relation per skill), so they meet only themselves; skill groups keep their hierarchy
from their codes (``tests/matching/test_spaces.py``).
"""

from __future__ import annotations

from marketplace.matching.operations import matching_spaces
from marketplace.opportunities.operations import SkillWish
from marketplace.suggestions.ranking import candidates_for, opportunities_for
from tests.factories import make_candidate, make_opportunity, skill

OPERATE_FORKLIFT = "http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da"
OPERATE_CRANES = "http://data.europa.eu/esco/skill/c96ab6ac-cf85-4c91-86b5-7ac5bb14eb28"


def skills_reason(entry, code: str = "skills_required") -> dict:
    return next(r.params for r in entry.explanation.reasons if r.code == code)


def test_a_candidate_with_the_forklift_skill_meets_an_opportunity_asking_it(app_ctx, users,
                                                                           organisations):
    forklift = skill(OPERATE_FORKLIFT)
    assert forklift.kind == "skill"  # one of the 13,939, not a skill group
    holder = make_candidate(users["coach_a"], pseudonym="Hana", skills=frozenset({forklift.id}),
                            commit=True)
    other = make_candidate(users["coach_a"], pseudonym="Olek",
                           skills=frozenset({skill(OPERATE_CRANES).id}), commit=True)
    opportunity = make_opportunity(organisations["employer_a"], places=2,
                                   skills=[SkillWish(forklift, True)], commit=True)

    result = candidates_for(opportunity, users["coach_a"], enabled=True, near_misses=True,
                            deadline=False)
    entries = {e.candidate_id: e for e in [*result.entries, *result.near_misses]}
    assert skills_reason(entries[holder.id])["matched"] == [forklift.id]
    assert skills_reason(entries[other.id])["missing"] == [forklift.id]
    ranked = [e.candidate_id for e in result.entries]
    if other.id in ranked:
        assert ranked.index(holder.id) < ranked.index(other.id)

    found = opportunities_for(holder, enabled=True, deadline=False)
    mine = next(e for e in found.entries if e.opportunity_id == opportunity.id)
    assert skills_reason(mine)["matched"] == [forklift.id]


def test_an_individual_skill_is_met_only_by_itself(app_ctx):
    skills = matching_spaces().skills
    forklift = skill(OPERATE_FORKLIFT)
    column = skills.index_of(forklift.id)
    assert skills.parents[column] == ()
    credit = skills.credit_sets(column)
    assert (list(credit.full), list(credit.partial)) == ([column], [])
