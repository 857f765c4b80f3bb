"""Who may call the partner API: a usable bearer token with the scope, nothing else."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.apitokens.models import ApiToken
from marketplace.apitokens.operations import revoke_token
from marketplace.audit.models import AuditEvent
from marketplace.db_types import utcnow
from marketplace.extensions import db
from tests.api.conftest import assert_problem
from tests.factories import make_api_token, make_opportunity
from tests.security.helpers import changed_tables, fingerprint

LIST = "/api/v1/opportunities"


def test_a_call_without_a_token_is_a_401_problem_with_a_bearer_challenge(client, app_ctx):
    response = client.get(LIST)
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_logged_in_session_without_a_token_gets_401(client, login_as, app_ctx):
    login_as("employer_a")
    response = client.get(LIST)
    assert_problem(response, 401)


def test_api_answers_leave_the_browsers_session_cookie_alone(api, client, login_as, app_ctx):
    """A call with a key from a browser that is logged in to the site: the answer
    neither writes the session cookie nor varies by it; the site's pages still do."""
    login_as("employer_a")
    for response in (api("employer_a").get(LIST), client.get(LIST)):
        assert "Cookie" not in response.headers.get("Vary", "")
        assert "Set-Cookie" not in response.headers
    page = client.get("/opportunities/")
    assert page.status_code == 200
    assert "Cookie" in page.headers.get("Vary", "")
    assert client.get("/api/v1/docs").headers.get("Vary", "") == "Cookie"


def test_a_logged_in_sessions_post_without_a_token_is_refused_and_writes_nothing(
    client, login_as, app_ctx
):
    """What CSRF protects on the site: a cross-site POST carries only the cookie."""
    login_as("employer_a")
    before = fingerprint()
    response = client.post(LIST, json={"title": "Heftruckchauffeur", "kind": "job"})
    assert_problem(response, 401)
    assert changed_tables(before, fingerprint()) == []  # no token: nobody to audit


def test_an_unknown_or_malformed_token_is_refused(api, app_ctx, tokens):
    token, secret = tokens["employer_a"]
    for bearer in ("wb_nothing_here", "not-a-token", secret[:-2] + "xx",
                   f"wb_{token.prefix}_"):
        response = api(secret=bearer).get(LIST)
        body = assert_problem(response, 401)
        assert 'error="invalid_token"' in response.headers["WWW-Authenticate"] or \
            body["detail"].startswith("Stuur een API-sleutel mee")


def test_another_scheme_than_bearer_is_refused(client, app_ctx, tokens):
    _token, secret = tokens["employer_a"]
    response = client.get(LIST, headers={"Authorization": f"Basic {secret}"})
    assert_problem(response, 401)


def test_an_expired_token_is_refused_and_the_attempt_is_logged(api, app_ctx, organisations):
    token, secret = make_api_token(organisations["employer_a"],
                                   expires_at=utcnow() - timedelta(minutes=1), commit=True)
    body = assert_problem(api(secret=secret).get(LIST), 401)
    assert body["detail"] == "Deze API-sleutel is verlopen."
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "api_call", AuditEvent.actor_token_id == token.id)).one()
    assert event.details["status"] == 401


def test_a_revoked_token_is_refused(api, app_ctx, tokens, users):
    token, secret = tokens["employer_a"]
    assert api("employer_a").get(LIST).status_code == 200
    revoke_token(token, revoked_by=users["admin"])
    db.session.commit()
    body = assert_problem(api(secret=secret).get(LIST), 401)
    assert body["detail"] == "Deze API-sleutel is ingetrokken."


def test_a_token_without_the_scope_gets_403(api, app_ctx, organisations):
    _token, secret = make_api_token(organisations["employer_a"],
                                    scopes=["opportunities:write"], commit=True)
    body = assert_problem(api(secret=secret).get(LIST), 403)
    assert body["detail"] == "Deze API-sleutel mist de scope opportunities:read."


def test_a_token_of_an_inactive_organisation_is_refused(api, app_ctx, tokens, organisations):
    organisations["employer_b"].is_active = False
    db.session.commit()
    assert_problem(api("employer_b").get(LIST), 401)


def test_every_call_is_logged_with_its_token_and_organisation(api, app_ctx, tokens,
                                                            organisations):
    token, _secret = tokens["partner_a"]
    api("partner_a").get(LIST)
    api("partner_a").get("/api/v1/opportunities/2147483647")
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "api_call", AuditEvent.actor_token_id == token.id)
        .order_by(AuditEvent.id)).all()
    assert [(e.details["method"], e.details["route"], e.details["status"]) for e in events] == [
        ("GET", "/api/v1/opportunities", 200),
        ("GET", "/api/v1/opportunities/<int:opportunity_id>", 404),
    ]
    assert {e.actor_organisation_id for e in events} == {organisations["partner_a"].id}
    assert {e.actor_id for e in events} == {None}
    assert events[0].details["token_name"] == token.name


def test_the_audit_log_page_names_the_key(api, app_ctx, tokens, login_as):
    token, _secret = tokens["employer_a"]
    api("employer_a").get(LIST)
    page = login_as("admin").get("/audit/?action=api_call").get_data(as_text=True)
    assert f"API-sleutel <span translate=\"no\">«{token.name}»</span>" in page
    assert ('<code translate="no">GET</code> <code translate="no">/api/v1/opportunities</code>'
            ", antwoord 200") in page  # code, kept out of the translation and language checks


def test_last_used_is_written_at_most_once_a_minute(api, app_ctx, tokens):
    token, _secret = tokens["employer_a"]
    assert token.last_used_at is None
    api("employer_a").get(LIST)
    db.session.expire_all()
    first = db.session.get(ApiToken, token.id).last_used_at
    assert first is not None
    api("employer_a").get(LIST)
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).last_used_at == first
    token = db.session.get(ApiToken, token.id)
    token.last_used_at = first - timedelta(minutes=2)
    db.session.commit()
    api("employer_a").get(LIST)
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).last_used_at > first - timedelta(minutes=2)


def test_a_token_acts_with_its_organisation_kinds_role(api, app_ctx, tokens, organisations):
    """A partner's token sees what a coach sees: published opportunities, not drafts."""
    draft = make_opportunity(organisations["employer_a"], status="draft", commit=True)
    assert_problem(api("partner_a").get(f"{LIST}/{draft.id}"), 404)
    assert api("employer_a").get(f"{LIST}/{draft.id}").status_code == 200
