"""Who reaches which dashboard, and the CSV downloads: headers, file name, figures."""

from __future__ import annotations

import pytest

from marketplace.insights.export import table_csv
from marketplace.insights.protection import Figure
from marketplace.insights.tables import Column, Row, Table
from tests.insights.conftest import PERIOD, csv_rows, read_csv


@pytest.mark.parametrize(
    ("role", "demand", "supply"),
    [
        ("analyst", 200, 200),
        ("admin", 200, 200),
        ("coach_a", 200, 403),
        ("employer_a", 403, 403),
    ],
)
def test_who_sees_which_side(login_as, role, demand, supply):
    client = login_as(role)
    assert client.get("/insights/").status_code == demand
    assert client.get("/insights/demand/dutch.csv").status_code == demand
    assert client.get("/insights/supply").status_code == supply
    for key in ("gap", "wishes", "dutch"):
        assert client.get(f"/insights/supply/{key}.csv").status_code == supply


def test_coaches_get_no_link_to_the_supply_side(login_as):
    html = login_as("coach_a").get("/insights/").get_data(as_text=True)
    assert "/insights/supply" not in html
    assert 'href="/insights/"' in html  # the menu entry


def test_employers_have_no_menu_entry(login_as):
    assert "/insights/" not in login_as("employer_a").get("/start").get_data(as_text=True)


def test_unknown_table_is_not_found(login_as):
    client = login_as("analyst")
    assert client.get("/insights/demand/everything.csv").status_code == 404
    assert client.get("/insights/supply/kind.csv").status_code == 404


def test_csv_has_a_file_name_with_the_filters_and_the_page_figures(login_as, make_opportunities):
    make_opportunities(8)
    make_opportunities(2, kind="internship", places=3)
    client = login_as("analyst")
    response = client.get(
        "/insights/demand/kind.csv",
        query_string={
            **PERIOD,
            "place": "Antwerpen",
            "radius": "5",
            "kind": "",
        },
    )
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition == (
        'attachment; filename="werkbrug-demand-kind-2025-01-01-2025-01-31-'
        'sector-H-antwerpen-5km.csv"'
    )
    rows = read_csv(response)
    assert rows[0] == ["Soort", "Open aanbod", "Plaatsen"]
    assert rows[1:] == [
        ["Job", "10", "10"],
        ["Stage", "<5", "<5"],
        ["Vrijwilligerswerk", "<5", "<5"],  # a 0 beside a hidden count is hidden too
        ["Opleiding", "<5", "<5"],
        ["Proeven van jobs", "<5", "<5"],
        ["Totaal van de getoonde cijfers", "10", "10"],
    ]


def test_csv_of_occupation_groups_has_their_codes(login_as, make_opportunities):
    make_opportunities(5)
    rows = read_csv(
        login_as("analyst").get(
            "/insights/demand/occupation.csv", query_string={**PERIOD, "group": "83"}
        )
    )
    assert rows[0][:2] == ["Beroepsgroep", "ISCO-code"]
    assert rows[1][1:] == ["834", "5", "5"]


def test_csv_cells_that_look_like_formulas_are_defused():
    table = Table(
        "x",
        "X",
        "Label",
        [Column("Count")],
        [Row("=HYPERLINK(1)", [Figure(5)]), Row("Gewoon", [Figure(None)])],
    )
    assert table_csv(table).splitlines() == ["Label,Count", "'=HYPERLINK(1),5", "Gewoon,<5"]


def test_admin_gets_the_same_figures_as_the_analyst(login_as, make_opportunities, client):
    make_opportunities(6)
    analyst_rows = csv_rows(
        login_as("analyst").get("/insights/demand/kind.csv", query_string={**PERIOD, "sector": ""})
    )
    client.post("/logout")
    admin_rows = csv_rows(
        login_as("admin").get("/insights/demand/kind.csv", query_string={**PERIOD, "sector": ""})
    )
    assert analyst_rows == admin_rows and analyst_rows["Job"] == ["5", "5"]


def test_a_download_opens_in_excel_in_the_page_language(client, login_as):
    """Excel set to Dutch (Belgium) splits on ";" and needs the byte-order mark to
    read UTF-8; on English pages the separator is ","."""
    analyst = login_as("analyst")
    analyst.post("/language", data={"locale": "nl"})
    dutch = analyst.get("/insights/demand/kind.csv", query_string={**PERIOD, "sector": ""})
    text = dutch.get_data(as_text=True)
    assert text.startswith("\ufeff") and ";" in text.splitlines()[0]
    analyst.post("/language", data={"locale": "en"})
    english = analyst.get("/insights/demand/kind.csv", query_string={**PERIOD, "sector": ""})
    text = english.get_data(as_text=True)
    assert text.startswith("\ufeff") and text.splitlines()[0].count(",") >= 1
    assert ";" not in text.splitlines()[0]
