"""Numbers no database column can hold, in every place a URL carries a number: an id in
the path is a 404, a page number or another number in the query string is refused with
a message or treated as bad input, never a 500 (``OverflowError`` on SQLite, "integer
out of range" on PostgreSQL).

The routes come from the access matrix (``tests/access_matrix.py`` ROUTES), each
tried as the first role that may use it, so routes added there later are tried too: the
path's numbers are those of its URL rule, the query's numbers those of its GET forms and
links, and ``page`` on every page.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from flask import url_for
from werkzeug.routing import IntegerConverter

from marketplace.app import create_app
from marketplace.extensions import db
from marketplace.proposals.models import Proposal
from marketplace.web.numbers import LARGEST_ID, digits_up_to
from tests.access_matrix import ROUTES
from tests.conftest import login
from tests.factories import make_candidate
from tests.security.helpers import parse_page
from tests.security.test_web_security import GET_PAGES, acting_role, page_url

#: Beyond the signed 64-bit range, just beyond it, just beyond PostgreSQL's ``integer``
#: (the id columns), and below zero.
HUGE_IDS = ("99999999999999999999999", "9223372036854775808", "2147483648", "-1")
#: A page number whose offset overflows, and one beyond 64 bits.
HUGE_NUMBERS = ("922337203685477580", "99999999999999999999999")

_INT_ARGUMENTS: dict[str, set[str]] = {}
for _rule in create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).url_map.iter_rules():
    _INT_ARGUMENTS.setdefault(_rule.endpoint, set()).update(
        name
        for name, converter in _rule._converters.items()
        if isinstance(converter, IntegerConverter)
    )
ID_ENDPOINTS = sorted(endpoint for endpoint in ROUTES if _INT_ARGUMENTS.get(endpoint))


def _client_for(app, endpoint: str):
    role = acting_role(endpoint) or "anonymous"
    client = app.test_client()
    if role != "anonymous":
        assert login(client, role).status_code == 302
    return client, role


@pytest.mark.parametrize("endpoint", ID_ENDPOINTS)
def test_an_id_beyond_64_bits_or_below_zero_is_a_404(
    app,
    endpoint,
    matrix_context,
):
    method, args, data, _expected = ROUTES[endpoint]
    args = args(matrix_context) if callable(args) else dict(args)
    data = data(matrix_context) if callable(data) else data
    client, role = _client_for(app, endpoint)
    for name in sorted(_INT_ARGUMENTS[endpoint]):
        for value in HUGE_IDS:
            url = url_for(endpoint, **{**args, name: int(value)})
            response = client.open(url, method=method, data=data if method == "POST" else None)
            assert response.status_code == 404, f"{method} {url} as {role}"


def _number_parameters(html: str, url: str) -> set[str]:
    """Query parameters of the page that may carry numbers: ``page``, the typed fields
    (searches, numbers) and selects of numbers of its GET forms, and numbers in its
    links back to itself."""
    forms, links = parse_page(html, f"http://localhost{url}")
    path = urlsplit(url).path
    names = {"page"}
    for form in forms:
        if form.method != "get":
            continue
        names.update(form.text_fields(passwords=False))
        for field in form.fields:
            options = [option for option in field.options if option]
            if field.kind == "number" or (options and all(o.isdigit() for o in options)):
                names.add(field.name)
    for link in [*links, url]:
        if urlsplit(link).path == path:
            names |= {name for name, value in parse_qsl(urlsplit(link).query) if value.isdigit()}
    return names


@pytest.mark.parametrize("endpoint", GET_PAGES)
def test_a_huge_number_in_the_query_string_never_gives_a_500(
    app,
    endpoint,
    matrix_context,
):
    client, role = _client_for(app, endpoint)
    url = page_url(endpoint, matrix_context)
    response = client.get(url)
    if response.status_code != 200 or response.mimetype != "text/html":
        pytest.skip("not a page")
    parts = urlsplit(url)
    own_query = dict(parse_qsl(parts.query))
    for name in sorted(_number_parameters(response.get_data(as_text=True), url)):
        for value in HUGE_NUMBERS:
            answer = client.get(parts.path, query_string={**own_query, name: value})
            assert answer.status_code in (200, 400, 404), f"{parts.path}?{name}={value} as {role}"


def test_the_tried_routes_include_ids_and_page_numbers(app):
    """Neither list is empty by accident."""
    assert {"candidates.profile", "opportunities.detail", "proposals.detail"} <= set(ID_ENDPOINTS)
    assert len(GET_PAGES) > 20


@pytest.mark.parametrize("value", HUGE_NUMBERS)
def test_a_proposal_with_a_huge_suggestion_entry_is_made_without_one(
    client,
    login_as,
    value,
    matrix_context,
):
    """The entry id rides along from the suggestions page in a hidden field; one no
    entry can have is no entry, like any other id that is not the coach's."""
    coach = matrix_context["users"]["coach_a"]
    candidate = make_candidate(coach, pseudonym="Groot Getal", commit=True)
    opportunity = matrix_context["opportunity"]
    login_as("coach_a")
    url = f"/proposals/candidates/{candidate.id}/propose"
    assert (
        client.get(url, query_string={"opportunity_id": value, "entry": value}).status_code == 200
    )
    response = client.post(
        url,
        data={
            "opportunity": str(opportunity.id),
            "suggestion_entry": value,
            "motivation": "Sterk in logistiek.",
            "candidate_agreed": "y",
            "candidate_agreed_on": "2026-01-06",
        },
    )
    assert response.status_code == 302
    proposal = db.session.scalar(db.select(Proposal).where(Proposal.candidate_id == candidate.id))
    assert proposal.suggestion_entry_id is None


@pytest.mark.parametrize("value", [*HUGE_NUMBERS, "\u00b2"])  # "²" is a digit int() refuses
def test_a_huge_organisation_offered_for_an_invitation_is_no_choice(client, login_as, value):
    login_as("admin")
    response = client.get("/admin/users/invite", query_string={"organisation": value})
    assert response.status_code == 200


def test_a_number_beyond_the_largest_id_is_a_404_beside_a_rule_of_another_method(app):
    """The path matches no rule at all (the pattern holds the limit), not the GET rule
    beside the PATCH one: 404, never 405."""
    client = app.test_client()
    for number in (LARGEST_ID + 1, 4672329101, 99999999999):
        assert client.patch(f"/api/v1/candidates/{number}").status_code == 404
        assert client.get(f"/opportunities/{number}").status_code in (302, 404)


def test_the_id_pattern_takes_exactly_the_numbers_up_to_its_largest():
    for largest in (0, 9, 10, 42, 2_147_483_647):
        pattern = re.compile(digits_up_to(largest))
        for number in (*range(0, 200), largest, largest + 1, LARGEST_ID, LARGEST_ID + 1):
            assert bool(pattern.fullmatch(str(number))) == (number <= largest)
