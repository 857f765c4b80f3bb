"""The demand dashboard's hours table leaves try-outs out (one session on one day: their
stored hours a week are shown nowhere) and says so; every other table counts them.
The kept answers and tables, the CSV and the page follow the same rule."""

from __future__ import annotations

import pytest

from marketplace.insights import cache, queries
from tests.insights.conftest import PERIOD, csv_rows
from tests.insights.test_queries import PERIOD as FILTERS

CAPTION_NL = "Open aanbod per aantal uren per week, zonder proefsessies"
NOTE_NL = "Zonder proefsessies: een proefsessie valt op één dag, het zijn geen uren elke week."
NOTE_EN = "Without try-outs: a try-out is one session on one day, not hours every week."


@pytest.fixture
def jobs_and_tryouts(make_opportunities):
    """Five jobs and five try-outs of 12 stored hours a week, open in January 2025."""
    make_opportunities(5, hours_per_week=12)
    make_opportunities(5, hours_per_week=12, kind="tryout")


def test_the_hours_breakdown_counts_no_tryouts_and_the_others_do(jobs_and_tryouts):
    assert {c.key: c.units for c in queries.demand_by_hours(FILTERS)} == {"up_to_12": 5}
    assert {c.key: c.units for c in queries.demand_by_kind(FILTERS)} == {"job": 5, "tryout": 5}
    assert queries.demand_totals(FILTERS).units == 10
    only_tryouts = queries.InsightFilters(FILTERS.start, FILTERS.end, kind="tryout")
    assert queries.demand_by_hours(only_tryouts) == ()


@pytest.fixture(params=[0, 64], ids=["computed", "kept"])
def cache_size(request, app):
    """The dashboards computed afresh, and with their answers and tables kept."""
    app.config["INSIGHTS_CACHE_SIZE"] = request.param
    cache.forget_all()
    yield request.param
    app.config["INSIGHTS_CACHE_SIZE"] = 0
    cache.forget_all()


def test_the_page_and_csv_leave_tryouts_out_of_the_hours_table_and_say_so(
    cache_size, jobs_and_tryouts, login_as
):
    client = login_as("analyst")
    args = {**PERIOD, "sector": ""}
    for _ in range(2):  # the second time from the kept answers and tables, if kept
        page = client.get("/insights/", query_string=args).get_data(as_text=True)
        assert CAPTION_NL in page and NOTE_NL in page
        hours = csv_rows(client.get("/insights/demand/hours.csv", query_string=args))
        assert hours["Tot 12 uur per week"][0] == "5"  # the 5 jobs only
        assert hours["Totaal van de getoonde cijfers"][0] == "5"
        kinds = csv_rows(client.get("/insights/demand/kind.csv", query_string=args))
        assert kinds["Proeven van jobs"][0] == "5"
    client.post("/language", data={"locale": "en", "next": "/"})
    english = client.get("/insights/", query_string=args).get_data(as_text=True)
    assert "Open opportunities by hours per week, without try-outs" in english
    assert NOTE_EN in english
