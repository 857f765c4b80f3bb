"""The caseload page: filters, search by pseudonym, paging and the handed-over list."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from marketplace.candidates import caseload_queries
from marketplace.extensions import db
from marketplace.taxonomy.queries import get_occupation_by_uri
from marketplace.web.pagination import paginate
from tests.candidates.conftest import text
from tests.factories import FORKLIFT, KITCHEN_ASSISTANT


def _names(page: str) -> list[str]:
    """The pseudonyms in the caseload table, in order."""
    return re.findall(
        r'<th scope="row"><a href="/candidates/\d+" translate="no">([^<]*)</a></th>', page
    )


@pytest.fixture
def caseload(app_ctx, make_candidate):
    forklift = get_occupation_by_uri(FORKLIFT).id
    kitchen = get_occupation_by_uri(KITCHEN_ASSISTANT).id
    make_candidate(
        pseudonym="Amina",
        dutch_level="A1",
        postcode="2060",
        wished_occupations=frozenset({forklift}),
    )
    make_candidate(
        pseudonym="Bilal",
        dutch_level="B1",
        postcode="2100",
        status="paused",
        trajectory="linear",
        wished_occupations=frozenset({kitchen}),
    )
    make_candidate(
        pseudonym="Chioma",
        dutch_level="A1",
        postcode="2140",
        consent=True,
        wished_occupations=frozenset({forklift, kitchen}),
    )
    make_candidate("coach_b", pseudonym="Dawit", dutch_level="A1", postcode="2060")
    return {"forklift": forklift, "kitchen": kitchen}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Amina", "Bilal", "Chioma"]),
        ({"status": "paused"}, ["Bilal"]),
        ({"dutch_level": "A1"}, ["Amina", "Chioma"]),
        ({"municipality": "Antwerpen"}, ["Amina"]),
        ({"municipality": "Deurne"}, ["Bilal"]),
        ({"trajectory": "linear"}, ["Bilal"]),
        ({"q": "HIO"}, ["Chioma"]),
        ({"q": "%"}, []),
        ({"dutch_level": "A1", "status": "active"}, ["Amina", "Chioma"]),
        ({"status": "no-such-status"}, ["Amina", "Bilal", "Chioma"]),
    ],
)
def test_caseload_filters(client, login_as, caseload, query, expected):
    login_as("coach_a")
    response = client.get("/candidates/", query_string=query)
    assert response.status_code == 200
    assert _names(text(response)) == expected


def test_caseload_filters_on_wished_occupation(client, login_as, caseload):
    login_as("coach_a")
    page = text(client.get("/candidates/", query_string={"occupation": caseload["kitchen"]}))
    assert _names(page) == ["Bilal", "Chioma"]
    kitchen = caseload["kitchen"]
    assert f'<option selected translate="no" value="{kitchen}">keukenhulp</option>' in page


def test_filter_choices_come_from_the_own_caseload(client, login_as, caseload):
    login_as("coach_a")
    page = text(client.get("/candidates/"))
    assert '<option translate="no" value="Borgerhout">Borgerhout</option>' in page
    assert '<option translate="no" value="Deurne">Deurne</option>' in page
    assert "heftruckchauffeur</option>" in page


def test_the_caseload_shows_consent_in_words(client, login_as, caseload):
    login_as("coach_a")
    page = text(client.get("/candidates/", query_string={"q": "Chioma"}))
    assert "Toestemming gegeven" in page
    page = text(client.get("/candidates/", query_string={"q": "Amina"}))
    assert "Geen toestemming" in page


def test_the_caseload_reads_every_row_s_consent_in_one_statement(client, login_as, caseload,
                                                                 make_candidate):
    login_as("coach_a")

    def statements_of_the_caseload() -> tuple[int, str]:
        seen = []

        def count(*_args):
            seen.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            page = text(client.get("/candidates/"))
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(seen), page

    few, page = statements_of_the_caseload()
    rows = re.findall(r'<tr>.*?</tr>', page, re.S)
    consent = {name: "Toestemming gegeven" in row for row in rows
               for name in _names(row)}
    assert consent == {"Amina": False, "Bilal": False, "Chioma": True}
    for number in range(4):
        make_candidate(pseudonym=f"Kandidaat {number}", consent=number % 2 == 0)
    many, page = statements_of_the_caseload()
    assert many == few
    assert page.count("Toestemming gegeven") == 3


def test_the_caseload_pages_through_many_candidates(client, login_as, make_candidate):
    for number in range(27):
        make_candidate(pseudonym=f"Kandidaat {number:02d}")
    login_as("coach_a")
    first = text(client.get("/candidates/"))
    assert len(_names(first)) == 25
    assert "27 kandidaten" in first
    second = text(client.get("/candidates/", query_string={"page": 2}))
    assert _names(second) == ["Kandidaat 25", "Kandidaat 26"]


def test_search_text_with_markup_is_shown_escaped(client, login_as, caseload):
    login_as("coach_a")
    page = text(client.get("/candidates/", query_string={"q": "<b>Amina</b>"}))
    assert 'value="&lt;b&gt;Amina&lt;/b&gt;"' in page
    assert "<b>Amina</b>" not in page
    assert _names(page) == []


def test_a_first_page_that_is_not_full_is_not_counted_apart(app_ctx, make_candidate, users):
    """Its rows are all there are: the count statement is left out, the total is the
    same, and a full first page (it may have more behind it) is still counted."""
    def page_and_statements(per_page: int, number: int | None = 1):
        seen = []

        def count(*_args):
            seen.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            page = paginate(caseload_queries.caseload(users["coach_a"]), per_page=per_page,
                            number=number)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return page, len(seen)

    for number in range(3):
        make_candidate(pseudonym=f"Kandidaat {number}")
    page_and_statements(per_page=4)  # reads the coach, expired by the commits
    short, short_statements = page_and_statements(per_page=4)
    full, full_statements = page_and_statements(per_page=3)
    assert (short.total, len(short.items), short.pages) == (3, 3, 1)
    assert (full.total, len(full.items), full.pages) == (3, 3, 1)
    assert short_statements == full_statements - 1
    second, _statements = page_and_statements(per_page=2, number=2)
    assert (second.total, [c.pseudonym for c in second.items]) == (3, ["Kandidaat 2"])
