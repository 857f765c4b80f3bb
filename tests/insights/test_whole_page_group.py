"""A chosen occupation group applies to every table of a dashboard, and the supply
page sets demand and supply by Dutch level side by side."""

from __future__ import annotations

import pytest

from marketplace.extensions import db
from marketplace.opportunities.models import OpportunitySkill
from tests.factories import FORKLIFT, TEAMWORK, WAREHOUSE, skill
from tests.insights.conftest import PERIOD, csv_rows

ALL = {**PERIOD, "sector": ""}


@pytest.fixture
def analyst(login_as):
    return login_as("analyst")


def test_every_demand_table_looks_inside_the_chosen_group(analyst, make_opportunities):
    make_opportunities(10, occupation=FORKLIFT, kind="job")  # ISCO 8344
    make_opportunities(15, occupation=WAREHOUSE, kind="internship")  # ISCO 9333
    everything = csv_rows(analyst.get("/insights/demand/kind.csv", query_string=ALL))
    assert everything["Job"][0] == "10" and everything["Stage"][0] == "15"
    inside = csv_rows(analyst.get("/insights/demand/kind.csv", query_string={**ALL, "group": "8"}))
    assert inside["Job"][0] == "10" and inside["Stage"][0] == "0"
    page = analyst.get("/insights/", query_string={**ALL, "group": "9"}).get_data(as_text=True)
    summary = page.split('id="summary-heading"', 1)[1].split("</section>", 1)[0]
    assert "<strong>15</strong>" in summary  # the key figures follow the group too


def test_every_supply_table_counts_the_people_of_the_chosen_group(
    analyst, make_opportunities, make_candidates
):
    make_candidates(10, wishes=[FORKLIFT], dutch_level="A2")
    make_candidates(20, wishes=[WAREHOUSE], dutch_level="B1")
    everyone = csv_rows(analyst.get("/insights/supply/dutch.csv", query_string=ALL))
    assert everyone["A2 (basis)"][0] == "10" and everyone["B1 (zelfstandig)"][0] == "20"
    group = csv_rows(analyst.get("/insights/supply/dutch.csv", query_string={**ALL, "group": "9"}))
    assert group["A2 (basis)"][0] == "0" and group["B1 (zelfstandig)"][0] == "20"


def test_dutch_levels_of_demand_and_supply_stand_side_by_side(
    analyst, make_opportunities, make_candidates
):
    make_candidates(20, wishes=[WAREHOUSE], dutch_level="A1")
    make_opportunities(5, occupation=WAREHOUSE, dutch_level="A2", places=2, language_support=True)
    make_opportunities(5, occupation=WAREHOUSE, dutch_level="B1", places=1)
    response = analyst.get("/insights/supply/dutch.csv", query_string=ALL)
    header = response.get_data(as_text=True).splitlines()[0]
    assert header == (
        "\ufeffNiveau Nederlands;Kandidaten met dit niveau;"
        "Open plaatsen die dit niveau vragen;Waarvan met taalondersteuning"
    )
    rows = csv_rows(response)
    assert rows["A1 (beginner)"] == ["20", "0", "0"]
    assert rows["A2 (basis)"] == ["0", "10", "10"]
    assert rows["B1 (zelfstandig)"] == ["0", "5", "0"]
    page = analyst.get("/insights/supply", query_string=ALL).get_data(as_text=True)
    assert "Open plaatsen en kandidaten per niveau Nederlands" in page


def test_skills_asked_most_show_their_dutch_name_on_a_dutch_page(analyst, make_opportunities):
    teamwork = skill(TEAMWORK)
    for opportunity in make_opportunities(5):
        opportunity.skills.append(OpportunitySkill(skill_id=teamwork.id, required=False))
    db.session.commit()
    rows = csv_rows(analyst.get("/insights/demand/skills.csv", query_string=ALL))
    assert rows["in team werken"] == ["5", "0"]
    analyst.post("/language", data={"locale": "en"})
    rows = csv_rows(analyst.get("/insights/demand/skills.csv", query_string=ALL))
    assert rows["work in teams"] == ["5", "0"]
