"""No table or CSV of the insights blueprint lets an analyst learn about 1 to 4 people.

The attack of issue 13: ``/insights/supply/dutch.csv?place=2040&radius=0`` showed two
"<5" cells; adding ``kind=volunteering`` left one "<5" beside zeros, so everyone in
2040 open to volunteering had no Dutch yet. Here the same data are walked the way an
analyst would narrow a group (a radius of 15, 10, 5 and 0 km, a shorter and shorter
period, a deeper occupation group, one kind) and every page and CSV the analyst can
open is checked at every step: no count of 1 to 4, no 0 in a breakdown beside a "<5",
and a selection of fewer than ``INSIGHTS_MIN_POPULATION`` people shows no breakdown.
The pages and CSVs are found from the blueprint's routes and the pages' own links, so
a table added later is checked too.
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, datetime

import pytest
from flask import current_app

from marketplace.taxonomy.queries import postcodes_within
from tests.factories import FORKLIFT, WAREHOUSE
from tests.insights.conftest import read_csv

TOO_FEW = "Te weinig mensen in deze selectie"
#: Columns or rows worked out from shown figures (a share, a difference, an average):
#: small numbers there are not counts.
DERIVED = re.compile(r"%|min kandidaten|[Gg]emiddeld|per aanbod")
#: Rows that add up the shown figures; a 0 there says only that nothing is shown.
TOTALS = ("Totaal van de getoonde cijfers", "Alle soorten")
WIDE = {"period_start": "2025-01", "period_end": "2025-06", "sector": ""}


def _ring(inner_km: float, outer_km: float) -> str:
    """A postcode more than ``inner_km`` and at most ``outer_km`` from 2040."""
    inside = set(postcodes_within("2040", inner_km))
    return next(code for code in postcodes_within("2040", outer_km) if code not in inside)


@pytest.fixture
def postcode_2040(make_candidates, make_opportunities):
    """A small group in 2040 (3 without Dutch, open to volunteering; 2 at A1, jobs
    only) and more people further away: 5 people at 0 km, 13 within 5 km, 20 within
    10 km (18 of them open to volunteering), 26 within 15 km. Opportunities published
    in January, February and March 2025."""
    make_candidates(
        3, wishes=[WAREHOUSE], postcode="2040", dutch_level="none", wished_kinds={"volunteering"}
    )
    make_candidates(2, wishes=[FORKLIFT], postcode="2040", dutch_level="A1", wished_kinds={"job"})
    make_candidates(8, wishes=[WAREHOUSE], postcode=_ring(0, 5), dutch_level="A2")
    make_candidates(7, wishes=[FORKLIFT], postcode=_ring(5, 10), dutch_level="B1")
    make_candidates(6, wishes=[WAREHOUSE], postcode=_ring(10, 15), dutch_level="A2")
    make_opportunities(6, postcode="2040", occupation=WAREHOUSE)
    make_opportunities(
        3, kind="internship", postcode="2040", published_at=datetime(2025, 2, 10, tzinfo=UTC)
    )
    make_opportunities(
        2,
        kind="volunteering",
        postcode=_ring(0, 5),
        dutch_level="none",
        published_at=datetime(2025, 3, 10, tzinfo=UTC),
    )


def _insights_urls(client) -> list[str]:
    """Every page and CSV of the insights blueprint the analyst may open, as paths:
    pages from the routes without arguments, CSVs from the links on those pages at a
    selection wide enough to show every table. Fails when a route is left out."""
    rules = [
        rule
        for rule in current_app.url_map.iter_rules()
        if rule.endpoint.startswith("insights.") and "GET" in rule.methods
    ]
    pages = [rule.rule for rule in rules if not rule.arguments]
    urls, reached = [], set()
    for page in pages:
        response = client.get(page, query_string=WIDE)
        if response.status_code == 403:  # the outcomes report: admins only
            continue
        urls.append(page)
        body = response.get_data(as_text=True)
        for link in re.findall(r'href="(/insights/[^"?]+\.csv)', body):
            if link not in urls:
                urls.append(link)
    for url in urls:
        endpoint, _args = current_app.url_map.bind("localhost").match(url)
        reached.add(endpoint)
    refused = {rule.endpoint for rule in rules if rule.endpoint.startswith("insights.outcomes")}
    assert reached == {rule.endpoint for rule in rules} - refused
    return urls


def _columns_of_csv(rows: list[list[str]]) -> list[tuple[str, list[str]]]:
    header = rows[0]
    body = [row for row in rows[1:] if row[0] not in TOTALS and not DERIVED.search(row[0])]
    return [(name, [row[i] for row in body]) for i, name in enumerate(header) if i > 0]


def _tables_of_page(body: str) -> list[list[tuple[str, list[str]]]]:
    """Each data table of a page as (column header, figures of the body rows)."""
    tables = []
    for table in re.findall(r"<table .*?</table>", body, re.S):
        headers = [
            html_lib.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table, re.S)
        ]
        tbody = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
        rows = [
            [
                html_lib.unescape(cell)
                for cell in re.findall(r'<td class="number"[^>]*>(.*?)</td>', tr)
            ]
            for tr in re.findall(r"<tr>(.*?)</tr>", tbody, re.S)
            if not DERIVED.search(re.sub(r"<[^>]+>", "", tr.split("</th>", 1)[0]))
        ]
        figures = headers[-len(rows[0]) :] if rows else []
        tables.append([(name, [row[i] for row in rows]) for i, name in enumerate(figures)])
    return tables


def _problems(columns: list[tuple[str, list[str]]]) -> list[str]:
    found = []
    for name, cells in columns:
        if name == "ISCO-code":
            continue
        if not DERIVED.search(name):
            found += [f"{name}: {cell}" for cell in cells if cell in {"1", "2", "3", "4"}]
        if "<5" in cells and "0" in cells:
            found.append(f"{name}: 0 beside <5")
    return found


def _check(client, url: str, args: dict) -> str:
    """The problems an analyst could exploit in ``url`` with ``args``, as text."""
    response = client.get(url, query_string=args)
    assert response.status_code == 200, (url, args)
    if url.endswith(".csv"):
        rows = read_csv(response)
        if rows[0] == ["Melding"]:
            assert len(rows) == 2 and rows[1][0].startswith(TOO_FEW)
            return ""
        return "; ".join(_problems(_columns_of_csv(rows)))
    body = response.get_data(as_text=True)
    return "; ".join(p for table in _tables_of_page(body) for p in _problems(table))


def _supply_withheld(client, args: dict) -> bool:
    body = client.get("/insights/supply", query_string=args).get_data(as_text=True)
    if TOO_FEW in body:
        assert "<table" not in body and "data-chart-for" not in body
        assert ".csv" not in body  # no download of figures either
        assert body.count("Maak je selectie ruimer") == 1  # one notice, not one per table
        return True
    return False


def test_the_attack_of_issue_13_learns_nothing(login_as, postcode_2040):
    client = login_as("analyst")
    place = {**WIDE, "place": "2040", "radius": "0"}
    for args in (place, {**place, "kind": "volunteering"}):
        rows = read_csv(client.get("/insights/supply/dutch.csv", query_string=args))
        assert rows == [["Melding"], [rows[1][0]]] and rows[1][0].startswith(TOO_FEW)
        assert "Maak je selectie ruimer" in rows[1][0]
        assert _supply_withheld(client, args)


def test_a_zero_beside_a_hidden_cell_is_hidden_in_a_large_enough_group(login_as, postcode_2040):
    # 20 people within 10 km: the breakdown is shown, but "no one at B2" beside
    # "<5 without Dutch" would still narrow the hidden cells down.
    client = login_as("analyst")
    args = {**WIDE, "place": "2040", "radius": "10"}
    rows = dict(
        (row[0], row[1])
        for row in read_csv(client.get("/insights/supply/dutch.csv", query_string=args))[1:]
    )
    assert rows["Nog geen Nederlands"] == rows["A1 (beginner)"] == "<5"
    assert rows["B2 (goed)"] == rows["C2 (bijna moedertaal)"] == "<5"  # zeros, hidden
    assert rows["A2 (basis)"] == "10" and rows["B1 (zelfstandig)"] == "5"


@pytest.mark.parametrize("kind", ["", "volunteering", "job"])
def test_a_radius_walk_never_shows_a_small_group(login_as, postcode_2040, kind):
    client = login_as("analyst")
    urls = _insights_urls(client)
    withheld = []
    for radius in ("15", "10", "5", "0"):
        args = {**WIDE, "place": "2040", "radius": radius, "kind": kind}
        for url in urls:
            assert not _check(client, url, args), (url, args, _check(client, url, args))
        withheld.append(_supply_withheld(client, args))
    # The walk does reach the small groups: the narrow steps are withheld.
    assert withheld[-2:] == [True, True]
    if not kind:
        assert withheld[:2] == [False, False]


def test_a_period_and_group_walk_never_shows_a_small_group(login_as, postcode_2040):
    client = login_as("analyst")
    urls = _insights_urls(client)
    steps = [
        {**WIDE},
        {**WIDE, "period_end": "2025-03"},
        {**WIDE, "period_end": "2025-02", "place": "2040", "radius": "15"},
        {**WIDE, "period_end": "2025-01", "place": "2040", "radius": "15", "group": "9"},
        {**WIDE, "period_end": "2025-01", "place": "2040", "radius": "15", "group": "93"},
        {**WIDE, "period_end": "2025-01", "place": "2040", "radius": "5", "group": "9333"},
    ]
    for args in steps:
        for url in urls:
            assert not _check(client, url, args), (url, args, _check(client, url, args))
    # 26 people within 15 km, of whom 17 wish or did work in group 9: withheld.
    assert not _supply_withheld(client, steps[2])
    assert _supply_withheld(client, steps[3])
