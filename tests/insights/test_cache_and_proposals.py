"""Kept answers follow the data; the proposals section counts the proposals
table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Column, Integer, MetaData, Table

from marketplace.extensions import db
from marketplace.insights import cache, demand_tables
from tests.factories import make_proposal
from tests.insights.conftest import PERIOD, csv_rows


@pytest.fixture
def kept_answers(app):
    """The cache on, for this test only (see TestConfig for why it is off)."""
    app.config["INSIGHTS_CACHE_SIZE"] = 64
    cache.forget_all()
    yield
    app.config["INSIGHTS_CACHE_SIZE"] = 0
    cache.forget_all()


def test_a_kept_answer_is_replaced_when_the_data_change(kept_answers, login_as, make_opportunities):
    client = login_as("analyst")
    args = {**PERIOD, "sector": ""}
    make_opportunities(5)
    assert csv_rows(client.get("/insights/demand/kind.csv", query_string=args))["Job"][0] == "5"
    assert csv_rows(client.get("/insights/demand/kind.csv", query_string=args))["Job"][0] == "5"
    make_opportunities(5)  # a write bumps the opportunities' data version
    assert csv_rows(client.get("/insights/demand/kind.csv", query_string=args))["Job"][0] == "10"


def test_a_new_employer_sector_is_seen_at_once(
    kept_answers, login_as, make_opportunities, organisations
):
    client = login_as("analyst")
    make_opportunities(5, employer="employer_b")  # sector Q
    args = {**PERIOD, "sector": "H"}
    assert csv_rows(client.get("/insights/demand/kind.csv", query_string=args))["Job"][0] == "0"
    organisations["employer_b"].sector = "H"
    db.session.commit()
    assert csv_rows(client.get("/insights/demand/kind.csv", query_string=args))["Job"][0] == "5"


def test_with_a_proposals_table_the_section_counts_them(
    login_as, make_opportunities, monkeypatch, db_session
):
    """A stand-in for the proposals table with only what the count reads, created
    inside the test's transaction, so it is gone afterwards."""
    proposal = Table(
        "proposal_stand_in",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("opportunity_id", Integer, nullable=False),
    )
    proposal.metadata.create_all(db_session.connection())
    opportunities = make_opportunities(5)
    db_session.execute(
        proposal.insert(), [{"opportunity_id": o.id} for o in opportunities for _ in range(4)]
    )
    db_session.commit()
    monkeypatch.setattr(demand_tables, "proposal_table", lambda: proposal)
    rows = csv_rows(
        login_as("analyst").get(
            "/insights/demand/proposals.csv", query_string={**PERIOD, "sector": ""}
        )
    )
    assert rows == {
        "Open aanbod": ["5"],
        "Voorstellen voor dat aanbod": ["20"],
        "Voorstellen per aanbod (afgerond)": ["4"],
    }


def test_a_kept_proposal_count_is_replaced_when_a_proposal_is_made(
    kept_answers, login_as, make_opportunities, make_candidates, users
):
    """The count is kept under the opportunities' stamp, which a new proposal raises."""
    now = datetime.now(UTC)
    opportunities = make_opportunities(5, published_at=now - timedelta(days=2))
    candidate = make_candidates(1)[0]
    client = login_as("analyst")
    month = now.strftime("%Y-%m")
    args = {"period_start": month, "period_end": month, "sector": ""}
    label = "Voorstellen voor dat aanbod"

    def proposals() -> list[str]:
        return csv_rows(client.get("/insights/demand/proposals.csv", query_string=args))[label]

    assert proposals() == ["0"]
    assert proposals() == ["0"]  # kept now
    for opportunity in opportunities:
        make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    assert proposals() == ["5"]


def test_a_saved_profile_keeps_the_demand_answers_and_replaces_the_supply_ones(
    kept_answers, login_as, make_opportunities, make_candidates, monkeypatch
):
    """Each question is kept under the stamp of what it reads: a candidate written
    raises the candidates' stamp, which no question about demand names."""
    client = login_as("analyst")
    make_opportunities(3)
    make_candidates(2)
    computed: list[str] = []
    keep = cache._keep

    def recording_keep(shared, key, answer, size):
        computed.append(key[0])
        keep(shared, key, answer, size)

    monkeypatch.setattr(cache, "_keep", recording_keep)

    def ask() -> set[str]:
        computed.clear()
        for path in ("/insights/demand/kind.csv", "/insights/supply/dutch.csv"):
            assert client.get(path, query_string={**PERIOD, "sector": ""}).status_code == 200
        return set(computed)

    # The kinds are one breakdown of ``open_demand``, kept whole.
    assert {"open_demand", "supply_by_dutch_level"} <= ask()
    assert ask() == set()  # both kept
    make_candidates(1)
    assert ask() == {"supply_by_dutch_level", "supply_population"}
    make_opportunities(1)
    assert "open_demand" in ask()
