"""Property-based tests: every form and every query parameter of every page, fed with
long, odd Unicode, control characters, huge numbers and markup, never gives a 500,
and markup comes back escaped.

The pages are those of the access matrix, each opened as the first role that may; the
forms are read from each page's HTML (every form that posts, wherever it posts to),
the query parameters from its GET forms and its links. Pages added later are fed too.
"""

from __future__ import annotations

import io
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.records.models import RecordImport
from tests.access_matrix import ROUTES, api_token_only
from tests.conftest import login
from tests.security.helpers import local_path, parse_page
from tests.security.test_web_security import GET_PAGES, acting_role, page_url

MARKER = "<x-canary>"
EXAMPLES = settings(max_examples=15, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])

#: Text as people and attackers type it, mostly with the markup marker somewhere and
#: sometimes bare (a marker makes every number a word, so a bare value tries the number).
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
                                        + text[40:], text]))


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


def posted_forms(forms, endpoint: str):
    """``(target, form)`` for each form of a page that posts to the site, leaving out the
    layout's forms (``LAYOUT_FORMS``) except on the one route that owns each."""
    for form in forms:
        target = local_path(form.action)
        if form.method != "post" or target is None:
            continue
        if target in LAYOUT_FORMS and LAYOUT_FORMS[target] != endpoint:
            continue
        yield target, form


#: Query parameters a route reads that none of its page's links or forms show: htmx
#: fragments, downloads, pickers and the page number (whose links appear only with a
#: second page).
READS_PARAMETERS: dict[str, tuple[str, ...]] = {
    "accounts.login": ("next",),
    "admin.invite_user": ("organisation",),
    "audit.log": ("page",),
    "records.imports": ("page",),
    "candidates.retention": ("page",),
    "candidates.history": ("page",),
    "candidates.caseload": ("page", "scope"),
    "insights.demand_csv": ("period_start", "period_end", "sector", "place", "radius", "kind",
                            "group"),
    "insights.supply_csv": ("period_start", "period_end", "sector", "place", "radius", "kind",
                            "group"),
    "insights.outcomes_csv": ("period_start", "period_end"),
    "barriers.report_csv": ("period_start", "period_end", "partner"),
    "mail.outbox": ("page",),
    "opportunities.browse": ("page",),
    "opportunities.mine": ("page", "status"),
    "opportunities.new": ("kind",),
    "opportunities.occupation_suggestions": ("title",),
    "proposals.mine": ("page",),
    "proposals.waiting": ("page",),
    "proposals.propose": ("opportunity_id", "entry"),
    "suggestions.for_candidate": ("near", "page"),
    "suggestions.for_opportunity": ("near", "page"),
    "taxonomy.occupations": ("field", "as", "format"),
    "taxonomy.postcode": ("field", "code", "format"),
    "taxonomy.skills": ("field", "as", "format"),
}

#: Routes with nothing to feed: no field of their own, no query parameter. The test
#: checks this list both ways: a route that gains a form or a parameter fails until it
#: is fed (and taken off), and every other route must have been fed something.
NOTHING_TO_FEED = frozenset({
    "api.docs", "api.openapi", "candidates.export_json", "candidates.export_page",
    "jobs.jobs", "mail.attachment", "mail.message", "news.recent",
    "opportunities.detail",
    "opportunities.history", "ranking.fairness_csv", "ranking.model_card_markdown",
    "ranking.model_card_page", "records.detail",
    "proposals.explanation", "proposals.inbox", "static", "web.health",
    "web.landing",
    "web.start",
    # The trajectories' CSV links carry no filters; the attendance form shows from the
    # session's day on (the walk's try-out is still to come).
    "trajectories.report_csv", "tryouts.attendance",
    # Revoking a key is a form with only a button.
    "apitokens.revoke",
})

#: The pages a browser session opens: partner API operations answer only a token
#: (tests/api/ feeds them odd queries and bodies, as problems with 4xx).
SESSION_PAGES = [endpoint for endpoint in GET_PAGES
                 if ROUTES[endpoint][3] != api_token_only()]


#: One sending: method, target, the names fed odd values, the other values.
Sending = tuple[str, str, list[str], dict]


def odd_input_plan(html: str | None, url: str, endpoint: str) -> list[Sending]:
    """What to send a route: ``(method, target, field names, other values)`` for each
    form of its page that posts and, when there are any, once for its query parameters
    (those of its links, its GET forms, its URL and ``READS_PARAMETERS``). A form with
    only buttons is posted as it stands (no names to feed). ``html`` is None for a
    download: then only its URL and ``READS_PARAMETERS`` say what it reads."""
    # The matrix gives some URLs with the host and some without: join, never prefix.
    forms, links = parse_page(html, urljoin("http://localhost/", url)) if html else ([], [])
    path = urlsplit(url).path
    plan = [("POST", target, [*form.text_fields(), *form.choice_fields()], form.data())
            for target, form in posted_forms(forms, endpoint)]

    parameters = {name for form in forms if form.method == "get"
                  for name in [*form.text_fields(), *form.choice_fields()]}
    parameters |= {name for link in links if urlsplit(link).path == path
                   for name, _value in parse_qsl(urlsplit(link).query)}
    parameters |= {name for name, _value in parse_qsl(urlsplit(url).query)}
    parameters |= set(READS_PARAMETERS.get(endpoint, ()))
    if parameters:
        plan.append(("GET", path, sorted(parameters), {}))
    return plan


@pytest.mark.parametrize("endpoint", SESSION_PAGES)
def test_forms_and_query_parameters_survive_odd_input(
    app, endpoint, matrix_context
):
    client, url, response = _page(app, endpoint, matrix_context)
    assert response.status_code == 200, f"{endpoint}: the matrix's page did not open"
    html = response.get_data(as_text=True) if response.mimetype == "text/html" else None
    plan = odd_input_plan(html, url, endpoint)
    fed = sorted({f"{method} {target}" for method, target, names, _base in plan if names})
    if endpoint in NOTHING_TO_FEED:
        assert not fed, f"{endpoint} now takes input ({fed}): take it off NOTHING_TO_FEED"
    else:
        assert fed, f"{endpoint} has no field and no query parameter: list it in NOTHING_TO_FEED"
    for method, target, names, base in plan:
        feed(client, method, target, names, base)


def test_the_lists_name_only_routes_the_matrix_tries():
    assert set(READS_PARAMETERS) | NOTHING_TO_FEED <= set(GET_PAGES)
    assert not set(READS_PARAMETERS) & NOTHING_TO_FEED


def test_a_nul_character_gets_the_400_page_and_saves_nothing(client, app_ctx, login_as):
    """PostgreSQL cannot hold NUL; no browser sends it. Refused on both databases alike."""
    from marketplace.accounts.models import Organisation

    login_as("admin")
    assert client.get("/audit/", query_string={"action": "a\x00b"}).status_code == 400
    count = db.session.scalar(select(func.count()).select_from(Organisation))
    response = client.post("/admin/organisations/new", data={
        "name": "Nul\x00Bedrijf", "kind": "employer", "sector": "I", "postcode": "2000"})
    assert response.status_code == 400
    assert "Er klopte iets niet met de vraag" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == count


@pytest.mark.parametrize("number", ["99999999999999999999999", "²", "٣"])
@pytest.mark.parametrize(("url", "name"), [("/candidates/privacy-requests", "q"),
                                           ("/admin/users/invite", "organisation")])
def test_a_number_too_big_for_an_id_or_not_ascii_is_no_id(client, login_as, url, name, number):
    """A 500 before: PostgreSQL's integer overflowed, and ``int("²")`` raised."""
    login_as("admin")
    assert client.get(url, query_string={name: number}).status_code == 200


def test_a_nul_in_an_uploaded_file_name_gets_the_400_page_and_stores_nothing(
    client, app_ctx, login_as
):
    """A 500 on PostgreSQL before: the file name is stored as sent."""
    login_as("admin")
    count = db.session.scalar(select(func.count()).select_from(RecordImport))
    response = client.post("/admin/imports/", content_type="multipart/form-data", data={
        "records_file": (io.BytesIO(b'{"type": "organisation"}\n'), "vdab\x00.jsonl")})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(RecordImport)) == count


def test_an_uploaded_file_name_is_kept_without_direction_overrides(client, app_ctx, login_as):
    """"e\\u202egpj.jsonl" was listed as it was sent, which reads as "ejsonl.jpg"."""
    login_as("admin")
    response = client.post("/admin/imports/", content_type="multipart/form-data", data={
        "records_file": (io.BytesIO(b'{"type": "organisation"}\n'), "e\u202egpj.jsonl")})
    assert response.status_code == 302
    stored = db.session.scalars(select(RecordImport.filename)
                                .order_by(RecordImport.id.desc())).first()
    assert stored == "e gpj.jsonl"
