"""The partnership's outcomes report: who reads it, its figures per partner
organisation and per kind, the period filter and the CSV downloads."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from marketplace.extensions import db
from marketplace.insights.outcomes import opportunity_outcomes, partner_outcomes
from marketplace.insights.queries import InsightFilters
from marketplace.proposals.models import Proposal, ProposalEvent
from tests.insights.conftest import csv_rows, read_csv

#: A quiet month for the test data: no other test writes candidates or proposals then.
MARCH = datetime(2024, 3, 10, 9, 0, tzinfo=UTC)
MARCH_FILTERS = InsightFilters(start=date(2024, 3, 1), end=date(2024, 3, 31))
MARCH_ARGS = {"period_start": "2024-03", "period_end": "2024-03"}


def _registered_in(candidates, moment: datetime) -> None:
    for candidate in candidates:
        candidate.created_at = moment
    db.session.commit()


def _proposal(candidate, opportunity, coach, steps: list[tuple[str, datetime]]) -> Proposal:
    """A proposal that went through ``steps`` (state, moment), as the log keeps them."""
    proposal = Proposal(
        candidate_id=candidate.id,
        opportunity_id=opportunity.id,
        coach_id=coach.id,
        motivation="Past goed.",
        candidate_agreed_on=steps[0][1].date(),
        state=steps[-1][0],
        created_at=steps[0][1],
        updated_at=steps[-1][1],
    )
    before = None
    for state, moment in steps:
        proposal.events.append(
            ProposalEvent(from_state=before, to_state=state, actor_id=coach.id, at=moment)
        )
        before = state
    db.session.add(proposal)
    db.session.commit()
    return proposal


@pytest.fixture
def march_data(make_candidates, make_opportunities, users):
    """Partner A: 3 candidates registered in March (2 integrated, 1 linear), one of
    them paused; one proposal invited then hired in March, one proposed in February.
    Partner B: 1 linear candidate registered in February."""
    integrated = make_candidates(2, trajectory="integrated")
    linear = make_candidates(1, trajectory="linear")
    _registered_in([*integrated, *linear], MARCH)
    integrated[1].status = "paused"
    february = make_candidates(1, coach="coach_b", trajectory="linear")
    _registered_in(february, MARCH - timedelta(days=30))
    opportunities = make_opportunities(3, published_at=MARCH, closes_on=date(2024, 6, 1))
    opportunities[0].status = "filled"
    opportunities[0].filled_at = MARCH + timedelta(days=5)
    make_opportunities(1, kind="internship", published_at=MARCH)
    make_opportunities(1, kind="internship", published_at=MARCH, status="draft")
    _proposal(
        integrated[0],
        opportunities[1],
        users["coach_a"],
        [
            ("proposed", MARCH),
            ("interview", MARCH + timedelta(days=2)),
            ("hired", MARCH + timedelta(days=9)),
        ],
    )
    _proposal(
        linear[0],
        opportunities[2],
        users["coach_a"],
        [
            ("proposed", MARCH - timedelta(days=20)),
        ],
    )
    db.session.commit()


def _by_name(outcomes):
    return {outcome.name: outcome.figures for outcome in outcomes}


def test_partner_figures_count_registrations_active_trajectories_and_proposal_steps(
    march_data,
):
    figures = _by_name(partner_outcomes(MARCH_FILTERS))
    assert figures["Partner A Coaching"] == {
        "registered": 3,
        "active_integrated": 1,
        "active_linear": 1,
        "proposed": 1,
        "interview": 1,
        "hired": 1,
        "accepted": 0,
    }
    # Registered in February: not in March's registrations, but active by its end.
    assert figures["Partner B Integration"] == {
        "registered": 0,
        "active_integrated": 0,
        "active_linear": 1,
        "proposed": 0,
        "interview": 0,
        "hired": 0,
        "accepted": 0,
    }


def test_a_period_before_the_registrations_counts_nobody_active(march_data):
    january = InsightFilters(start=date(2024, 1, 1), end=date(2024, 1, 31))
    figures = _by_name(partner_outcomes(january))
    assert figures["Partner A Coaching"]["active_integrated"] == 0
    assert figures["Partner B Integration"]["active_linear"] == 0


def test_february_holds_the_earlier_proposal_only(march_data):
    february = InsightFilters(start=date(2024, 2, 1), end=date(2024, 2, 29))
    figures = _by_name(partner_outcomes(february))["Partner A Coaching"]
    assert (figures["proposed"], figures["interview"], figures["hired"]) == (1, 0, 0)
    assert _by_name(partner_outcomes(february))["Partner B Integration"]["registered"] == 1


def test_opportunities_posted_and_filled_per_kind(march_data):
    assert opportunity_outcomes(MARCH_FILTERS) == {
        "job": (3, 1),
        "internship": (1, 0),
        "volunteering": (0, 0),
        "training": (0, 0),
        "tryout": (0, 0),
    }


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("coach_a", 403),
        ("analyst", 403),
        ("employer_a", 403),
    ],
)
def test_only_admins_read_the_report(login_as, role, status):
    client = login_as(role)
    assert client.get("/insights/outcomes").status_code == status
    assert client.get("/insights/outcomes/partners.csv").status_code == status


def test_the_page_shows_each_partner_with_its_figures_in_a_captioned_table(login_as, march_data):
    html = (
        login_as("admin").get("/insights/outcomes", query_string=MARCH_ARGS).get_data(as_text=True)
    )
    assert re.search(r"<caption[^>]*>Kandidaten en voorstellen per partnerorganisatie<", html)
    assert '<span translate="no">Partner A Coaching</span>' in html
    assert 'scope="col"' in html and 'scope="row"' in html
    assert "/insights/outcomes/partners.csv?period_start=2024-03" in html


def test_the_admin_menu_links_to_the_report(login_as):
    assert 'href="/insights/outcomes"' in login_as("admin").get("/start").get_data(as_text=True)


def test_coaches_have_no_menu_entry_for_the_report(login_as):
    assert "/insights/outcomes" not in login_as("coach_a").get("/start").get_data(as_text=True)


def test_csv_downloads_hold_the_page_figures_and_name_the_period(login_as, march_data):
    client = login_as("admin")
    response = client.get("/insights/outcomes/partners.csv", query_string=MARCH_ARGS)
    assert response.mimetype == "text/csv"
    assert (
        "werkbrug-outcomes-partners-2024-03-01-2024-03-31.csv"
        in response.headers["Content-Disposition"]
    )
    assert read_csv(response)[0][0] == "Partnerorganisatie"
    rows = csv_rows(response)
    assert rows["Partner A Coaching"] == ["3", "1", "1", "1", "1", "1", "0"]
    assert rows["Alle partnerorganisaties"] == ["3", "1", "2", "1", "1", "1", "0"]
    kinds = csv_rows(client.get("/insights/outcomes/opportunities.csv", query_string=MARCH_ARGS))
    assert kinds["Job"] == ["3", "1"]
    assert kinds["Alle soorten"] == ["4", "1"]


def test_unknown_table_is_not_found(login_as):
    assert login_as("admin").get("/insights/outcomes/everything.csv").status_code == 404


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"period_start": "maart"}, "Vul een maand in als 2026-03 of een dag als 2026-03-15."),
        ({"period_start": "2024-02-30"}, "Deze datum bestaat niet."),
        (
            {"period_start": "2024-05", "period_end": "2024-03"},
            "De periode kan niet eindigen voor ze begint.",
        ),
    ],
)
def test_a_bad_period_gets_a_message_next_to_its_field_and_keeps_the_text(login_as, args, message):
    html = login_as("admin").get("/insights/outcomes", query_string=args).get_data(as_text=True)
    assert message in html
    assert f'value="{args["period_start"]}"' in html
    assert 'aria-invalid="true"' in html


def test_markup_typed_as_a_period_is_shown_as_text(login_as):
    response = login_as("admin").get(
        "/insights/outcomes", query_string={"period_end": "<script>alert(1)</script>"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
