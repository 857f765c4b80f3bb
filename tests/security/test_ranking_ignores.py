"""The ranking never uses gender, birth year, the country of experience or the coach's
note, and another language counts only for an opportunity that asks for it.

Through the pages' ranking path (``marketplace.suggestions.ranking``) and the database, in both
directions: candidates for an opportunity, and opportunities for a candidate. Each
change is saved through the candidates' own operation (so the matching engine's cache
is renewed by the data version stamp), and every score and reason must stay the same.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from marketplace.candidates.operations import (
    ExperienceEntry,
    profile_of,
    update_candidate,
)
from marketplace.extensions import db
from marketplace.opportunities import operations as opportunities
from marketplace.suggestions.ranking import candidates_for, opportunities_for
from tests.factories import FORKLIFT, WAREHOUSE, make_candidate, make_opportunity, occupation_id


def _publish(organisation, title: str, languages: list[opportunities.LanguageWish]):
    return make_opportunity(organisation, title=title, places=2, languages=languages,
                            commit=True)


def _candidate(coach, pseudonym: str, dutch: str, years: float, languages: dict,
               gender: str, birth_year: int):
    return make_candidate(
        coach, pseudonym=pseudonym, dutch_level=dutch, languages=languages,
        experiences=[ExperienceEntry(occupation_id(WAREHOUSE), "magazijnier", years, "SY"),
                     ExperienceEntry(occupation_id(FORKLIFT), None, 1.0, "TR")],
        wished_kinds=frozenset({"job"}), hours_per_week=38,
        day_parts=frozenset({"mornings", "afternoons"}), coach_note="Komt altijd op tijd.",
        gender=gender, birth_year=birth_year, commit=True,
    )


@pytest.fixture
def caseload(app_ctx, users):
    coach = users["coach_a"]
    return [
        _candidate(coach, "Hana", "B1", 4.0, {"ar": "C2", "en": "B1"}, "woman", 1990),
        _candidate(coach, "Yonas", "A2", 1.5, {"ti": "C2", "ar": "A2"}, "man", 1975),
        _candidate(coach, "Mira", "B2", 8.0, {"en": "C1"}, "non_binary", 2001),
        _candidate(coach, "Olek", "A2", 0.5, {}, "man", 1962),
    ]


#: Each change to every candidate that must leave every score as it was (for the
#: opportunity below, which asks for English only).
IGNORED_CHANGES = {
    "gender": lambda p: replace(p, gender={"woman": "man"}.get(p.gender, "woman")),
    "no gender": lambda p: replace(p, gender=None),
    "birth year": lambda p: replace(p, birth_year=p.birth_year - 30),
    "no birth year": lambda p: replace(p, birth_year=None),
    "country of experience": lambda p: replace(p, experiences=[
        replace(e, country="BE" if e.country != "BE" else "MA") for e in p.experiences]),
    "no country of experience": lambda p: replace(p, experiences=[
        replace(e, country=None) for e in p.experiences]),
    "coach's note": lambda p: replace(p, coach_note="Heel sterk, eerst voorstellen!"),
    "no coach's note": lambda p: replace(p, coach_note=None),
    "a language not asked for": lambda p: replace(p, languages={**p.languages, "ti": "C2"}),
    "a level of a language not asked for": lambda p: replace(
        p, languages={code: ("A1" if code != "en" else level)
                      for code, level in p.languages.items()}),
    "languages not asked for removed": lambda p: replace(
        p, languages={code: level for code, level in p.languages.items() if code == "en"}),
}


def _change_everyone(candidates, change) -> None:
    for candidate in candidates:
        update_candidate(candidate, change(profile_of(candidate)),
                         expected_version=candidate.version)
    db.session.commit()


def _candidate_scores(opportunity) -> dict:
    """Every candidate's score, reasons and unmet requirements for ``opportunity``
    (suggestions and near misses)."""
    ranked = candidates_for(opportunity, None, enabled=True, top_k=100, near_misses=True)
    return {e.candidate_id: (e.score, e.explanation.reasons, e.unmet)
            for e in [*ranked.entries, *ranked.near_misses]}


def _opportunity_scores(candidate) -> dict:
    ranked = opportunities_for(candidate, enabled=True, top_k=100, near_misses=True)
    return {e.opportunity_id: (e.score, e.explanation.reasons, e.unmet)
            for e in [*ranked.entries, *ranked.near_misses]}


@pytest.mark.parametrize("change", sorted(IGNORED_CHANGES))
def test_candidates_for_an_opportunity_score_the_same_after(change, caseload, organisations):
    opportunity = _publish(organisations["employer_a"], "Heftruckchauffeur",
                           [opportunities.LanguageWish("en", "B1", required=False)])
    before = _candidate_scores(opportunity)
    assert len(before) == len(caseload)
    _change_everyone(caseload, IGNORED_CHANGES[change])
    assert _candidate_scores(opportunity) == before


def test_the_language_asked_for_does_change_the_score(caseload, organisations):
    """The comparison above can see a difference: English, which is asked for, counts."""
    opportunity = _publish(organisations["employer_a"], "Heftruckchauffeur",
                           [opportunities.LanguageWish("en", "B1", required=False)])
    before = _candidate_scores(opportunity)
    _change_everyone(caseload, lambda p: replace(p, languages={**p.languages, "en": "C2"}))
    after = _candidate_scores(opportunity)
    changed = {cid for cid in before if before[cid][0] != after[cid][0]}
    # Hana (B1) and Mira (C1) met the level asked already; Yonas and Olek gain English.
    assert changed == {caseload[1].id, caseload[3].id}


@pytest.fixture
def three_opportunities(app_ctx, organisations):
    """One asks for English, one for Arabic, one for no other language."""
    return {
        "en": _publish(organisations["employer_a"], "Heftruckchauffeur haven",
                       [opportunities.LanguageWish("en", "B1", required=False)]),
        "ar": _publish(organisations["employer_b"], "Heftruckchauffeur Arabisch",
                       [opportunities.LanguageWish("ar", "B2", required=False)]),
        "none": _publish(organisations["employer_a"], "Heftruckchauffeur nacht", []),
    }


@pytest.mark.parametrize("change", sorted(set(IGNORED_CHANGES) - {
    "a level of a language not asked for", "languages not asked for removed"}))
def test_opportunities_for_a_candidate_score_the_same_after(change, caseload,
                                                           three_opportunities):
    """Opportunities for one candidate: protected facts and a language that none of
    the opportunities asks for (Tigrinya) change nothing."""
    hana = caseload[0]
    before = _opportunity_scores(hana)
    assert {o.id for o in three_opportunities.values()} <= set(before)
    _change_everyone([hana], IGNORED_CHANGES[change])
    assert _opportunity_scores(hana) == before


def test_a_language_counts_only_for_the_opportunity_that_asks_for_it(caseload,
                                                                    three_opportunities):
    hana = caseload[0]  # Arabic C2, English B1
    before = _opportunity_scores(hana)
    _change_everyone([hana], lambda p: replace(
        p, languages={code: level for code, level in p.languages.items() if code != "ar"}))
    after = _opportunity_scores(hana)
    asks_arabic = three_opportunities["ar"].id
    assert before[asks_arabic][0] > after[asks_arabic][0]
    for key in ("en", "none"):
        opportunity_id = three_opportunities[key].id
        assert after[opportunity_id] == before[opportunity_id], key
