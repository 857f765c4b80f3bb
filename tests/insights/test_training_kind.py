"""Training courses in the dashboards: the tables per kind show them with their name,
on the page and in the CSV."""

from __future__ import annotations

import re

from tests.insights.conftest import PERIOD, csv_rows


def test_the_kind_table_shows_training_courses_by_name(login_as, make_opportunities):
    make_opportunities(10, employer="provider", kind="training", places=2)
    client = login_as("analyst")
    query = {**PERIOD, "sector": ""}
    rows = csv_rows(client.get("/insights/demand/kind.csv", query_string=query))
    assert rows["Opleiding"] == ["10", "20"]
    page = client.get("/insights/", query_string=query).get_data(as_text=True)
    assert re.search(r'<th scope="row">\s*<span>Opleiding</span>', page)


def test_the_dashboard_filters_on_training_courses(login_as, make_opportunities):
    make_opportunities(5, employer="provider", kind="training")
    make_opportunities(5)
    client = login_as("analyst")
    rows = csv_rows(client.get("/insights/demand/kind.csv",
                               query_string={**PERIOD, "sector": "", "kind": "training"}))
    assert rows["Opleiding"] == ["5", "5"] and rows["Job"] == ["0", "0"]
