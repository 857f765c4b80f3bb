"""Laid-out tables are kept per filters, language and data version: the same for every
viewer allowed to see them, laid out again when anything they show changes."""

from __future__ import annotations

import pytest

from marketplace.extensions import db
from marketplace.insights import cache
from marketplace.opportunities.models import OpportunitySkill
from tests.conftest import login
from tests.factories import TEAMWORK, skill
from tests.insights.conftest import PERIOD, csv_rows, read_csv

ALL = {**PERIOD, "sector": ""}


@pytest.fixture
def laid_out(app, monkeypatch):
    """The cache on for this test; returns the names of the tables laid out (not
    served kept) since the last call."""
    app.config["INSIGHTS_CACHE_SIZE"] = 64
    cache.forget_all()
    names: list[str] = []
    put = cache._tables.put

    def recording_put(key, table, size):
        names.append(key[0].rsplit(".", 1)[-1])
        put(key, table, size)

    monkeypatch.setattr(cache._tables, "put", recording_put)

    def since_last() -> list[str]:
        found = sorted(names)
        names.clear()
        return found

    yield since_last
    app.config["INSIGHTS_CACHE_SIZE"] = 0
    cache.forget_all()


def test_a_table_is_laid_out_once_per_data_version(laid_out, login_as, make_opportunities):
    analyst = login_as("analyst")
    make_opportunities(5)
    assert csv_rows(analyst.get("/insights/demand/kind.csv", query_string=ALL))["Job"][0] == "5"
    assert laid_out() == ["demand_by_kind"]
    assert csv_rows(analyst.get("/insights/demand/kind.csv", query_string=ALL))["Job"][0] == "5"
    assert laid_out() == []
    make_opportunities(5)  # raises the opportunities' stamp
    assert csv_rows(analyst.get("/insights/demand/kind.csv", query_string=ALL))["Job"][0] == "10"
    assert laid_out() == ["demand_by_kind"]


def test_a_saved_candidate_lays_out_only_the_tables_that_count_people(
    laid_out, login_as, make_opportunities, make_candidates
):
    analyst = login_as("analyst")
    make_opportunities(3)
    make_candidates(2)

    def ask() -> list[str]:
        for path in ("/insights/", "/insights/supply"):
            assert analyst.get(path, query_string=ALL).status_code == 200
        return laid_out()

    first = ask()
    assert "demand_by_kind" in first and "supply_gap" in first
    assert ask() == []
    make_candidates(1)
    assert ask() == ["supply_by_dutch_level", "supply_gap", "supply_wishes"]


def test_every_viewer_of_the_same_filters_gets_the_same_kept_page(
    laid_out, app, client, make_opportunities
):
    """No table depends on who asks: a coach and an analyst of another organisation
    see the same tables, laid out once."""
    make_opportunities(5)
    login(client, "analyst")
    for_analyst = client.get("/insights/", query_string=ALL).get_data(as_text=True)
    assert "demand_by_kind" in laid_out()
    coach = app.test_client()
    login(coach, "coach_b")
    for_coach = coach.get("/insights/", query_string=ALL).get_data(as_text=True)
    assert laid_out() == []

    def tables(page: str) -> str:
        return page.split('id="demand-occupation-heading"', 1)[1]

    assert tables(for_coach) == tables(for_analyst)


def test_each_language_has_its_own_tables(laid_out, login_as, make_opportunities):
    analyst = login_as("analyst")
    make_opportunities(5)
    assert read_csv(analyst.get("/insights/demand/kind.csv", query_string=ALL))[0][0] == "Soort"
    analyst.post("/language", data={"locale": "en"})
    assert read_csv(analyst.get("/insights/demand/kind.csv", query_string=ALL))[0][0] == "Kind"
    assert laid_out() == ["demand_by_kind", "demand_by_kind"]


def test_a_renamed_skill_shows_at_once(laid_out, login_as, make_opportunities):
    """Row names come from the taxonomy, whose stamp the kept tables name too."""
    analyst = login_as("analyst")
    teamwork = skill(TEAMWORK)
    for opportunity in make_opportunities(5):
        opportunity.skills.append(OpportunitySkill(skill_id=teamwork.id, required=False))
    db.session.commit()
    assert "in team werken" in csv_rows(
        analyst.get("/insights/demand/skills.csv", query_string=ALL)
    )
    teamwork.label_nl = "samenwerken in een team"
    db.session.commit()
    rows = csv_rows(analyst.get("/insights/demand/skills.csv", query_string=ALL))
    assert rows["samenwerken in een team"] == ["5", "0"]
