"""Nothing a logged-in person receives is kept by a browser or proxy cache.

Every route of the access matrix is opened as a logged-in role (one that may open it,
so the real page, fragment, JSON or CSV comes back; the admin where no role may) and
must answer ``Cache-Control: no-store``, whatever its type or status. Static files keep
their caching: they hold no personal data.
"""

from __future__ import annotations

import pytest
from flask import url_for

from tests.access_matrix import ROUTES
from tests.conftest import MATRIX_ROLES, login


def allowed_role(expected: dict[str, object]) -> str:
    """The first logged-in role that gets a real answer (2xx or 3xx), else the admin."""
    for role in MATRIX_ROLES[1:]:
        if isinstance(expected[role], int) and expected[role] < 400:
            return role
    return "admin"


@pytest.mark.parametrize("endpoint", sorted(set(ROUTES) - {"static"}))
def test_every_answer_to_a_logged_in_person_is_not_stored(endpoint, client, matrix_context):
    method, args, data, expected = ROUTES[endpoint]
    args = args(matrix_context) if callable(args) else args
    data = data(matrix_context) if callable(data) else data
    role = allowed_role(expected)
    assert login(client, role).status_code == 302
    url = url_for(endpoint, **args)
    response = client.open(url, method=method, data=data or {})
    assert response.status_code < 500, f"{method} {url} as {role}"
    assert "no-store" in response.headers.get("Cache-Control", ""), (
        f"{method} {url} as {role}: {response.status_code} {response.mimetype}"
    )


def test_the_insights_csv_is_not_stored(client, login_as):
    login_as("analyst")
    response = client.get("/insights/demand/kind.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_keep_their_caching_for_a_logged_in_person(client, login_as):
    login_as("coach_a")
    response = client.get("/static/css/werkbrug.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
