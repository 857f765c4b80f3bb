"""The pattern resource: opportunities, scoped as in the site, cursor-paged, with ETag."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from sqlalchemy import event

from marketplace.extensions import db
from tests.api.conftest import assert_problem
from tests.factories import WAREHOUSE, make_opportunity, make_tryout

LIST = "/api/v1/opportunities"


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return [item["id"] for item in response.get_json()["items"]]


def test_an_employer_token_lists_its_own_opportunities_in_every_status(api, app_ctx,
                                                                      organisations):
    own = [make_opportunity(organisations["employer_a"], status=status, commit=True)
           for status in ("draft", "published", "closed")]
    make_opportunity(organisations["employer_b"], commit=True)
    assert _ids(api("employer_a").get(LIST)) == [o.id for o in own]
    assert _ids(api("employer_a").get(f"{LIST}?status=draft")) == [own[0].id]


def test_a_partner_token_lists_published_opportunities_of_every_employer(api, app_ctx,
                                                                        organisations):
    published = [make_opportunity(organisations[key], commit=True)
                 for key in ("employer_a", "employer_b")]
    make_opportunity(organisations["employer_a"], status="draft", commit=True)
    assert _ids(api("partner_a").get(LIST)) == [o.id for o in published]


def test_a_federation_token_sees_only_its_own_tryouts(api, app_ctx, organisations):
    own = make_tryout(organisations["federation"], commit=True)
    make_opportunity(organisations["employer_a"], commit=True)
    assert _ids(api("federation").get(LIST)) == [own.id]


def test_one_opportunity_comes_with_its_etag(api, app_ctx, organisations):
    opportunity = make_opportunity(organisations["employer_a"], commit=True)
    response = api("employer_a").get(f"{LIST}/{opportunity.id}")
    assert response.status_code == 200
    body = response.get_json()
    assert response.headers["ETag"] == f'"{opportunity.version}"' == f'"{body["version"]}"'
    assert body["ref"] == opportunity.ref
    assert body["organisation"]["name"] == organisations["employer_a"].name
    assert response.headers["Cache-Control"] == "no-store"


def test_another_organisations_opportunity_is_not_found(api, app_ctx, organisations):
    theirs = make_opportunity(organisations["employer_b"], status="draft", commit=True)
    for key in ("employer_a", "partner_a", "federation"):
        assert_problem(api(key).get(f"{LIST}/{theirs.id}"), 404)


def test_pages_follow_the_cursor_to_the_end(api, app_ctx, organisations):
    made = [make_opportunity(organisations["employer_a"], commit=True).id for _ in range(5)]
    caller, seen, url = api("employer_a"), [], f"{LIST}?limit=2"
    while url:
        response = caller.get(url)
        seen += _ids(response)
        cursor = response.get_json()["next_cursor"]
        if cursor is None:
            assert "Link" not in response.headers
            url = None
        else:
            link = response.headers["Link"]
            assert link.endswith('>; rel="next"')
            url = link[1:link.index(">")]
            query = parse_qs(urlparse(url).query)
            assert query["cursor"] == [cursor] and query["limit"] == ["2"]
    assert seen == made


def test_a_changed_or_made_up_cursor_is_a_400_problem(api, app_ctx, organisations):
    for _ in range(3):
        make_opportunity(organisations["employer_a"], commit=True)
    cursor = api("employer_a").get(f"{LIST}?limit=1").get_json()["next_cursor"]
    # The signature's first character: its last one carries padding bits that a
    # base64 decoder may drop, so changing it need not change the signature.
    payload, signature = cursor.rsplit(".", 1)
    changed = f"{payload}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
    for bad in (changed, "eyJ0ZXN0Ijo1fQ", "x"):
        assert_problem(api("employer_a").get(f"{LIST}?cursor={bad}"), 400)


def test_a_page_reads_the_same_number_of_statements_for_two_opportunities_or_six(
    api, app_ctx, organisations
):
    """The list loads languages, skills and further occupations per page, not per row."""
    caller = api("employer_a")

    def statements_of_a_page() -> int:
        seen = []

        def count(*_args):
            seen.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert caller.get(f"{LIST}?limit=100").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(seen)

    for _ in range(2):
        make_tryout(organisations["employer_a"], further=[WAREHOUSE], commit=True)
    two = statements_of_a_page()
    for _ in range(4):
        make_tryout(organisations["employer_a"], further=[WAREHOUSE], commit=True)
    assert statements_of_a_page() == two
