"""The frame of the site: languages, error pages, headers, health check, configuration."""

from __future__ import annotations

import pytest

from marketplace.accounts.models import User
from marketplace.app import create_app
from marketplace.config import ConfigurationError
from marketplace.extensions import db
from marketplace.web.urls import is_safe_local_path


def test_dutch_is_the_default_language(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert "Naar de inhoud" in page
    assert 'lang="en">English</button>' in page


def test_language_switch_is_remembered_per_user(client, app, app_ctx, users, login_as):
    login_as("coach_a")
    response = client.post("/language", data={"locale": "en", "next": "/start"})
    assert response.headers["Location"] == "/start"
    assert '<html lang="en">' in client.get("/start").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, users["coach_a"].id).locale == "en"
    # A new browser of the same user gets English after logging in.
    other = app.test_client()
    from tests.conftest import login

    login(other, "coach_a")
    assert '<html lang="en">' in other.get("/start").get_data(as_text=True)


def test_language_switch_refuses_an_outside_redirect(client):
    response = client.post("/language", data={"locale": "en", "next": "//evil.example"})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    ("locale", "text"), [("nl", "Pagina niet gevonden"), ("en", "Page not found")]
)
def test_not_found_page_in_both_languages(client, locale, text):
    client.post("/language", data={"locale": locale})
    response = client.get("/does-not-exist")
    assert response.status_code == 404
    assert text in response.get_data(as_text=True)


def test_error_pages_for_every_code_in_both_languages(app):
    from flask_babel import force_locale

    from marketplace.web.errors import ERROR_TEXTS, render_error

    with app.test_request_context("/"):
        for code in (400, 403, 404, 409, 429, 500):
            for locale in ("nl", "en"):
                with force_locale(locale):
                    body, status = render_error(code)
                    title = str(ERROR_TEXTS[code][0])
                assert status == code
                assert title in body
                assert f'<html lang="{locale}">' in body
            with force_locale("nl"):
                assert str(ERROR_TEXTS[code][0]) != title  # really translated


def test_unexpected_errors_show_a_page_not_a_traceback():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    boom.access = "public"
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "secret detail" not in page
    assert "Er ging iets mis" in page


def test_a_save_that_loses_the_race_on_its_version_gets_a_409_page():
    from sqlalchemy.orm.exc import StaleDataError

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True})

    @app.get("/race")
    def race():
        raise StaleDataError("UPDATE statement on table 'candidate' expected to update 1 row")

    race.access = "public"
    response = app.test_client().get("/race")
    assert response.status_code == 409
    assert "Iemand anders heeft dit intussen veranderd" in response.get_data(as_text=True)


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # production only


def test_health_check_answers_without_login(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "queue": "ok"}


def test_production_refuses_the_development_secret(monkeypatch):
    monkeypatch.setenv("WERKBRUG_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_uses_secure_cookies_and_hsts(monkeypatch):
    monkeypatch.setenv("WERKBRUG_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    response = app.test_client().get("/health")
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_database_url_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/other.sqlite")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("other.sqlite")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    assert create_app().config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    from sqlalchemy import text

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/wal.sqlite"})
    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 30000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/start", True),
        ("/admin/users?q=x", True),
        ("//evil.example", False),
        ("/\\evil.example", False),
        ("https://evil.example", False),
        ("javascript:alert(1)", False),
        ("", False),
        (None, False),
        ("/\tevil", False),
        ("evil.example", False),
    ],
)
def test_safe_local_paths(target, safe):
    assert is_safe_local_path(target) is safe


def test_every_page_names_an_icon_the_site_serves(client):
    """Browsers ask for an icon on every page; without one each page view adds a 404."""
    import re

    page = client.get("/").get_data(as_text=True)
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert icon is not None
    response = client.get(icon.group(1))
    assert response.status_code == 200 and b"<svg" in response.data
    response.close()


@pytest.mark.parametrize("page", ["99999999999999999999999", "-5", "drie"])
def test_a_page_number_past_the_end_shows_the_last_page(client, login_as, page):
    """A number too big for the database's OFFSET was a 500 before."""
    login_as("admin")
    response = client.get("/admin/organisations", query_string={"page": page})
    assert response.status_code == 200
    assert "employer a logistics" in response.get_data(as_text=True).lower()
