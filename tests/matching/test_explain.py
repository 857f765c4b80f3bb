"""Explanations are structured reasons a coach can check (text comes from the app)."""

from __future__ import annotations

import json

import pytest

from marketplace.matching.explain import (
    explain,
    explain_candidates,
    explain_opportunities,
)
from marketplace.matching.opportunity_table import OpportunitySpec, OpportunityTable
from marketplace.matching.scoring import rank_candidates, rank_opportunities
from tests.matching.helpers import MECHELEN, candidate, opportunity, pool_of


def reasons_by_code(explanation):
    return {reason.code: reason for reason in explanation.reasons}


@pytest.fixture
def explained(spaces):
    pool = pool_of(
        spaces,
        candidate("ali", dutch_level="A2", experience=[("cook", 6), ("pipe welder", 4)],
                  wished_occupations=["cook"], skills=["arc welding", "metal work"],
                  languages=[("en", "A2")], latitude=MECHELEN[0], longitude=MECHELEN[1],
                  max_commute_km=30, hours_per_week=30, available_from="2026-04-11",
                  availability=["day"], wished_sectors=["F"], allowed_to_work="pending"),
    )
    spec = OpportunitySpec.from_record(opportunity(
        dutch_level="B1", language_support=True,
        skills_required=["welding", "first aid", "cooking"],
        skills_advantage=["gas welding"], languages=[("en", "B1", True)],
        schedule=["day", "night"], sector="C", hours_per_week=38,
    ), spaces)
    ranking = rank_candidates(pool, spec)
    [explanation] = explain_candidates(pool, spec, ranking)
    return explanation, ranking


def test_the_occupation_reason_names_the_closest_entry_and_its_years(explained):
    explanation, _ranking = explained
    reason = reasons_by_code(explanation)["occupation_match"]
    assert reason.params == {"source": "experience", "candidate_occupation": "pipe welder",
                             "opportunity_occupation": "welder", "relation": "esco_family",
                             "years": 4.0}


def test_a_wish_is_named_when_it_is_the_closest(spaces):
    pool = pool_of(spaces, candidate("c", experience=[("solderer", 20)],
                                     wished_occupations=["welder"]))
    spec = OpportunitySpec.from_record(opportunity(), spaces)
    [explanation] = explain_candidates(pool, spec, rank_candidates(pool, spec))
    params = reasons_by_code(explanation)["occupation_match"].params
    assert (params["source"], params["relation"], params["years"]) == ("wish", "same", None)


def test_skills_matched_partly_matched_and_missing(explained):
    explanation, _ranking = explained
    reasons = reasons_by_code(explanation)
    assert reasons["skills_required"].params == {
        "matched": ["welding"], "partly": [], "missing": ["first aid", "cooking"]}
    assert reasons["skills_advantage"].params == {
        "matched": [], "partly": ["gas welding"], "missing": []}
    assert reasons["skills_required"].effect < 0


def test_dutch_level_against_the_need_and_whether_support_bridges_it(explained):
    explanation, _ranking = explained
    assert reasons_by_code(explanation)["dutch_level"].params == {
        "candidate": "A2", "required": "B1", "language_support": True, "bridged": True,
        "kind": "job"}


def test_distance_hours_languages_schedule_sector_and_start(explained):
    explanation, _ranking = explained
    reasons = reasons_by_code(explanation)
    assert reasons["distance"].params["km"] == pytest.approx(21.9, abs=0.3)
    assert reasons["distance"].params["max_commute_km"] == 30
    assert reasons["hours"].params == {"wished": 30.0, "offered": 38.0}
    assert reasons["languages"].params == {
        "met": [], "short": [{"code": "en", "candidate": "A2", "minimum": "B1", "required": True}]}
    assert reasons["schedule"].params == {"needed": ["day", "night"], "available": ["day"],
                                          "missing": ["night"]}
    assert reasons["sector"].params == {"sector": "C", "wished": False}
    assert reasons["start_date"].params == {"available_from": "2026-04-11",
                                            "starts_on": "2026-04-01", "days_late": 10}
    assert "work_permission_pending" in reasons


def test_strongest_features_and_scorer_version(explained):
    explanation, ranking = explained
    assert explanation.scorer_version == "cold-start-1"
    assert explanation.score == ranking.scores[0]
    up = [r.params["feature"] for r in explanation.strongest_up]
    down = [r.params["feature"] for r in explanation.strongest_down]
    assert up[0] == "occupation"
    assert "skills_required" in down
    assert all(r.effect > 0 for r in explanation.strongest_up)
    assert all(r.effect < 0 for r in explanation.strongest_down)
    assert [r.effect for r in explanation.strongest_up] == sorted(
        (r.effect for r in explanation.strongest_up), reverse=True)


def test_explanations_are_plain_json(explained):
    explanation, _ranking = explained
    for reason in (*explanation.reasons, *explanation.strongest_up, *explanation.strongest_down):
        assert json.loads(json.dumps(reason.params)) == reason.params


def test_near_misses_name_each_unmet_requirement_with_its_details(spaces):
    pool = pool_of(spaces, candidate("far", latitude=MECHELEN[0], longitude=MECHELEN[1],
                                     max_commute_km=10, dutch_level="A1",
                                     wished_kinds=["internship"]))
    spec = OpportunitySpec.from_record(opportunity(dutch_level="B1"), spaces)
    ranking = rank_candidates(pool, spec, include_near_misses=True, max_unmet=3)
    [explanation] = explain_candidates(pool, spec, ranking.near_misses)
    unmet = {r.params["requirement"]: r.params for r in explanation.unmet}
    assert unmet["kind"] == {"requirement": "kind", "kind": "job", "wished_kinds": ["internship"]}
    assert unmet["dutch_level"] == {"requirement": "dutch_level", "candidate": "A1",
                                    "required": "B1", "language_support": False}
    assert unmet["distance"]["max_commute_km"] == 10
    assert unmet["distance"]["km"] > 20


def test_explaining_opportunities_for_a_candidate(spaces):
    pool = pool_of(spaces, candidate("c"))
    table = OpportunityTable.from_records(
        [opportunity("welding", occupation="welder"), opportunity("kitchen", occupation="cook"),
         opportunity("unknown", occupation=None)], spaces)
    ranking = rank_opportunities(pool, 0, table)
    explanations = explain_opportunities(pool, 0, table, ranking)
    assert [e.opportunity_id for e in explanations] == ["welding", "unknown", "kitchen"]
    codes = [next(r.code for r in e.reasons if r.code.startswith("occupation"))
             for e in explanations]
    assert codes == ["occupation_match", "occupation_unknown", "occupation_unrelated"]


def test_explaining_a_ranking_at_once_equals_explaining_each_pair_alone(spaces):
    # explain_candidates and explain_opportunities compute the distances and experience
    # factors of all their pairs at once; explain() alone computes them per pair.
    pool = pool_of(
        spaces,
        candidate("a", experience=[("cook", 6), ("pipe welder", 4)], wished_occupations=["cook"],
                  latitude=MECHELEN[0], longitude=MECHELEN[1], max_commute_km=60),
        candidate("b", experience=[("solderer", 20)], wished_occupations=["welder"]),
        candidate("c", latitude=MECHELEN[0], longitude=MECHELEN[1], max_commute_km=60),
        candidate("d", experience=[("welder", 0.5), ("cook", 1)], latitude=None, longitude=None),
    )
    spec = OpportunitySpec.from_record(opportunity(), spaces)
    ranking = rank_candidates(pool, spec, top_k=10, include_near_misses=True, max_unmet=3)
    for part in (ranking, ranking.near_misses):
        alone = [explain(pool, s.index, spec, s, part.scorer_version) for s in part]
        assert explain_candidates(pool, spec, part) == alone
    assert len(ranking) + len(ranking.near_misses) == 4
    table = OpportunityTable.from_records(
        [opportunity("welding", occupation="welder"), opportunity("kitchen", occupation="cook"),
         opportunity("unknown", occupation=None)], spaces)
    for index in range(4):
        ranking = rank_opportunities(pool, index, table, include_near_misses=True, max_unmet=3)
        for part in (ranking, ranking.near_misses):
            alone = [explain(pool, index, table.specs[s.index], s, part.scorer_version)
                     for s in part]
            assert explain_opportunities(pool, index, table, part) == alone


def test_equal_effects_keep_feature_order_down_and_the_reverse_up(spaces):
    # languages, hours and start_date weigh 0.03 each: fully met, each pushes the score up
    # by the same 0.015. Among equal effects the strongest up name the later features
    # first (and the cut at three leaves languages out).
    pool = pool_of(spaces, candidate("a", languages=[("en", "B2")], hours_per_week=38,
                                     available_from="2026-03-01", experience=[]))
    spec = OpportunitySpec.from_record(opportunity(
        languages=[("en", "B1", True)], hours_per_week=38, starts_on="2026-04-01",
        skills_required=["cooking"], skills_advantage=["first aid"]), spaces)
    [explanation] = explain_candidates(pool, spec, rank_candidates(pool, spec))
    up = [(r.params["feature"], r.effect) for r in explanation.strongest_up]
    assert up == [("distance", 0.025), ("start_date", 0.015), ("hours", 0.015)]
    down = [(r.params["feature"], r.effect) for r in explanation.strongest_down]
    assert down == [("occupation", -0.35), ("skills_required", -0.03),
                    ("skills_advantage", -0.01)]
    assert [r.params["value"] for r in explanation.strongest_up] == [1.0, 1.0, 1.0]
