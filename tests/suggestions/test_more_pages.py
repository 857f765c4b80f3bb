"""More than the first 20 suggestions: ``?page=2`` shows places 21 to 40 of the same
ranking, logs them as a list of its own with those ranks (no fairness places: those are
the top 10), says which places are shown, keeps the near misses as they are, and
answers odd page numbers with the first or the last page and a notice."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, func, select

from marketplace.candidates.report_copies import FairnessPlace
from marketplace.extensions import db
from marketplace.suggestions import ranking
from marketplace.suggestions.models import SuggestionList
from marketplace.suggestions.operations import set_ranking_enabled
from tests.factories import FORKLIFT, WAREHOUSE, make_candidate, make_opportunity
from tests.suggestions.conftest import driver, last_list

POSTCODES = ("2000", "2060", "2100", "2018", "2140")
DUTCH = ("A2", "B1", "B2")


def crowd(coach, count: int) -> list:
    """``count`` candidates of ``coach`` who fit the forklift job in different ways
    (the wish itself or a related occupation, experience, distance, Dutch), so the
    ranking has an order to keep; committed."""
    people = []
    for i in range(count):
        kind = i % 3
        people.append(
            make_candidate(
                coach,
                pseudonym=f"Kandidaat {i:02d}",
                commit=True,
                wishes=[WAREHOUSE] if kind == 1 else [FORKLIFT],
                experience=[FORKLIFT] if kind == 2 else [],
                postcode=POSTCODES[i % len(POSTCODES)],
                dutch_level=DUTCH[i % len(DUTCH)],
            )
        )
    return people


def opened(client, url: str, **query):
    """The page's HTML and the list its opening logged."""
    response = client.get(url, query_string=query)
    assert response.status_code == 200, (url, query)
    return response.get_data(as_text=True), last_list()


def pairs(shown: SuggestionList) -> list[tuple[int, int, int]]:
    return [(e.rank, e.candidate_id, e.opportunity_id) for e in shown.entries]


@pytest.fixture
def forty_five(users, opportunity):
    return crowd(users["coach_a"], 45)


def test_page_one_and_page_two_are_the_top_40_of_the_one_ranking(
    client, login_as, users, opportunity, forty_five
):
    login_as("coach_a")
    url = f"/suggestions/opportunities/{opportunity.id}"
    _html, first = opened(client, url)
    _html, second = opened(client, url, page="2")
    top = ranking.candidates_for(opportunity, users["coach_a"], top_k=40)
    assert top.ranked and first.ranked and second.ranked
    assert [p[1] for p in pairs(first) + pairs(second)] == [e.candidate_id for e in top.entries]
    assert [p[0] for p in pairs(first) + pairs(second)] == list(range(1, 41))
    assert [e.score for e in first.entries + second.entries] == [e.score for e in top.entries]
    assert [e.features for e in second.entries] == [e.features for e in top.entries[20:]]
    # The order is not just registration order (the test has an order to keep).
    assert [e.candidate_id for e in top.entries] != sorted(e.candidate_id for e in top.entries)


@pytest.mark.parametrize("enabled", [True, False])
def test_every_part_of_a_list_follows_on_from_the_one_before(users, opportunity, enabled):
    """Ranked and unranked, in both directions: page ``n`` of size ``k`` is places
    ``(n-1)k + 1`` to ``nk`` of one list of all of them."""
    coach = users["coach_a"]
    people = crowd(coach, 11)
    for i in range(8):
        make_opportunity(
            opportunity.organisation,
            commit=True,
            title=f"Job {i}",
            postcode=POSTCODES[i % len(POSTCODES)],
            dutch_level=("A1", "A2")[i % 2],
            occupation_uri=WAREHOUSE if i % 2 else FORKLIFT,
        )
    whole = ranking.candidates_for(opportunity, coach, enabled=enabled, top_k=40)
    parts = [
        ranking.candidates_for(opportunity, coach, enabled=enabled, top_k=4, page=n)
        for n in (1, 2, 3)
    ]
    assert [p.first_rank for p in parts] == [1, 5, 9]
    assert [e for p in parts for e in p.entries] == whole.entries
    assert len(whole.entries) == 11
    whole = ranking.opportunities_for(people[0], enabled=enabled, top_k=40)
    parts = [
        ranking.opportunities_for(people[0], enabled=enabled, top_k=3, page=n) for n in (1, 2, 3)
    ]
    assert [p.first_rank for p in parts] == [1, 4, 7]
    assert [e for p in parts for e in p.entries] == whole.entries
    assert len(whole.entries) == 9


def test_a_later_page_is_logged_with_its_places_and_adds_no_fairness_places(
    client, login_as, users, opportunity, forty_five
):
    login_as("coach_a")
    url = f"/suggestions/opportunities/{opportunity.id}"
    _html, first = opened(client, url)
    _html, second = opened(client, url, page="2")
    _html, third = opened(client, url, page="3")
    assert (first.coach_id, second.coach_id, second.opportunity_id) == (
        users["coach_a"].id,
        users["coach_a"].id,
        opportunity.id,
    )
    assert [e.rank for e in second.entries] == list(range(21, 41))
    assert [e.rank for e in third.entries] == list(range(41, 46))

    def places(shown):
        return db.session.scalar(
            select(func.count()).select_from(FairnessPlace).where(FairnessPlace.list_id == shown.id)
        )

    assert (places(first), places(second), places(third)) == (10, 0, 0)


def test_the_page_says_which_places_it_shows_and_links_to_the_next_ones(
    client, login_as, users, opportunity, forty_five
):
    login_as("coach_a")
    url = f"/suggestions/opportunities/{opportunity.id}"
    html, first = opened(client, url)
    assert "45 mensen voldoen aan alle harde eisen." in html
    assert "Je ziet nummer 1 tot en met 20 van de 45." in html
    assert '<ol class="match-list">' in html  # numbered from 1
    assert "Toon de vorige" not in html
    assert f'href="{url}?page=2#suggested-heading" rel="next">Toon de volgende 20</a>' in html
    assert "Nummer 20:" in html and "Nummer 21:" not in html

    html, second = opened(client, url, page="2")
    assert "Je ziet nummer 21 tot en met 40 van de 45." in html
    assert '<ol class="match-list" start="21">' in html
    assert "Nummer 21:" in html and "Nummer 40:" in html and "Nummer 20:" not in html
    assert f'href="{url}#suggested-heading" rel="prev">Toon de vorige 20</a>' in html
    assert f'href="{url}?page=3#suggested-heading" rel="next">Toon de volgende 5</a>' in html
    assert re.search(r"<title>Suggesties voor Heftruckchauffeur \(nummer 21 tot en met 40\)", html)
    # Propose and set aside carry the entries of this page's list.
    assert f"entry={second.entries[0].id}" in html and f"entry={first.entries[0].id}" not in html

    html, _third = opened(client, url, page="3")
    assert "Je ziet nummer 41 tot en met 45 van de 45." in html
    assert "Toon de volgende" not in html
    assert f'href="{url}?page=2#suggested-heading" rel="prev">' in html
    assert "bestaat niet" not in html


def test_one_page_that_shows_everyone_has_no_links_and_no_places_sentence(
    client, login_as, users, opportunity
):
    driver(users["coach_a"], "Amal")
    login_as("coach_a")
    html, _shown = opened(client, f"/suggestions/opportunities/{opportunity.id}")
    assert "1 persoon voldoet aan alle harde eisen." in html
    assert "Je ziet nummer" not in html and "Toon de volgende" not in html
    assert 'aria-label="Meer suggesties"' not in html


def test_the_near_misses_stay_the_same_list_on_a_later_page(
    client, login_as, users, opportunity, forty_five
):
    driver(users["coach_a"], "Elif", dutch_level="none")  # misses the Dutch level
    login_as("coach_a")
    url = f"/suggestions/opportunities/{opportunity.id}"
    html, second = opened(client, url, page="2")
    # Without the near misses: the link to show them keeps the page.
    assert f'href="{url}?near=1&amp;page=2">Toon wat bijna past</a>' in html
    assert "Elif" not in html
    html, with_near = opened(client, url, page="2", near="1")
    assert pairs(with_near) == pairs(second)  # near misses change nothing that is logged
    near = html[html.index('id="near-heading"') :]
    assert "Elif" in near and "Deze mensen missen één harde eis." in near
    assert f'href="{url}?page=2">Verberg wat bijna past</a>' in near
    # The links to other pages keep the near misses shown.
    assert f'href="{url}?page=3&amp;near=1#suggested-heading" rel="next"' in html
    assert f'href="{url}?near=1#suggested-heading" rel="prev"' in html
    html_first, _ = opened(client, url, near="1")
    first_near = html_first[html_first.index('id="near-heading"') :]
    assert first_near.count("Elif") == near.count("Elif") >= 1


def test_switched_off_a_later_page_continues_the_neutral_order_and_says_no_lie(
    client, login_as, users, opportunity, forty_five
):
    set_ranking_enabled(False, by=users["admin"])
    db.session.commit()
    login_as("coach_a")
    url = f"/suggestions/opportunities/{opportunity.id}"
    html, second = opened(client, url, page="2")
    assert second.ranked is False
    assert [e.candidate_id for e in second.entries] == [p.id for p in forty_five[20:40]]
    assert [e.rank for e in second.entries] == list(range(21, 41))
    assert "De rangschikking staat uit." in html
    assert "Je ziet iedereen" not in html
    assert "De lijst bevat elke suggestie die aan alle harde eisen voldoet" in html
    assert "Je ziet nummer 21 tot en met 40 van de 45." in html


@pytest.mark.parametrize("asked", ["abc", "-1", "0", "", "1.5", "2abc"])
def test_a_page_that_is_no_page_number_shows_the_first_page_with_a_notice(
    client, login_as, users, opportunity, forty_five, asked
):
    login_as("coach_a")
    html, shown = opened(client, f"/suggestions/opportunities/{opportunity.id}", page=asked)
    assert "Dat paginanummer bestaat niet. Je ziet pagina 1 van 3." in html
    assert [e.rank for e in shown.entries] == list(range(1, 21))


@pytest.mark.parametrize("asked", ["4", "99999", "99999999999999999999999"])
def test_a_page_past_the_end_shows_the_last_page_with_a_notice(
    client, login_as, users, opportunity, forty_five, asked
):
    login_as("coach_a")
    url = f"/suggestions/opportunities/{opportunity.id}"
    html, shown = opened(client, url, page=asked)
    assert "Dat paginanummer bestaat niet. Je ziet pagina 3 van 3." in html
    assert "Je ziet nummer 41 tot en met 45 van de 45." in html
    assert [e.rank for e in shown.entries] == list(range(41, 46))


def test_a_page_number_on_an_empty_list_shows_the_empty_first_page(
    client, login_as, users, opportunity
):
    login_as("coach_a")
    html, shown = opened(client, f"/suggestions/opportunities/{opportunity.id}", page="2")
    assert "Dat paginanummer bestaat niet. Je ziet pagina 1 van 1." in html
    assert "Niemand die je kunt zien voldoet aan alle harde eisen" in html
    assert shown.entries == []


def test_opportunities_for_a_candidate_page_on_too(client, login_as, users, organisations):
    amal = driver(users["coach_a"], "Amal")
    for i in range(22):
        make_opportunity(
            organisations["employer_a"],
            commit=True,
            title=f"Heftruck {i:02d}",
            postcode=POSTCODES[i % len(POSTCODES)],
            dutch_level=("A1", "A2")[i % 2],
            hours_per_week=20 + i,
        )
    login_as("coach_a")
    url = f"/suggestions/candidates/{amal.id}"
    html, first = opened(client, url)
    assert "Je ziet nummer 1 tot en met 20 van de 22." in html
    assert f'href="{url}?page=2#suggested-heading" rel="next">Toon de volgende 2</a>' in html
    html, second = opened(client, url, page="2")
    assert '<ol class="match-list match-list--titles" start="21">' in html
    assert "Je ziet nummer 21 tot en met 22 van de 22." in html
    top = ranking.opportunities_for(amal, top_k=40)
    assert [p[2] for p in pairs(first) + pairs(second)] == [e.opportunity_id for e in top.entries]
    assert [e.rank for e in second.entries] == [21, 22]
    html, _ = opened(client, url, page="x")
    assert "Dat paginanummer bestaat niet. Je ziet pagina 1 van 2." in html
    html, last = opened(client, url, page="7")
    assert "Je ziet pagina 2 van 2." in html and pairs(last) == pairs(second)


def test_setting_aside_a_suggestion_of_a_later_page_goes_back_to_that_page(
    client, login_as, users, opportunity, forty_five
):
    login_as("coach_a")
    url = f"/suggestions/opportunities/{opportunity.id}"
    _html, second = opened(client, url, page="2")
    entry = second.entries[4]
    html = client.get(f"/suggestions/entries/{entry.id}/dismiss").get_data(as_text=True)
    assert "25" in html  # shown at place 25
    response = client.post(f"/suggestions/entries/{entry.id}/dismiss", data={"reason": "practical"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{url}?page=2#place-25")
    _html, again = opened(client, url, page="2")
    assert entry.candidate_id not in [e.candidate_id for e in again.entries]
    assert [e.rank for e in again.entries] == list(range(21, 41))  # 44 left: still 20 here


def test_who_may_open_a_page_does_not_change_with_the_page_number(
    client, login_as, users, opportunity
):
    amal = driver(users["coach_a"], "Amal")
    login_as("coach_b")
    assert client.get(f"/suggestions/candidates/{amal.id}?page=2").status_code == 404
    client.post("/logout")
    login_as("employer_a")
    assert client.get(f"/suggestions/opportunities/{opportunity.id}?page=2").status_code == 403
    client.post("/logout")
    response = client.get(f"/suggestions/opportunities/{opportunity.id}?page=2")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_later_page_sends_as_many_statements_as_the_first(
    client, login_as, users, opportunity, forty_five
):
    """Paging costs no statement: page 2 reads and writes what page 1 does (its list,
    its 20 entries) but the fairness places (places 21 to 40 are not in the top 10, so
    none is written and the INSERT ... SELECT is not sent), and page 1 is what it was
    (nothing is read for the paging)."""
    login_as("coach_a")
    amal = forty_five[0]
    urls = (f"/suggestions/opportunities/{opportunity.id}", f"/suggestions/candidates/{amal.id}")
    for url in urls:
        opened(client, url)  # the pools and caches are built
    counts = {}
    for url in urls:
        for query in ({}, {"page": "2"}, {"page": "1"}):
            seen: list[str] = []

            def remember(_conn, _cursor, statement, *_args, seen=seen):
                seen.append(statement)

            event.listen(db.engine, "before_cursor_execute", remember)
            try:
                opened(client, url, **query)
            finally:
                event.remove(db.engine, "before_cursor_execute", remember)
            counts[url, query.get("page")] = len(seen)
    for url in urls:
        assert counts[url, None] == counts[url, "1"], url
    # The candidate has one opportunity: their page 2 is their page 1 (with a notice).
    assert counts[urls[0], "2"] == counts[urls[0], None] - 1
