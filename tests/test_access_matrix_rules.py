"""The access matrix covers the app: every route has an expectation for every role
(``test_every_route_has_expectations`` fails for a route missing from
``tests/access_matrix.py``), every view declares its access, and access is denied by
default: only the public list is open, every other route needs a login or a token.
"""

from __future__ import annotations

from tests.access_matrix import LOGIN, PUBLIC_ENDPOINTS, ROUTES, api_token_only
from tests.conftest import MATRIX_ROLES


def test_every_route_has_expectations(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - set(ROUTES))
    assert not missing, f"routes without access expectations: {missing}"
    stale = sorted(set(ROUTES) - endpoints)
    assert not stale, f"expectations for routes that do not exist: {stale}"
    for endpoint, (_method, _args, _data, expected) in ROUTES.items():
        assert set(expected) == set(MATRIX_ROLES), f"{endpoint} lacks a role"


def test_every_view_declares_its_access(app):
    unmarked = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and getattr(view, "access", None) is None
    ]
    assert not unmarked


def test_deny_by_default_only_the_public_list_is_open(app):
    public = {
        endpoint for endpoint, view in app.view_functions.items()
        if getattr(view, "access", None) == "public"
    }
    assert public == PUBLIC_ENDPOINTS
    for endpoint, (_method, _args, _data, expected) in ROUTES.items():
        if endpoint in PUBLIC_ENDPOINTS:
            continue
        if getattr(app.view_functions[endpoint], "access", None) == "token":
            assert expected == api_token_only(), f"{endpoint} must need an API token"
        else:
            assert expected["anonymous"] == LOGIN, f"{endpoint} must need a login"
