"""Every error under /api/v1 is an RFC 9457 problem (never an HTML page), and nothing
is written; the site's own pages keep their HTML errors."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from marketplace.api.auth import _check_body
from marketplace.api.etag import require_if_match
from marketplace.api.hooks import api_error_answer
from marketplace.api.limits import limiter
from marketplace.api.problems import ApiProblem
from marketplace.audit.models import AuditEvent
from marketplace.extensions import db
from tests.api.conftest import assert_problem
from tests.factories import make_opportunity

LIST = "/api/v1/opportunities"


def test_an_unknown_route_under_the_api_is_a_404_problem(api, app_ctx):
    assert_problem(api("employer_a").get("/api/v1/nothing-here"), 404)
    assert_problem(api("employer_a").get("/api/v1"), 404)


def test_the_sites_own_404_stays_a_page(client, app_ctx):
    response = client.get("/nothing-here")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_a_method_the_route_does_not_take_is_a_405_problem(api, app_ctx):
    response = api("employer_a").delete(LIST)
    assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_another_organisations_id_is_a_404_problem(api, app_ctx, organisations):
    theirs = make_opportunity(organisations["employer_b"], commit=True)
    body = assert_problem(api("employer_a").get(f"{LIST}/{theirs.id}"), 404)
    assert body["type"] == "/api/v1/docs#problem-not-found"


def test_a_limit_outside_1_to_100_is_a_422_problem_naming_the_field(api, app_ctx):
    for limit in ("0", "101", "many"):
        body = assert_problem(api("employer_a").get(f"{LIST}?limit={limit}"), 422)
        assert [error["location"] for error in body["errors"]] == [["query", "limit"]]


def test_an_unknown_query_parameter_is_a_422_problem(api, app_ctx):
    body = assert_problem(api("employer_a").get(f"{LIST}?colour=blue"), 422)
    assert body["errors"][0]["location"] == ["query", "colour"]
    assert body["errors"][0]["code"] == "extra_forbidden"


def test_problems_speak_the_callers_language(api, app_ctx):
    dutch = assert_problem(api("employer_a").get("/api/v1/nothing"), 404)
    english = assert_problem(api("employer_a").get(
        "/api/v1/nothing", headers={"Accept-Language": "en"}), 404)
    assert english["title"] == "Not found"
    assert dutch["title"] == "Niet gevonden"


def test_an_unexpected_error_is_a_500_problem(api, app_ctx, monkeypatch):
    def broken(*_args):
        raise RuntimeError("a bug")

    monkeypatch.setattr("marketplace.api.opportunities.visible_opportunity_or_404", broken)
    body = assert_problem(api("employer_a").get(f"{LIST}/1"), 500)
    assert "a bug" not in body["detail"]


def test_too_many_calls_get_429_with_retry_after(api, app, app_ctx, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "2/minute")
    caller = api("employer_a")
    allowed = [caller.get(LIST) for _ in range(2)]
    assert [answer.status_code for answer in allowed] == [200, 200]
    assert all("Retry-After" not in answer.headers for answer in allowed)  # no wait asked
    response = caller.get(LIST)
    assert_problem(response, 429)
    assert int(response.headers["Retry-After"]) >= 1
    assert api("employer_b").get(LIST).status_code == 200  # a budget per token


def test_the_limiter_counts_api_calls_and_never_runs_for_the_sites_pages(
        api, app, app_ctx, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "5/minute")
    answer = api("employer_a").get(LIST)
    assert answer.status_code == 200
    assert answer.headers["X-RateLimit-Limit"] == "5"
    assert answer.headers["X-RateLimit-Remaining"] == "4"
    checked = []
    monkeypatch.setattr(limiter, "identify_request",
                        lambda: checked.append(True) or "")  # the hook's first step
    page = login_as("employer_a").get("/start")
    assert page.status_code == 200
    assert checked == []
    assert not any(name.startswith("X-RateLimit") for name, _value in page.headers.items())


def test_nothing_but_the_call_is_written_on_an_error(api, app_ctx, tokens):
    before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    api("employer_a").get(f"{LIST}?limit=0")
    after = db.session.scalar(select(func.count()).select_from(AuditEvent))
    assert after == before + 1


# The body checks and If-Match, on the request a write operation gets (the resources
# with write operations test them through their routes too).

@pytest.mark.parametrize(("data", "content_type", "status"), [
    ("{}", "text/plain", 415),
    ("name=x", "application/x-www-form-urlencoded", 415),
    ('{"title": ', "application/json", 400),
    ("x" * 300_000, "application/json", 413),
])
def test_a_body_that_is_not_small_json_is_refused(app: Flask, data, content_type, status):
    with app.test_request_context("/api/v1/opportunities", method="POST", data=data,
                                  content_type=content_type):
        with pytest.raises(ApiProblem) as refused:
            _check_body(256 * 1024)
        assert refused.value.status == status
        response = api_error_answer(refused.value)
        assert response.status_code == status
        assert response.mimetype == "application/problem+json"


def test_a_small_json_body_passes(app: Flask):
    with app.test_request_context("/api/v1/opportunities", method="POST", json={"a": 1}):
        _check_body(256 * 1024)


def test_an_update_needs_the_current_etag(app: Flask, app_ctx, organisations):
    opportunity = make_opportunity(organisations["employer_a"])
    for headers, status in (({}, 428), ({"If-Match": '"999"'}, 412),
                            ({"If-Match": f'W/"{opportunity.version}"'}, 412)):
        with app.test_request_context("/api/v1/x", method="PUT", headers=headers):
            with pytest.raises(ApiProblem) as refused:
                require_if_match(opportunity)
            assert refused.value.status == status
    for header in (f'"{opportunity.version}"', f'"1", "{opportunity.version}"', "*"):
        with app.test_request_context("/api/v1/x", method="PUT", headers={"If-Match": header}):
            require_if_match(opportunity)


def test_a_lost_race_on_the_version_is_a_409_problem(app: Flask, app_ctx):
    with app.test_request_context("/api/v1/opportunities/1", method="PUT"):
        response = api_error_answer(StaleDataError("lost"))
    assert response.status_code == 409
    assert response.get_json()["status"] == 409
