"""Settings for several hosts behind a load balancer: proxy headers, secure cookies,
and the replica and shared cache read from the environment."""

from __future__ import annotations

import pytest
from flask import request

from marketplace.app import create_app
from marketplace.config import ConfigurationError
from marketplace.security import public
from tests.conftest import IsolatedClient, login, make_test_settings

FORWARDED = {
    "X-Forwarded-For": "203.0.113.9",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "werkbrug.example",
}


def _host_with_probe(database_url: str, **settings):
    """An app with one extra public page that shows what the request looks like."""
    host = create_app(make_test_settings(SQLALCHEMY_DATABASE_URI=database_url, **settings))
    host.test_client_class = IsolatedClient

    @host.get("/probe")
    @public
    def probe():
        return f"{request.remote_addr} {request.scheme} {request.host}"

    return host


def test_behind_one_proxy_the_forwarded_address_and_scheme_count(database_url):
    host = _host_with_probe(database_url, PROXY_COUNT=1)
    answer = host.test_client().get("/probe", headers=FORWARDED).get_data(as_text=True)
    assert answer == "203.0.113.9 https werkbrug.example"


def test_without_proxies_forwarded_headers_are_ignored(database_url):
    host = _host_with_probe(database_url)
    answer = host.test_client().get("/probe", headers=FORWARDED).get_data(as_text=True)
    assert answer == "127.0.0.1 http localhost"


def test_behind_two_proxies_a_header_the_client_made_up_is_ignored(database_url):
    host = _host_with_probe(database_url, PROXY_COUNT=2)
    headers = {"X-Forwarded-For": "10.0.0.66, 203.0.113.9, 10.0.0.2"}
    assert (
        host.test_client()
        .get("/probe", headers=headers)
        .get_data(as_text=True)
        .startswith("203.0.113.9 ")
    )


def test_failed_logins_are_counted_per_forwarded_address(database_url, app_ctx):
    from sqlalchemy import select

    from marketplace.accounts.models import LoginAttempt
    from marketplace.extensions import db

    host = create_app(make_test_settings(SQLALCHEMY_DATABASE_URI=database_url, PROXY_COUNT=1))
    host.test_client_class = IsolatedClient
    host.test_client().post(
        "/login",
        data={"email": "nobody@test.example", "password": "not the password"},
        headers=FORWARDED,
    )
    addresses = db.session.scalars(
        select(LoginAttempt.remote_address).where(LoginAttempt.email == "nobody@test.example")
    ).all()
    assert addresses == ["203.0.113.9"]


def test_a_negative_proxy_count_is_refused():
    with pytest.raises(ConfigurationError):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "PROXY_COUNT": -1})


def test_secure_cookies_can_be_asked_for_outside_production(monkeypatch, database_url):
    monkeypatch.setenv("SECURE_COOKIES", "true")
    settings = make_test_settings(SQLALCHEMY_DATABASE_URI=database_url)
    del settings["SESSION_COOKIE_SECURE"]  # so that the environment's value stays
    host = create_app(settings)
    host.test_client_class = IsolatedClient
    assert host.config["SESSION_COOKIE_SECURE"] is True
    response = login(host.test_client(), "coach_a")
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies
    assert all("Secure" in cookie and "HttpOnly" in cookie for cookie in cookies)


def test_deployment_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgresql://reader@replica/werkbrug")
    monkeypatch.setenv("CACHE_REDIS_URL", "redis://cache:6379/0")
    monkeypatch.setenv("CACHE_KEY_PREFIX", "werkbrug-2027:")
    monkeypatch.setenv("CACHE_TTL_SECONDS", "600")
    monkeypatch.setenv("PROXY_COUNT", "1")
    config = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config
    assert config["DATABASE_REPLICA_URL"] == "postgresql+psycopg://reader@replica/werkbrug"
    assert config["CACHE_REDIS_URL"] == "redis://cache:6379/0"
    assert config["CACHE_KEY_PREFIX"] == "werkbrug-2027:"
    assert config["CACHE_TTL_SECONDS"] == 600
    assert config["PROXY_COUNT"] == 1


def test_without_deployment_settings_one_host_needs_nothing_else():
    config = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config
    assert config["DATABASE_REPLICA_URL"] is None
    assert config["CACHE_REDIS_URL"] is None
    assert config["PROXY_COUNT"] == 0
