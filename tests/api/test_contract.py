"""The contract: an OpenAPI 3.1 document from the code, and its readable page."""

from __future__ import annotations

import re

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
    assert {p["name"] for p in listing["parameters"]} == {"limit", "cursor", "status"}
    for status in ("401", "403", "422", "429"):
        assert "application/problem+json" in listing["responses"][status]["content"]
    assert "/api/v1/opportunities/{opportunity_id}" in document["paths"]


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
