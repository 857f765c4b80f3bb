"""The contract: an OpenAPI 3.1 document from the code, and its readable page."""

from __future__ import annotations

import re

import schemathesis
from flask import Flask

from tests.api.conftest import assert_problem


def test_the_document_is_openapi_3_1_with_bearer_auth_and_problem_answers(client, app_ctx):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.1")
    assert document["components"]["securitySchemes"]["apiKey"] == {
        "type": "http", "scheme": "bearer",
        "description": "An API key made on the site's API keys page."}
    listing = document["paths"]["/api/v1/opportunities"]["get"]
    assert {(p["in"], p["name"]) for p in listing["parameters"]} == {
        ("query", "limit"), ("query", "cursor"), ("query", "status"),
        ("header", "Accept-Language")}
    for status in ("401", "403", "422", "429"):
        assert "application/problem+json" in listing["responses"][status]["content"]
    assert "/api/v1/opportunities/{opportunity_id}" in document["paths"]


def test_the_document_is_valid_openapi_3_1(client, app_ctx):
    document = client.get("/api/v1/openapi.json").get_json()
    schemathesis.openapi.from_dict(document).validate()  # raises on the first error


def test_the_document_describes_the_headers_of_the_answers_and_requests(client, app_ctx):
    document = client.get("/api/v1/openapi.json").get_json()
    paths = document["paths"]
    one = paths["/api/v1/opportunities/{opportunity_id}"]
    assert set(one["get"]["responses"]["200"]["headers"]) == {
        "ETag", "Cache-Control", "X-RateLimit-Limit", "X-RateLimit-Remaining",
        "X-RateLimit-Reset"}
    assert "Link" in paths["/api/v1/opportunities"]["get"]["responses"]["200"]["headers"]
    created = paths["/api/v1/opportunities"]["post"]["responses"]["201"]["headers"]
    assert {"ETag", "Location"} <= set(created)
    answers = one["patch"]["responses"]
    assert set(answers["429"]["headers"]) >= {"Retry-After", "X-RateLimit-Reset"}
    assert set(answers["401"]["headers"]) == {"Cache-Control", "WWW-Authenticate"}
    assert "Retry-After" in answers["503"]["headers"]
    if_match = {p["name"]: p for p in one["patch"]["parameters"] if p["in"] == "header"}
    assert if_match["If-Match"]["required"] is True
    by_ref = paths["/api/v1/opportunities/by-ref/{ref}"]["put"]["parameters"]
    assert [p["required"] for p in by_ref if p["name"] == "If-Match"] == [False]
    assert not [p for p in one["get"]["parameters"] if p["name"] == "If-Match"]
    for name, header in document["components"]["headers"].items():
        assert header["description"] and header["schema"], name


def test_the_docs_page_explains_every_header_of_the_document(client, app_ctx):
    document = client.get("/api/v1/openapi.json").get_json()
    names = set(document["components"]["headers"]) | {
        parameter["name"] for methods in document["paths"].values()
        for operation in methods.values() for parameter in operation["parameters"]
        if parameter["in"] == "header"}
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert [name for name in sorted(names) if f'id="header-{name}"' not in page] == []
    assert "Headers die je meestuurt" in page and "Headers die je terugkrijgt" in page
    assert "Altijd no-store" in page
    client.post("/language", data={"locale": "en", "next": "/api/v1/docs"})
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert "Headers you receive" in page and "Always no-store" in page


def test_the_request_models_refuse_unknown_fields(client, app_ctx):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert schemas["OpportunityListQuery"]["additionalProperties"] is False


def test_the_docs_page_is_our_own_in_dutch_without_scripts_from_elsewhere(client, app_ctx):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Partner-API</h1>" in page
    assert 'id="op-listOpportunities"' in page and 'id="schema-OpportunityOut"' in page
    assert 'id="problem-precondition-failed"' in page
    assert "Authorization: Bearer" in page
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert scripts and all(src.startswith("/static/") for src in scripts)
    assert "cdn" not in page.lower()


def test_the_docs_page_in_english(client, app_ctx):
    client.post("/language", data={"locale": "en", "next": "/api/v1/docs"})
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert "<h1>Partner API</h1>" in page


def test_the_problem_texts_on_the_docs_page_are_text_not_markup(client, app_ctx):
    """A translated text is shown as typed: "<sleutel>" is not swallowed as a tag."""
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert "Authorization: Bearer &lt;sleutel&gt;." in page
    assert "<sleutel>" not in page


def test_the_contract_and_page_take_no_other_method(client, app_ctx):
    assert_problem(client.post("/api/v1/openapi.json"), 405)


def test_spectrees_own_pages_are_not_mounted(app: Flask):
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    assert not [rule for rule in rules if "apidoc" in rule or "swagger" in rule]


def test_a_proposal_is_described_for_any_organisation_not_only_an_employer(client, app_ctx):
    # Course providers answer proposals too.
    document = client.get("/api/v1/openapi.json").get_json()
    fields = document["components"]["schemas"]["ProposalIn"]["properties"]
    assert fields["motivation"]["description"] == (
        "For the organisation that answers: why this person fits.")
    assert "employer" not in fields["candidate_agreed_on"]["description"]
