"""The partnership's trajectory report: the stage of each person, the funnel, the
stages per partner and the durations, with the insights' protection (rounding, "<5",
no table for fewer than the minimum population) on the page and in the CSV."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import current_app

from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.insights.protection import NOT_SHOWN_TEXT
from marketplace.trajectories import operations
from marketplace.trajectories.queries import stage_select
from marketplace.trajectories.report import ReportFilters, report_tables
from marketplace.trajectories.vocab import Stage, StepKind
from tests.factories import make_decision, make_registered_candidate, make_step


def module_dates(today: date) -> dict:
    """This module's dates, counted from ``today``; set again before each test
    (tests/conftest.py), so that a run passing Belgian midnight counts from the app's."""
    return {"TODAY": today, "START": today - timedelta(days=300)}


TODAY, START = module_dates(local_today()).values()


def person(coach, *, trajectory=None, towards=False, job=False, days=0):
    """A candidate registered ``days`` after START, with a decision (``trajectory``),
    a training step and a job step as asked."""
    candidate = make_registered_candidate(coach, registered_on=START + timedelta(days=days))
    if trajectory:
        make_decision(candidate, coach, trajectory=trajectory,
                      decided_on=START + timedelta(days=days + 10))
    if towards:
        make_step(candidate, coach, kind="training", started_on=START + timedelta(days=days + 40))
    if job:
        operations.record_automatic_step(candidate, StepKind.JOB,
                                         START + timedelta(days=days + 100),
                                         source_ref=f"proposal:{candidate.id}")
    return candidate


@pytest.fixture
def cohort(app_ctx, users):
    """30 people of coach A (partner A): 30 registered, 24 decided (18 integrated, 6
    linear), 12 towards work, 7 with a job; and 3 of coach B (partner B)."""
    coach = users["coach_a"]
    for i in range(30):
        person(coach, days=i,
               trajectory=None if i >= 24 else ("linear" if i < 6 else "integrated"),
               towards=6 <= i < 18, job=11 <= i < 18)
    for i in range(3):
        person(users["coach_b"], trajectory="integrated", job=True, days=i)
    db.session.flush()


def tables(**filters):
    """The report's tables, built as for a Dutch page."""
    with current_app.test_request_context():
        return report_tables(ReportFilters(start=START, end=TODAY, **filters), TODAY)


def figures(table) -> dict[str, list[str]]:
    return {row.label: [str(cell) for cell in row.cells] for row in table.rows}


def test_the_stage_of_each_person_is_the_furthest_they_got(cohort):
    rows = db.session.execute(stage_select(TODAY)).mappings().all()
    stages = sorted(row["stage"] for row in rows)
    assert stages.count(Stage.FOUND_WORK) == 10 and stages.count(Stage.REGISTERED) == 6
    # As it stood before the jobs began, nobody had found work yet.
    before = db.session.execute(stage_select(START + timedelta(days=99))).mappings().all()
    assert all(row["stage"] < Stage.FOUND_WORK for row in before)


def test_the_funnel_is_rounded_and_its_shares_come_from_the_shown_figures(cohort):
    funnel = figures(tables()["funnel"])
    assert funnel["Ingeschreven"] == ["35", NOT_SHOWN_TEXT, "100"]  # 33 people, rounded to 5
    assert funnel["In een traject (beslist)"] == ["25", "71", "71"]  # 27
    assert funnel["van wie geïntegreerd"] == ["20", "80", "57"]  # 21
    assert funnel["van wie lineair"] == ["5", "20", "14"]  # 6
    assert funnel["In een stap naar werk"] == ["15", "60", "43"]  # 15 (12 + 3 with a job)
    assert funnel["Werk gevonden"] == ["10", "67", "29"]  # 10


def test_a_partner_with_few_people_shows_less_than_five(cohort, organisations):
    partners = figures(tables()["partners"])
    assert partners["Partner A Coaching"] == ["30", "20", "5", "10", "5"]
    assert partners["Partner B Integration"] == ["<5", "<5", "0", "<5", "<5"]


def test_a_selection_under_the_minimum_population_shows_no_figures(cohort, organisations):
    for table in tables(partner_id=organisations["partner_b"].id).values():
        assert table.withheld and not table.rows


def test_durations_are_medians_over_five_or_more_people(cohort):
    durations = figures(tables()["durations"])
    assert durations["Van inschrijving tot beslissing over het traject"] == ["10", "25"]
    assert durations["Van inschrijving tot eerste stap naar werk"][1] == "10"  # 12 people
    assert durations["Van inschrijving tot eerste job"] == ["100", "10"]


def test_the_report_page_and_its_csv(cohort, client, login_as):
    db.session.commit()
    page = login_as("analyst").get(
        f"/insights/trajectories?period_start={START.isoformat()}").get_data(as_text=True)
    assert "Hoe ver mensen kwamen" in page and 'data-chart-kind="bar"' in page
    csv = client.get(f"/insights/trajectories/funnel.csv?period_start={START.isoformat()}")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    body = csv.get_data(as_text=True)
    assert "Ingeschreven;35;" in body and "Samir" not in body
    assert client.get("/insights/trajectories/nothing.csv").status_code == 404


def test_bad_filters_get_their_message_and_are_left_out(cohort, client, login_as):
    db.session.commit()
    page = login_as("admin").get(
        "/insights/trajectories?partner=abc&period_start=2026-13").get_data(as_text=True)
    assert "Kies een van de partnerorganisaties." in page
    assert "2026-13" in page  # kept as typed


def test_the_report_is_withheld_for_few_people(app_ctx, client, login_as, users):
    person(users["coach_a"], trajectory="integrated", job=True)
    db.session.commit()
    page = login_as("admin").get("/insights/trajectories").get_data(as_text=True)
    assert "Te weinig mensen in deze selectie" in page
    csv = client.get("/insights/trajectories/funnel.csv").get_data(as_text=True)
    assert "Te weinig mensen" in csv


def test_no_one_registered_after_the_period_counts(cohort, users):
    person(users["coach_a"], days=0).created_at = date_moment(TODAY + timedelta(days=1))
    funnel = figures(tables()["funnel"])
    assert funnel["Ingeschreven"][0] == "35"


def date_moment(day: date):
    from datetime import UTC, datetime, time

    return datetime.combine(day, time(12), tzinfo=UTC)
