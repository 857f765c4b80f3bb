"""Setting a suggestion aside, and bringing it back ("Terugzetten"), from a later page
of a suggestion list bring the coach back to that page: the place they were at (the
row's id, ``place-<rank>``) or the "set aside" section, with the near misses as they
had them. The restore form says the page; a value that is no page number gives the
first page, one past the end the last, as the page's own ``?page=`` does."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.suggestions.models import SuggestionDismissal
from marketplace.web.numbers import LARGEST_ID
from tests.factories import FORKLIFT, make_candidate, make_opportunity
from tests.suggestions.conftest import driver, last_list

POSTCODES = ("2000", "2060", "2100", "2018", "2140")


@pytest.fixture
def crowd(users, opportunity):
    """Forty-five candidates of coach A for the forklift job: three pages."""
    return [
        make_candidate(users["coach_a"], pseudonym=f"Kandidaat {i:02d}", commit=True,
                       wishes=[FORKLIFT], postcode=POSTCODES[i % len(POSTCODES)],
                       dutch_level=("A2", "B1", "B2")[i % 3])
        for i in range(45)
    ]


@pytest.fixture
def amal_and_jobs(users, organisations):
    """Amal, and 22 forklift jobs that fit her: two pages of opportunities."""
    amal = driver(users["coach_a"], "Amal")
    for i in range(22):
        make_opportunity(organisations["employer_a"], commit=True, title=f"Heftruck {i:02d}",
                         postcode=POSTCODES[i % len(POSTCODES)], hours_per_week=20 + i)
    return amal


def html_of(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True)


def link_to(html: str, path: str) -> str:
    """The first link on the page to ``path`` (with its query string)."""
    found = re.search(rf'href="({re.escape(path)}[^"]*)"', html)
    assert found, path
    return unescape(found.group(1))


def restore_form(html: str, dismissal_id: int) -> tuple[str, dict[str, str]]:
    """The restore form of ``dismissal_id`` on the page: its action and hidden fields."""
    action = f"/suggestions/dismissals/{dismissal_id}/restore"
    form = re.search(rf'<form method="post" action="{action}".*?</form>', html, re.S)
    assert form, action
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"',
                             form.group(0)))
    return action, fields


def set_aside(client, entry_id: int, link: str | None = None) -> str:
    """Set the entry aside through its dismiss form (opened by ``link``, the row's own);
    where the answer sends the coach."""
    url = link or f"/suggestions/entries/{entry_id}/dismiss"
    html_of(client.get(url))
    response = client.post(url, data={"reason": "practical"})
    assert response.status_code == 302
    return response.headers["Location"]


def test_setting_aside_from_page_two_lands_at_its_place_with_the_near_misses_kept(
    client, login_as, opportunity, crowd
):
    login_as("coach_a")
    url = f"/suggestions/opportunities/{opportunity.id}"
    html = html_of(client.get(url, query_string={"page": "2", "near": "1"}))
    entry = last_list().entries[4]
    assert entry.rank == 25 and 'id="place-25"' in html
    link = link_to(html, f"/suggestions/entries/{entry.id}/dismiss")
    assert link.endswith("?near=1")
    back = set_aside(client, entry.id, link)
    assert back.endswith(f"{url}?page=2&near=1#place-25")
    html = html_of(client.get(back))
    again = last_list()
    assert [e.rank for e in again.entries] == list(range(21, 41))
    assert entry.candidate_id not in [e.candidate_id for e in again.entries]
    assert 'id="place-25"' in html and "Suggestie opzij gezet" in html
    assert 'id="near-heading"' in html and "Verberg wat bijna past" in html


def test_setting_aside_a_later_opportunity_for_a_candidate_goes_back_to_its_page(
    client, login_as, amal_and_jobs
):
    login_as("coach_a")
    url = f"/suggestions/candidates/{amal_and_jobs.id}"
    html_of(client.get(url, query_string={"page": "2"}))
    entry = last_list().entries[1]
    assert entry.rank == 22
    assert set_aside(client, entry.id).endswith(f"{url}?page=2#place-22")
    # The page after it is one short: the coach sees the page, no notice.
    html = html_of(client.get(f"{url}?page=2"))
    assert "Dat paginanummer bestaat niet" not in html and 'id="place-21"' in html


def test_bringing_back_from_page_two_goes_back_to_page_two(
    client, login_as, opportunity, crowd
):
    login_as("coach_a")
    url = f"/suggestions/opportunities/{opportunity.id}"
    html_of(client.get(url, query_string={"page": "2"}))
    set_aside(client, last_list().entries[0].id)
    html = html_of(client.get(url, query_string={"page": "2"}))
    dismissal = db.session.scalar(select(SuggestionDismissal))
    action, fields = restore_form(html, dismissal.id)
    assert fields["page"] == "2" and fields["back"] == "opportunity" and "near" not in fields
    response = client.post(action, data=fields)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{url}?page=2#dismissed-heading")
    html = html_of(client.get(response.headers["Location"]))
    assert "Suggestie teruggezet" in html and "Dat paginanummer bestaat niet" not in html
    assert last_list().entries[0].rank == 21
    db.session.refresh(dismissal)
    assert dismissal.restored_at is not None


def test_bringing_back_an_opportunity_from_page_two_keeps_the_page_and_the_near_misses(
    client, login_as, amal_and_jobs
):
    login_as("coach_a")
    url = f"/suggestions/candidates/{amal_and_jobs.id}"
    html_of(client.get(url))
    set_aside(client, last_list().entries[0].id)
    html = html_of(client.get(url, query_string={"page": "2", "near": "1"}))
    dismissal = db.session.scalar(select(SuggestionDismissal))
    action, fields = restore_form(html, dismissal.id)
    assert fields == {"csrf_token": fields["csrf_token"], "back": "candidate", "page": "2",
                      "near": "1"}
    response = client.post(action, data=fields)
    assert response.headers["Location"].endswith(f"{url}?page=2&near=1#dismissed-heading")


@pytest.mark.parametrize(
    ("page", "near", "query"),
    [
        ("x", "1", "?near=1"),  # no page number: the first page
        ("0", None, ""),
        ("-2", None, ""),
        ("", "yes", ""),  # "near" is "1" or nothing
        ("2.5", "<script>", ""),
        ("1", None, ""),
        ("9" * 40, None, f"?page={LARGEST_ID // 20}"),  # past the end: the page says so
    ],
)
def test_a_bad_page_in_the_restore_form_falls_back_as_the_page_itself_does(
    client, login_as, opportunity, crowd, page, near, query
):
    login_as("coach_a")
    url = f"/suggestions/opportunities/{opportunity.id}"
    html_of(client.get(url))
    set_aside(client, last_list().entries[0].id)
    dismissal = db.session.scalar(select(SuggestionDismissal))
    data = {"back": "opportunity", "page": page, **({"near": near} if near else {})}
    response = client.post(f"/suggestions/dismissals/{dismissal.id}/restore", data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{url}{query}#dismissed-heading")
    html = html_of(client.get(response.headers["Location"]))
    if query.startswith("?page"):
        assert "Dat paginanummer bestaat niet. Je ziet pagina 3 van 3." in html
    else:
        assert "Dat paginanummer bestaat niet" not in html
