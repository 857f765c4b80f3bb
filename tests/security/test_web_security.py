"""Web security on every route: CSRF on every state-changing request (protection on, as
in production), an expired form shown again with what was typed, security headers and
no inline script on every page, session cookie flags, and no replay of a session after
logout or a password change.

Routes come from the app's URL map and the access matrix, so routes added later are
tried too.
"""

from __future__ import annotations

import re

import itsdangerous.timed
import pytest

from marketplace.app import create_app
from tests.access_matrix import ROUTES, api_token_only
from tests.conftest import (
    MATRIX_ROLES,
    TEST_PASSWORD,
    USER_SPECS,
    IsolatedClient,
    login,
    make_test_settings,
)
from tests.security.helpers import changed_tables, fingerprint, parse_page, route_url

#: The order in which a role is chosen to try a route: the first that may use it.
ROLE_ORDER = (*MATRIX_ROLES[1:], "anonymous")
TYPED = "Getypt voor het verliep"

#: The app's routes and their methods, read once when the tests are collected.
_ROUTE_METHODS: dict[str, set[str]] = {}
for _rule in create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).url_map.iter_rules():
    _ROUTE_METHODS.setdefault(_rule.endpoint, set()).update(_rule.methods or ())
#: The partner API takes no session (so no CSRF token either): a session cookie never
#: acts there (tests/api/test_auth.py), and tests/api feeds its operations.
_SESSION_ROUTES = {e: m for e, m in _ROUTE_METHODS.items() if ROUTES[e][3] != api_token_only()}
POST_ENDPOINTS = sorted(e for e, methods in _SESSION_ROUTES.items() if "POST" in methods)
#: Pages with a form that posts back to them.
FORM_ENDPOINTS = sorted(e for e, methods in _SESSION_ROUTES.items() if {"GET", "POST"} <= methods)
GET_PAGES = sorted(e for e, r in ROUTES.items() if r[0] == "GET")


def page_url(endpoint: str, context: dict) -> str:
    """The URL the access matrix tries, but with a real link to set a password (the
    matrix tries a bad one)."""
    if endpoint == "accounts.set_password":
        from marketplace.accounts.operations import account_link

        return account_link(context["users"]["coach_b"]).removeprefix("http://localhost")
    return route_url(endpoint, context)[1]


def acting_role(endpoint: str) -> str | None:
    """The first role the access matrix lets use ``endpoint`` (a 200; for a route the
    matrix tries with POST, a redirect counts too)."""
    method, _args, _data, expected = ROUTES[endpoint]
    if endpoint == "accounts.set_password":
        return "anonymous"  # whoever holds the link
    for wanted in (200, 302) if method == "POST" else (200,):
        for role in ROLE_ORDER:
            if expected[role] == wanted:
                return role
    return None


@pytest.fixture
def csrf_app(database_url):
    app = create_app(make_test_settings(SQLALCHEMY_DATABASE_URI=database_url,
                                        WTF_CSRF_ENABLED=True))
    app.test_client_class = IsolatedClient
    return app


def token_from(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def csrf_login(client, role: str) -> None:
    if role == "anonymous":
        return
    email = next(spec.email for spec in USER_SPECS if spec.key == role)
    token = token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": email, "password": TEST_PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302


def _own_form(client, url: str):
    """The POST form of the page at ``url`` that posts back to it, or None."""
    response = client.get(url)
    if response.status_code != 200 or response.mimetype != "text/html":
        return None
    forms, _links = parse_page(response.get_data(as_text=True), f"http://localhost{url}")
    return next((form for form in forms if form.method == "post"
                 and form.action.split("?")[0].endswith(url.split("?")[0])), None)


def _posts_elsewhere(client, url: str) -> bool:
    forms, _links = parse_page(client.get(url).get_data(as_text=True), f"http://localhost{url}")
    return any(form.method == "post" for form in forms)


def test_every_state_changing_route_is_tried():
    assert len(POST_ENDPOINTS) > 10
    assert {e for e in POST_ENDPOINTS if acting_role(e) is None} == set()


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
def test_a_post_without_csrf_token_is_refused_and_changes_nothing(
    app, csrf_app, endpoint, matrix_context
):
    role = acting_role(endpoint)
    client = csrf_app.test_client()
    csrf_login(client, role)
    with csrf_app.test_request_context():
        url = page_url(endpoint, matrix_context)
        matrix_body = route_url(endpoint, matrix_context)[2]
    form = _own_form(client, url)
    body = form.data() if form else dict(matrix_body or {})
    body.pop("csrf_token", None)
    before = fingerprint()
    response = client.post(url, data=body)
    assert response.status_code == 400, f"POST {url} as {role} without a token"
    assert changed_tables(before, fingerprint()) == []


@pytest.mark.parametrize("endpoint", FORM_ENDPOINTS)
def test_an_expired_form_comes_back_with_what_was_typed(
    app, csrf_app, endpoint, matrix_context, monkeypatch
):
    role = acting_role(endpoint)
    client = csrf_app.test_client()
    csrf_login(client, role)
    with csrf_app.test_request_context():
        url = page_url(endpoint, matrix_context)
    form = _own_form(client, url)
    if form is None and _posts_elsewhere(client, url):
        pytest.skip("in this state the page only shows forms for other routes")
    assert form is not None, f"{url} as {role} shows no form that posts back"
    typed_into = form.text_fields(passwords=False)
    if not typed_into:  # only passwords, which are never shown again
        typed_into = form.text_fields()
        body = form.data()
        body.update(dict.fromkeys(typed_into, TYPED))
        monkeypatch.setattr(itsdangerous.timed.time, "time", _nine_hours_later())
        before = fingerprint()
        response = client.post(url, data=body)
        assert response.status_code == 400
        assert "Dit formulier is verlopen" in response.get_data(as_text=True)
        assert changed_tables(before, fingerprint()) == []
        return
    body = form.data()
    body[typed_into[0]] = TYPED
    monkeypatch.setattr(itsdangerous.timed.time, "time", _nine_hours_later())
    before = fingerprint()
    response = client.post(url, data=body)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Dit formulier is verlopen" in page
    assert TYPED in page, f"{url}: what was typed in {typed_into[0]} is lost"
    assert changed_tables(before, fingerprint()) == []


def _nine_hours_later():
    real_time = itsdangerous.timed.time.time
    return lambda: real_time() + 9 * 3600


#: A script element that runs code in the page: no src, and not a data block (JSON-LD).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>",
                           re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)


@pytest.mark.parametrize("endpoint", GET_PAGES)
def test_every_page_has_the_security_headers_and_no_inline_script(
    app, endpoint, matrix_context
):
    role = acting_role(endpoint) or "anonymous"
    client = app.test_client()
    if role != "anonymous":
        assert login(client, role).status_code == 302
    url = page_url(endpoint, matrix_context)
    response = client.get(url)
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    if response.mimetype == "text/html":
        page = response.get_data(as_text=True)
        assert headers["Cache-Control"] == "no-store"
        assert not INLINE_SCRIPT.search(page), f"{url} has an inline script"
        assert not EVENT_HANDLER.search(page), f"{url} has an inline event handler"
        assert not STYLE_ATTRIBUTE.search(page), f"{url} has a style attribute"


@pytest.fixture
def production_app(monkeypatch):
    monkeypatch.setenv("WERKBRUG_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "p" * 48)
    return create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_session_cookie_is_secure_httponly_and_lax(production_app):
    response = production_app.test_client().get("/login")
    cookie = next(value for value in response.headers.getlist("Set-Cookie")
                  if value.startswith("werkbrug_session="))
    assert "; Secure" in cookie and "; HttpOnly" in cookie and "; SameSite=Lax" in cookie
    assert "max-age=63072000" in response.headers["Strict-Transport-Security"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_the_login_cookie_is_httponly_and_lax(client, app_ctx):
    response = login(client, "coach_a")
    cookie = next(value for value in response.headers.getlist("Set-Cookie")
                  if value.startswith("werkbrug_session="))
    assert "; HttpOnly" in cookie and "; SameSite=Lax" in cookie


def test_a_copied_cookie_stops_working_after_a_password_change(app, app_ctx, client, users):
    login(client, "coach_a")
    copied = client.get_cookie("werkbrug_session").value
    thief = app.test_client()
    thief.set_cookie("werkbrug_session", copied, domain="localhost")
    assert thief.get("/start").status_code == 200  # a copied cookie is a login until...
    with app.test_request_context():
        from marketplace.accounts.operations import account_link

        link = account_link(users["coach_a"])
    new_password = "a brand new passphrase"
    response = app.test_client().post(link, data={"password": new_password,
                                                  "confirm": new_password})
    assert response.status_code == 302
    response = thief.get("/start")  # ...the password is changed
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/start").status_code == 302
