"""Property-based tests: every form and every query parameter of every page, fed with
long, odd Unicode, control characters, huge numbers and markup, never gives a 500,
and markup comes back escaped.

The pages are those of the access matrix, each opened as the first role that may; the
forms are read from each page's HTML (every form that posts, wherever it posts to),
the query parameters from its GET forms and its links. Pages added later are fed too.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import login
from tests.security.helpers import local_path, parse_page
from tests.security.test_web_security import GET_PAGES, acting_role, page_url
from tests.test_access_matrix import matrix_context  # noqa: F401 - a fixture

MARKER = "<x-canary>"
EXAMPLES = settings(max_examples=15, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])

#: Text as people and attackers type it, always with the markup marker somewhere.
odd_text = st.one_of(
    st.text(max_size=80),
    st.text(st.characters(max_codepoint=0x1F), max_size=20),  # control characters
    st.text(st.characters(min_codepoint=0x202A, max_codepoint=0x206F), max_size=10),  # bidi
    st.text(min_size=1, max_size=12).map(lambda text: text * 400),  # long
    st.integers().map(str),
    st.sampled_from(["-1", "0", "99999999999999999999999", "1e309", "NaN", "2026-02-30",
                     "../../etc/passwd", "' OR 1=1 --", "%00", "\ufeff",
                     "\U0001d54e\U0001d556\U0001d563\U0001d55c"]),
).flatmap(lambda text: st.sampled_from([MARKER + text, text + MARKER, text[:40] + MARKER
                                        + text[40:]]))


def check(response, what: str) -> None:
    assert response.status_code < 500, what
    if response.mimetype in ("text/html", "text/csv", "application/json"):
        assert MARKER not in response.get_data(as_text=True), f"{what}: markup not escaped"


def feed(client, method: str, target: str, names: list[str], base: dict) -> None:
    """Send ``target`` odd values in the fields ``names`` (the others as in ``base``)."""

    @EXAMPLES
    @given(st.lists(odd_text, min_size=len(names), max_size=len(names)))
    def send(values):
        odd = dict(zip(names, values, strict=True))
        if method == "GET":
            response = client.get(target, query_string=odd)
        else:
            response = client.post(target, data={**base, **odd})
        check(response, f"{method} {target} with odd {names}")

    send()


def _page(app, endpoint: str, context: dict):
    role = acting_role(endpoint) or "anonymous"
    client = app.test_client()
    if role != "anonymous":
        assert login(client, role).status_code == 302
    url = page_url(endpoint, context)
    response = client.get(url)
    return client, url, response


#: Forms of the page layout, fed once (on the landing page), not on every page.
LAYOUT_FORMS = {"/logout": None, "/language": "web.landing"}


@pytest.mark.parametrize("endpoint", GET_PAGES)
def test_forms_and_query_parameters_survive_odd_input(
    app, endpoint, matrix_context  # noqa: F811
):
    client, url, response = _page(app, endpoint, matrix_context)
    if response.status_code != 200 or response.mimetype != "text/html":
        pytest.skip("not a page")
    html = response.get_data(as_text=True)
    forms, links = parse_page(html, f"http://localhost{url}")
    path = url.split("?")[0]

    posting = []
    for form in forms:
        target = local_path(form.action)
        if form.method != "post" or target is None:
            continue
        if target in LAYOUT_FORMS and LAYOUT_FORMS[target] != endpoint:
            continue
        posting.append((target, form))
    for target, form in posting:
        feed(client, "POST", target, [*form.text_fields(), *form.choice_fields()], form.data())

    parameters = {name for form in forms if form.method == "get"
                  for name in [*form.text_fields(), *form.choice_fields()]}
    parameters |= {name for link in links if urlsplit(link).path == path
                   for name, _value in parse_qsl(urlsplit(link).query)}
    parameters |= {name for name, _value in parse_qsl(urlsplit(url).query)}
    if parameters:
        feed(client, "GET", path, sorted(parameters), {})


def test_a_nul_character_gets_the_400_page_and_saves_nothing(client, app_ctx, login_as):
    """PostgreSQL cannot hold NUL; no browser sends it. Refused on both databases alike."""
    from sqlalchemy import func, select

    from marketplace.accounts.models import Organisation
    from marketplace.extensions import db

    login_as("admin")
    assert client.get("/audit/", query_string={"action": "a\x00b"}).status_code == 400
    count = db.session.scalar(select(func.count()).select_from(Organisation))
    response = client.post("/admin/organisations/new", data={
        "name": "Nul\x00Bedrijf", "kind": "employer", "sector": "I", "postcode": "2000"})
    assert response.status_code == 400
    assert "Er klopte iets niet met de vraag" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == count
