"""Every route that takes an id, tried by the other organisations with organisation A's
ids, with GET and with POST: a 404 (or the 403 of a role without the permission) and
nothing changed in the database.

The routes come from the access matrix (``tests/access_matrix.py`` ROUTES), so a
route added there later is tried here too. The POST body is the form as organisation
A's own user gets it (prefilled, valid), so a refusal cannot be a mere form error.
"""

from __future__ import annotations

import pytest

from tests.access_matrix import ROUTES, api_token_only
from tests.conftest import login
from tests.security.helpers import changed_tables, fingerprint, parse_page, route_url

#: The other organisation's user, and the user of organisation A in the same role.
OTHER_SIDE = {"employer_b": "employer_a", "coach_b": "coach_a", "provider": "employer_a"}
#: Users outside the access matrix's columns, and the column whose answers they get:
#: a training provider's user is an employer of another organisation.
ANSWERS_AS = {"provider": "employer_b"}

#: (endpoint, role) pairs where another organisation's user may open organisation A's
#: record, and why. Anything else with an id of organisation A must be refused.
SHARED_ON_PURPOSE = {
    # Every coach browses every published opportunity to find places for candidates.
    ("opportunities.detail", "coach_b"),
    # ... and sees for each the suggestions from their own caseload and the shared
    # candidates (never organisation A's unshared ones: tests/suggestions check that).
    ("suggestions.for_opportunity", "coach_b"),
    # Every coach enrols candidates of their own caseload in every published try-out
    # (the enrolment form lists only their own candidates).
    ("tryouts.enrol", "coach_b"),
}


def _routes_with_ids() -> list[str]:
    """Endpoints whose URL carries a record id (``..._id``), as far as can be told
    before the fixtures exist: a function of the fixtures always names records."""
    return sorted(
        endpoint for endpoint, (_method, args, _data, expected) in ROUTES.items()
        if (callable(args) or any(name.endswith("_id") for name in args))
        # Partner API operations answer no browser session (401); another
        # organisation's token gets the 404 there (tests/api/).
        and expected != api_token_only()
    )


def _allowed_methods(app, endpoint: str) -> set[str]:
    methods: set[str] = set()
    for rule in app.url_map.iter_rules(endpoint):
        methods |= set(rule.methods or ()) & {"GET", "POST"}
    return methods


def _form_body(client, url: str, fallback: dict | None) -> dict:
    """The first POST form of the page at ``url`` as its owner sees it; otherwise the
    body the access matrix sends."""
    response = client.get(url)
    if response.status_code == 200 and response.mimetype == "text/html":
        forms, _links = parse_page(response.get_data(as_text=True), f"http://localhost{url}")
        posting = [form for form in forms if form.method == "post"
                   and form.action.endswith(url)]
        if posting:
            return posting[0].data()
    return dict(fallback or {})


@pytest.mark.parametrize("role", sorted(OTHER_SIDE))
@pytest.mark.parametrize("endpoint", _routes_with_ids())
def test_another_organisation_gets_404_and_changes_nothing(
    app, endpoint, role, matrix_context
):
    _method, url, matrix_body = route_url(endpoint, matrix_context)
    expected = ROUTES[endpoint][3][ANSWERS_AS.get(role, role)]
    if expected not in (403, 404):
        assert (endpoint, role) in SHARED_ON_PURPOSE, (
            f"{role} may open {url} of organisation A ({expected}); "
            "if that is meant, say why in SHARED_ON_PURPOSE")
        pytest.skip(f"{endpoint} is shared with {role} on purpose")

    owner = app.test_client()
    assert login(owner, OTHER_SIDE[role]).status_code == 302
    body = _form_body(owner, url, matrix_body)
    other = app.test_client()
    assert login(other, role).status_code == 302

    before = fingerprint()
    allowed = _allowed_methods(app, endpoint)
    for attempt in ("GET", "POST"):
        response = other.open(url, method=attempt, data=body if attempt == "POST" else None)
        want = expected if attempt in allowed else 405
        assert response.status_code == want, f"{attempt} {url} as {role}"
    assert changed_tables(before, fingerprint()) == []


def test_the_tried_routes_include_every_kind_of_record(app):
    """The list above is not empty by accident: candidates, opportunities, proposals
    and users are each tried."""
    tried = _routes_with_ids()
    kinds = {name for endpoint in tried for rule in app.url_map.iter_rules(endpoint)
             for name in rule.arguments}
    assert {"candidate_id", "opportunity_id", "proposal_id", "user_id",
            "enrolment_id"} <= kinds
