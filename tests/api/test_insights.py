"""The insights resource: the dashboards' protected tables as JSON, for the roles the
pages are for, with the pages' filters."""

from __future__ import annotations

from datetime import date

from marketplace.barriers.report import BARRIER_TABLES, BarrierFilters, barrier_summary
from marketplace.insights import demand_tables
from marketplace.insights.queries import InsightFilters
from tests.api.conftest import assert_problem
from tests.factories import FORKLIFT, make_api_token, make_candidate, make_dated_opportunity
from tests.insights.conftest import JANUARY, PERIOD

DEMAND = "/api/v1/insights/demand"
SUPPLY = "/api/v1/insights/supply"
QUERY = "?period_start=2025-01&period_end=2025-01&sector="


def _expected(builders, filters: InsightFilters) -> dict[str, list]:
    """The pages' own tables for ``filters``: per table, the rows' labels and shown
    texts."""
    built = (builder(filters, "nl") for builder in builders.values())
    return {table.key: [[row.label, [str(cell) for cell in row.cells]] for row in table.rows]
            for table in built if table is not None}


def _answered(body: dict) -> dict[str, list]:
    return {table["key"]: [[row["label"], [cell["text"] for cell in row["cells"]]]
                           for row in table["rows"]] for table in body["tables"]}


def _opportunities(organisation, count: int, **columns) -> None:
    for number in range(count):
        make_dated_opportunity(organisation, published_at=JANUARY,
                               commit=number == count - 1, **columns)


def test_a_federation_token_gets_the_demand_tables_protected_as_on_the_page(
        api, app, app_ctx, organisations):
    _opportunities(organisations["employer_a"], 7)
    _opportunities(organisations["employer_b"], 3, kind="internship")
    response = api("federation").get(DEMAND + QUERY)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    body = response.get_json()
    filters = InsightFilters(start=JANUARY.date().replace(day=1),
                             end=JANUARY.date().replace(day=31))
    with app.test_request_context():
        assert _answered(body) == _expected(demand_tables.DEMAND_TABLES, filters)
    assert body["summary"]["opportunities"] == {"value": 10, "text": "10"}
    kinds = {row["label"]: row["cells"][0] for row in
             next(t for t in body["tables"] if t["key"] == "kind")["rows"]}
    assert kinds["Stage"] == {"value": None, "text": "<5"}  # 3 internships: never "3"
    assert kinds["Job"] == {"value": 5, "text": "5"}  # 7, rounded to 5
    assert body["filters"]["period_start"] == "2025-01-01"
    assert body["filters"]["sector"] is None


def test_the_supply_tables_are_withheld_for_too_few_people(api, app_ctx, users):
    for number in range(3):
        make_candidate(users["coach_a"], wishes=[FORKLIFT], commit=number == 2)
    body = api("admin_body").get(SUPPLY + QUERY).get_json()
    assert body["summary"]["candidates"] == {"value": None, "text": "<5"}
    assert body["tables"] and all(table["withheld"] and not table["rows"]
                                  for table in body["tables"])


def test_a_federation_token_without_a_sector_sees_its_own_sector(api, app_ctx):
    body = api("federation").get(DEMAND + "?" + "&".join(
        f"{key}={value}" for key, value in PERIOD.items())).get_json()
    assert body["filters"]["sector"] == "H"
    assert api("admin_body").get(DEMAND).get_json()["filters"]["sector"] is None


def test_a_partner_token_gets_demand_but_not_supply(api, app_ctx):
    assert api("partner_a").get(DEMAND + QUERY).status_code == 200
    assert_problem(api("partner_a").get(SUPPLY + QUERY), 403)


def test_an_employer_token_gets_no_insights(api, app_ctx):
    assert_problem(api("employer_a").get(DEMAND), 403)
    assert_problem(api("employer_a").get(SUPPLY), 403)


def test_a_token_without_the_insights_scope_is_refused(api, app_ctx, organisations):
    _token, secret = make_api_token(organisations["federation"],
                                    scopes=["opportunities:read"], commit=True)
    assert_problem(api(secret=secret).get(DEMAND), 403)


def test_no_token_is_a_401(client, app_ctx):
    assert_problem(client.get(DEMAND), 401)


def test_bad_filters_are_a_422_with_each_field(api, app_ctx):
    body = assert_problem(api("federation").get(
        DEMAND + "?period_start=2025-13&group=9999&kind=spaceship"), 422)
    locations = {tuple(error["location"]) for error in body["errors"]}
    assert ("query", "period_start") in locations and ("query", "kind") in locations
    assert ("query", "group") in locations


def test_an_unknown_filter_is_a_422(api, app_ctx):
    body = assert_problem(api("federation").get(DEMAND + "?employer=1"), 422)
    assert body["errors"][0]["location"] == ["query", "employer"]


# --- the barriers and trajectories reports ------------------------------------------------

BARRIERS = "/api/v1/insights/barriers"
TRAJECTORIES = "/api/v1/insights/trajectories"


def test_the_barriers_report_has_the_pages_tables(api, app, app_ctx):
    response = api("admin_body").get(BARRIERS + "?period_start=2025-01&period_end=2025-12")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    body = response.get_json()
    filters = BarrierFilters(start=date(2025, 1, 1), end=date(2025, 12, 31))
    with app.test_request_context():
        expected = {key: [[row.label, [str(cell) for cell in row.cells]] for row in
                          builder(filters).rows] for key, builder in BARRIER_TABLES.items()}
        assert _answered(body) == expected
        assert body["summary"]["people"]["text"] == str(barrier_summary(filters))
    assert body["filters"] == {"period_start": "2025-01-01", "period_end": "2025-12-31",
                               "partner": None}


def test_the_trajectories_report_has_the_pages_tables(api, app, app_ctx):
    body = api("federation").get(TRAJECTORIES).get_json()
    assert {table["key"] for table in body["tables"]} == {"funnel", "partners", "durations"}


def test_a_partner_token_gets_neither_report(api, app_ctx):
    assert_problem(api("partner_a").get(BARRIERS), 403)
    assert_problem(api("partner_a").get(TRAJECTORIES), 403)


def test_an_unknown_partner_in_a_report_is_a_422(api, app_ctx, organisations):
    for url in (BARRIERS, TRAJECTORIES):
        body = assert_problem(api("admin_body").get(
            f"{url}?partner={organisations['employer_a'].id}"), 422)
        assert body["errors"][0]["location"] == ["query", "partner"]


def test_the_hours_table_leaves_tryouts_out_and_says_so(api, app_ctx, organisations):
    _opportunities(organisations["employer_a"], 5, hours_per_week=12)
    _opportunities(organisations["employer_a"], 5, hours_per_week=12, kind="tryout")
    body = api("federation").get(DEMAND + QUERY).get_json()
    tables = {table["key"]: table for table in body["tables"]}
    hours = tables["hours"]
    assert hours["caption"] == "Open aanbod per aantal uren per week, zonder proefsessies"
    assert hours["notes"] == ["Zonder proefsessies: een proefsessie valt op één dag, het zijn "
                              "geen uren elke week."]
    assert hours["rows"][0]["cells"][0]["text"] == "5"  # the jobs only
    assert body["summary"]["opportunities"]["text"] == "10"
