"""Suggestions through the API: the site's one ranking path, scoped to the partner's
organisation, with plain reasons and the scorer version, logged like the pages; the
dismissals and the admins' switch apply as on the pages."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.proposals.models import Proposal
from marketplace.suggestions.models import SuggestionList
from marketplace.suggestions.operations import dismiss_suggestion, set_ranking_enabled
from tests.api.conftest import assert_problem
from tests.factories import FORKLIFT, make_api_token, make_candidate, make_opportunity

SUGGESTION_SCOPE = ["suggestions:read"]


def lists() -> int:
    return db.session.scalar(select(func.count()).select_from(SuggestionList))


def last_list() -> SuggestionList:
    return db.session.scalars(select(SuggestionList).order_by(SuggestionList.id.desc())).first()


def driver(coach, pseudonym: str, **values):
    return make_candidate(coach, pseudonym=pseudonym, wishes=[FORKLIFT], commit=True, **values)


@pytest.fixture
def opportunity(app_ctx, organisations):
    return make_opportunity(organisations["employer_a"], commit=True)


@pytest.fixture
def partner_key(organisations, users):
    """partner_a's key, made by its coach (the person its lists are logged under)."""
    return make_api_token(organisations["partner_a"], scopes=SUGGESTION_SCOPE,
                          created_by=users["coach_a"], commit=True)[1]


def url_for_opportunity(opportunity) -> str:
    return f"/api/v1/opportunities/{opportunity.id}/suggestions"


def test_candidates_of_the_organisation_come_ranked_with_reasons_and_are_logged(
        api, users, organisations, opportunity, partner_key):
    amal = driver(users["coach_a"], "Amal")
    bert = make_candidate(users["coach_a"], pseudonym="Bert", commit=True)
    shared = driver(users["coach_b"], "Chloe", shared=True)  # another organisation's
    response = api(secret=partner_key).get(url_for_opportunity(opportunity))
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["ranked"] is True and body["scorer_version"] == "cold-start-1"
    assert [item["candidate_id"] for item in body["items"]] == [amal.id, bert.id]
    assert shared.id not in {item["candidate_id"] for item in body["items"]}
    first = body["items"][0]
    assert first["rank"] == 1 and first["fit"] == "strong" and 0 < first["score"] <= 1
    assert any("Wil werken als" in reason for reason in first["reasons"])
    assert all("<" not in reason for reason in first["reasons"])  # plain text
    shown = last_list()
    assert (shown.id, shown.subject, shown.opportunity_id) == (
        body["list_id"], "opportunity", opportunity.id)
    assert shown.coach_id == users["coach_a"].id and shown.scorer_version == "cold-start-1"
    assert [e.id for e in shown.entries] == [item["entry_id"] for item in body["items"]]


def test_the_reasons_follow_accept_language(api, users, opportunity, partner_key):
    driver(users["coach_a"], "Amal")
    response = api(secret=partner_key).get(url_for_opportunity(opportunity),
                                           headers={"Accept-Language": "en"})
    assert any("Wishes to work as" in r for r in response.get_json()["items"][0]["reasons"])


def test_a_key_without_its_maker_gets_a_409_and_nothing_is_logged(api, opportunity, users):
    driver(users["coach_a"], "Amal")
    before = lists()
    assert_problem(api("partner_a").get(url_for_opportunity(opportunity)), 409)
    assert lists() == before


def test_a_dismissed_candidate_is_left_out_as_on_the_page(api, users, opportunity,
                                                          partner_key):
    amal, bert = driver(users["coach_a"], "Amal"), driver(users["coach_a"], "Bert")
    api(secret=partner_key).get(url_for_opportunity(opportunity))
    entry = next(e for e in last_list().entries if e.candidate_id == amal.id)
    dismiss_suggestion(entry, users["coach_a"], reason="not_interested")
    db.session.commit()
    body = api(secret=partner_key).get(url_for_opportunity(opportunity)).get_json()
    assert [item["candidate_id"] for item in body["items"]] == [bert.id]


def test_with_the_ranking_switched_off_the_list_is_unranked(api, users, opportunity,
                                                            partner_key):
    driver(users["coach_a"], "Amal")
    set_ranking_enabled(False, by=users["admin"])
    db.session.commit()
    body = api(secret=partner_key).get(url_for_opportunity(opportunity)).get_json()
    assert (body["ranked"], body["scorer_version"], body["unranked_because"]) == (
        False, "unranked", "switched_off")
    assert body["items"][0]["score"] is None and body["items"][0]["fit"] is None
    assert last_list().ranked is False


def test_opportunities_for_a_candidate_are_logged_under_their_coach(api, users, organisations,
                                                                    opportunity):
    amal = driver(users["coach_a"], "Amal")
    make_opportunity(organisations["employer_b"], status="draft", commit=True)
    response = api("partner_a").get(f"/api/v1/candidates/{amal.id}/suggestions?limit=5")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert [item["opportunity_id"] for item in body["items"]] == [opportunity.id]
    shown = last_list()
    assert (shown.subject, shown.candidate_id, shown.coach_id) == (
        "candidate", amal.id, users["coach_a"].id)


def test_another_organisations_ids_are_not_found_and_nothing_is_logged(
        api, users, organisations, opportunity, partner_key):
    theirs = driver(users["coach_b"], "Lina", shared=True)
    draft = make_opportunity(organisations["employer_a"], status="draft", commit=True)
    before = lists()
    assert_problem(api("partner_a").get(f"/api/v1/candidates/{theirs.id}/suggestions"), 404)
    assert_problem(api(secret=partner_key).get(url_for_opportunity(draft)), 404)
    assert lists() == before


def test_only_partner_keys_with_the_scope_and_a_valid_limit(api, organisations, users,
                                                           opportunity):
    amal = driver(users["coach_a"], "Amal")
    _token, narrow = make_api_token(organisations["partner_a"], scopes=["proposals:read"],
                                    created_by=users["coach_a"], commit=True)
    before = lists()
    assert_problem(api(secret=narrow).get(url_for_opportunity(opportunity)), 403)
    assert_problem(api("employer_a").get(url_for_opportunity(opportunity)), 403)
    assert_problem(api("federation").get(f"/api/v1/candidates/{amal.id}/suggestions"), 403)
    body = assert_problem(api("partner_a").get(
        f"/api/v1/candidates/{amal.id}/suggestions?limit=0"), 422)
    assert body["errors"][0]["location"] == ["query", "limit"]
    assert lists() == before


def test_a_proposal_made_from_a_suggestion_links_back_to_its_entry(api, users, opportunity):
    amal, bert = driver(users["coach_a"], "Amal"), driver(users["coach_a"], "Bert")
    listed = api("partner_a").get(f"/api/v1/candidates/{amal.id}/suggestions").get_json()
    entry_id = listed["items"][0]["entry_id"]

    def propose(candidate):
        response = api("partner_a").post("/api/v1/proposals", json={
            "candidate_id": candidate.id, "opportunity_id": opportunity.id,
            "motivation": "Uit de suggesties.", "suggestion_entry_id": entry_id,
            "candidate_agreed_on": local_today().isoformat()})
        assert response.status_code == 201, response.get_data(as_text=True)
        return db.session.get(Proposal, response.get_json()["id"])

    assert propose(amal).suggestion_entry_id == entry_id
    assert propose(bert).suggestion_entry_id is None  # not a suggestion of this pair
