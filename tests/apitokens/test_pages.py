"""The API keys pages: who manages which keys, the secret shown once, bad input,
revoking with a confirmation, and the flag on the user edit page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.apitokens.models import ApiToken
from marketplace.apitokens.operations import find_token
from marketplace.audit.models import AuditEvent
from marketplace.db_types import local_today
from marketplace.extensions import db
from tests.conftest import login
from tests.factories import TEST_PASSWORD, make_api_token, make_user

PAGE = "/api-keys/"


@pytest.fixture
def key_manager(app_ctx, organisations):
    """An employer of organisation A who manages its API keys."""
    user = make_user(organisations["employer_a"], role="employer",
                     email="keys.a@test.example", commit=True)
    user.manages_api_tokens = True
    db.session.commit()
    return user


def _as_key_manager(client, key_manager):
    assert login(client, key_manager.email, TEST_PASSWORD).status_code == 302
    return client


def _valid(**overrides) -> dict:
    data = {"name": "ATS vacatures", "scopes": ["opportunities:read", "proposals:read"],
            "expires_on": (local_today() + timedelta(days=30)).isoformat()}
    data.update(overrides)
    return data


def test_a_key_manager_makes_a_key_and_sees_the_secret_once(client, key_manager):
    _as_key_manager(client, key_manager)
    response = client.post("/api-keys/new", data=_valid())
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Kopieer de sleutel nu: je ziet hem niet meer terug" in page
    secret = page.split('id="secret" class="secret" value="')[1].split('"')[0]
    token = find_token(secret)
    assert token is not None and token.organisation_id == key_manager.organisation_id
    assert token.scopes == {"opportunities:read", "proposals:read"}
    assert token.created_by_id == key_manager.id
    listing = client.get(PAGE).get_data(as_text=True)
    assert "ATS vacatures" in listing and secret not in listing
    assert f"wb_{token.prefix}_…" in listing


def test_the_new_key_works_in_the_api_until_revoked(client, app, key_manager):
    _as_key_manager(client, key_manager)
    page = client.post("/api-keys/new", data=_valid()).get_data(as_text=True)
    secret = page.split('id="secret" class="secret" value="')[1].split('"')[0]
    caller = app.test_client()
    bearer = {"Authorization": f"Bearer {secret}"}
    assert caller.get("/api/v1/opportunities", headers=bearer).status_code == 200
    token = find_token(secret)
    confirm = client.get(f"/api-keys/{token.id}/revoke").get_data(as_text=True)
    assert "Je kunt dit niet ongedaan maken" in confirm
    assert client.post(f"/api-keys/{token.id}/revoke").status_code == 302
    assert caller.get("/api/v1/opportunities", headers=bearer).status_code == 401
    assert "was al ingetrokken" in client.post(
        f"/api-keys/{token.id}/revoke", follow_redirects=True).get_data(as_text=True)


def test_a_key_manager_sees_and_revokes_only_their_own_organisations_keys(
        client, key_manager, organisations):
    theirs, _secret = make_api_token(organisations["employer_b"], name="Andermans sleutel",
                                     commit=True)
    _as_key_manager(client, key_manager)
    assert "Andermans sleutel" not in client.get(PAGE).get_data(as_text=True)
    assert client.get(f"/api-keys/{theirs.id}/revoke").status_code == 404
    assert client.post(f"/api-keys/{theirs.id}/revoke").status_code == 404
    assert client.get(
        f"/api-keys/new?organisation={organisations['employer_b'].id}").status_code == 404
    db.session.expire_all()
    assert db.session.get(ApiToken, theirs.id).revoked_at is None


def test_an_admin_manages_every_organisations_keys(client, login_as, organisations):
    make_api_token(organisations["partner_b"], name="Dossiers B", commit=True)
    login_as("admin")
    listing = client.get(PAGE).get_data(as_text=True)
    assert "Dossiers B" in listing and organisations["partner_b"].name in listing
    partner = organisations["partner_a"]
    form = client.get(f"/api-keys/new?organisation={partner.id}").get_data(as_text=True)
    assert 'value="candidates:read"' in form and 'value="opportunities:write"' not in form
    response = client.post(f"/api-keys/new?organisation={partner.id}", data=_valid(
        scopes=["candidates:read"]))
    assert response.status_code == 200
    token = db.session.scalars(select(ApiToken).where(
        ApiToken.organisation_id == partner.id)).one()
    assert token.scopes == {"candidates:read"}


def test_the_scopes_offered_are_what_the_organisations_role_may_do(client, key_manager):
    _as_key_manager(client, key_manager)
    form = client.get("/api-keys/new").get_data(as_text=True)
    assert 'value="opportunities:write"' in form
    for scope in ("candidates:read", "imports:write", "suggestions:read"):
        assert f'value="{scope}"' not in form


@pytest.mark.parametrize(("overrides", "message"), [
    ({"name": ""}, "Vul dit veld in."),
    ({"name": "x" * 101}, "100"),
    ({"name": "ATS\nvacatures"}, "één regel"),
    ({"scopes": []}, "Kies minstens één ding dat de sleutel mag doen."),
    ({"scopes": ["candidates:read"]}, "Kies alleen uit de lijst."),
    ({"expires_on": ""}, "Vul een datum in."),
    ({"expires_on": "morgen"}, "datum"),
    ({"expires_on": "__today__"}, "Kies een dag na vandaag."),
    ({"expires_on": "__366__"}, "Kies een dag hoogstens een jaar na vandaag."),
])
def test_bad_input_gets_a_message_at_the_field_and_nothing_is_made(
        client, key_manager, overrides, message):
    today = local_today()
    special = {"__today__": today.isoformat(),
               "__366__": (today + timedelta(days=366)).isoformat()}
    overrides = {k: special.get(v, v) if isinstance(v, str) else v
                 for k, v in overrides.items()}
    _as_key_manager(client, key_manager)
    response = client.post("/api-keys/new", data=_valid(**overrides))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'class="error-message"' in page and message in page
    assert db.session.scalars(select(ApiToken).where(
        ApiToken.organisation_id == key_manager.organisation_id)).first() is None


def test_markup_in_the_name_is_kept_as_text_and_shown_escaped(client, key_manager):
    _as_key_manager(client, key_manager)
    name = "<script>alert(1)</script>"
    response = client.post("/api-keys/new", data=_valid(name=name, scopes=[]))
    page = response.get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and name not in page
    client.post("/api-keys/new", data=_valid(name=name))
    listing = client.get(PAGE).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in listing and name not in listing


def test_an_admin_sets_the_flag_on_the_user_page_and_the_menu_shows_the_keys(
        client, app, login_as, users, organisations):
    employer = users["employer_a"]
    login_as("admin")
    form = client.get(f"/admin/users/{employer.id}").get_data(as_text=True)
    assert "Beheert API-sleutels" in form
    client.post(f"/admin/users/{employer.id}", data={
        "name": employer.name, "organisation": organisations["employer_a"].id,
        "role": "employer", "manages_api_tokens": "y", "version": employer.version})
    db.session.expire_all()
    assert db.session.get(User, employer.id).manages_api_tokens is True
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "user_changed", AuditEvent.subject_id == employer.id)).one()
    assert event.details["changes"]["manages_api_tokens"] == [False, True]
    browser = app.test_client()
    login(browser, "employer_a")
    start = browser.get("/start").get_data(as_text=True)
    assert f'href="{PAGE}"' in start and "API-sleutels" in start
    assert browser.get(PAGE).status_code == 200
