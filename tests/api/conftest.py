"""Fixtures of the partner API tests: a token per test organisation, and a client
that sends the key.

``tokens["employer_a"]`` is ``(token, secret)`` with every scope the organisation's
role can use; ``api("employer_a").get("/api/v1/opportunities")`` calls with it.
"""

from __future__ import annotations

import pytest

from tests.factories import make_api_token


class ApiClient:
    """The test client with ``Authorization: Bearer <secret>`` on every call."""

    def __init__(self, client, secret: str):
        self.client = client
        self.secret = secret

    def open(self, path: str, method: str = "GET", headers: dict | None = None, **kwargs):
        headers = {"Authorization": f"Bearer {self.secret}", **(headers or {})}
        return self.client.open(path, method=method, headers=headers, **kwargs)

    def get(self, path: str, **kwargs):
        return self.open(path, "GET", **kwargs)

    def post(self, path: str, **kwargs):
        return self.open(path, "POST", **kwargs)

    def put(self, path: str, **kwargs):
        return self.open(path, "PUT", **kwargs)

    def patch(self, path: str, **kwargs):
        return self.open(path, "PATCH", **kwargs)

    def delete(self, path: str, **kwargs):
        return self.open(path, "DELETE", **kwargs)


@pytest.fixture
def tokens(organisations):
    """A committed token (every usable scope) per organisation of ``organisations``."""
    return {key: make_api_token(organisation, commit=True)
            for key, organisation in organisations.items()}


@pytest.fixture
def api(client, tokens):
    """``api("partner_a")``: a client calling with that organisation's token; or
    ``api(secret=...)`` with any bearer string."""

    def _api(key: str | None = None, *, secret: str | None = None) -> ApiClient:
        return ApiClient(client, secret if secret is not None else tokens[key][1])

    return _api


def assert_problem(response, status: int) -> dict:
    """The answer is an RFC 9457 problem with ``status``; returns its body."""
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"].startswith("/api/v1/docs#problem-")
    return body
