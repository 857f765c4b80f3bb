"""With CSRF protection on (as in production): every state-changing request needs a
valid token, and an expired form is shown again with what was typed."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Organisation
from marketplace.app import create_app
from marketplace.extensions import db
from tests.conftest import TEST_PASSWORD, IsolatedClient, make_test_settings


@pytest.fixture
def csrf_app(database_url):
    app = create_app(make_test_settings(SQLALCHEMY_DATABASE_URI=database_url,
                                        WTF_CSRF_ENABLED=True))
    app.test_client_class = IsolatedClient
    return app


def token_from(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def log_in(client) -> None:
    token = token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": "admin@test.example",
                                           "password": TEST_PASSWORD, "csrf_token": token})
    assert response.status_code == 302


def test_a_post_without_token_is_refused(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/login", data={"email": "admin@test.example",
                                           "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert client.get("/start").status_code == 302  # not logged in


def test_action_without_token_changes_nothing(csrf_app, app_ctx, users):
    client = csrf_app.test_client()
    log_in(client)
    response = client.post(f"/admin/users/{users['coach_b'].id}/active", data={"active": "0"})
    assert response.status_code == 400
    assert "Dit formulier is verlopen" in response.get_data(as_text=True)
    db.session.expire_all()
    assert users["coach_b"].active


def test_expired_form_is_shown_again_with_what_was_typed(csrf_app, app_ctx, monkeypatch):
    client = csrf_app.test_client()
    log_in(client)
    token = token_from(client.get("/admin/organisations/new").get_data(as_text=True))
    import itsdangerous.timed

    real_time = itsdangerous.timed.time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real_time() + 9 * 3600)
    response = client.post("/admin/organisations/new", data={
        "name": "Typed Before Expiry", "kind": "employer", "sector": "I", "postcode": "2000",
        "csrf_token": token})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Dit formulier is verlopen. Kijk na wat je typte en verstuur het opnieuw." in page
    assert 'value="Typed Before Expiry"' in page
    assert db.session.scalar(
        select(Organisation).where(Organisation.name == "Typed Before Expiry")) is None
    # A fresh token from the re-shown form works.
    response = client.post("/admin/organisations/new", data={
        "name": "Typed Before Expiry", "kind": "employer", "sector": "I", "postcode": "2000",
        "csrf_token": token_from(page)})
    assert response.status_code == 302
