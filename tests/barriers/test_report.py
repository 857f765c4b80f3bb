"""The partnership's barriers report: protected totals per kind, per partner and per
trajectory, how long solving takes, small groups hidden and small selections withheld,
on the page and in the CSV."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from marketplace.barriers.report import (
    BarrierFilters,
    open_by_partner,
    open_by_stage,
    open_by_trajectory,
    solving_table,
)
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.insights.forms import default_period
from tests.factories import make_barrier, make_candidate, make_decision, make_step


def module_dates(today: date) -> dict:
    """This module's dates, counted from ``today``; set again before each test
    (tests/conftest.py), so that a run passing Belgian midnight counts from the app's."""
    return {"TODAY": today, "MONTH_AGO": today - timedelta(days=30)}


TODAY, MONTH_AGO = module_dates(local_today()).values()


@pytest.fixture
def english(app):
    """The builders' texts in English (their Dutch is tested through the pages)."""
    from flask_babel import force_locale

    with app.test_request_context("/insights/barriers"), force_locale("en"):
        yield


def _people(coach, count: int, *, consent: bool = True, **profile) -> list:
    return [make_candidate(coach, pseudonym=f"Persoon{coach.id}x{n}", consent=consent,
                           **profile) for n in range(count)]


def _filters(**values) -> BarrierFilters:
    start, end = default_period(TODAY)
    return BarrierFilters(start=start, end=end, **values)


def _cells(table, label: str) -> list[str]:
    row = next(row for row in [*table.rows, table.total] if row.label == label)
    return [str(figure) for figure in row.cells]


@pytest.fixture
def partnership(app_ctx, users):
    """22 people of partner A with childcare open (6 of them also without a bike, 2 of
    them linear), 3 of partner B with childcare open, 4 without consent (never
    counted)."""
    people_a = _people(users["coach_a"], 20) + _people(
        users["coach_a"], 2, trajectory="linear")
    for person in people_a:
        make_barrier(person, kind="childcare", noted_on=MONTH_AGO)
    for person in people_a[:6]:
        make_barrier(person, kind="no_bike", noted_on=MONTH_AGO)
    for person in _people(users["coach_b"], 3):
        make_barrier(person, kind="childcare", noted_on=MONTH_AGO)
    for person in _people(users["coach_a"], 4, consent=False):
        make_barrier(person, kind="health", noted_on=MONTH_AGO)
    db.session.commit()
    return people_a


def test_open_barriers_per_partner_are_rounded_and_small_ones_hidden(
    partnership, organisations, english
):
    table = open_by_partner(_filters())
    assert table.withheld is None
    partner_a = organisations["partner_a"].name
    assert [column.label for column in table.columns] == ["All people in the selection",
                                                          partner_a]
    assert table.columns[1].is_data
    assert _cells(table, "Childcare") == ["25", "20"]  # 25 people; 22 of A
    assert _cells(table, "Mobility: no bike (or cannot ride one)") == ["5", "5"]
    assert _cells(table, "Health") == ["0", "0"]  # no consent: not counted
    assert _cells(table, "People with at least one open barrier") == ["25", "20"]
    # Partner B (3 people) has no column of its own, and the table says so.
    assert any("no column of their own" in note for note in table.notes)


def test_a_hidden_count_hides_the_zeros_beside_it(partnership, users, english):
    for person in partnership[:2]:
        make_barrier(person, kind="housing", noted_on=MONTH_AGO)
    table = open_by_partner(_filters())
    assert _cells(table, "Housing")[0] == "<5"
    assert _cells(table, "Health")[0] == "<5"  # a 0 beside a hidden count


def test_a_selection_of_fewer_than_twenty_people_is_withheld(partnership, organisations, english):
    table = open_by_partner(_filters(partner=organisations["partner_b"].id))
    assert table.withheld == "Too few people for this selection"
    assert table.rows == [] and table.columns == []


def test_the_end_of_the_period_decides_what_was_open(partnership, english):
    before_any = MONTH_AGO - timedelta(days=1)
    start, _end = default_period(before_any)
    table = open_by_partner(BarrierFilters(start=start, end=before_any))
    assert table.withheld  # nobody had a barrier yet


def test_open_barriers_per_trajectory_group_small_trajectories_in_all(partnership, english):
    table = open_by_trajectory(_filters())
    assert [column.label for column in table.columns] == [
        "All people in the selection", "Integrated: work and Dutch course together"]
    assert _cells(table, "Childcare") == ["25", "25"]  # 23 integrated rounds to 25


def test_open_barriers_by_stage_show_what_stands_before_the_next_step(
    partnership, users, english
):
    for person in partnership:
        make_decision(person, users["coach_a"])
    table = open_by_stage(_filters())
    assert [column.label for column in table.columns] == [
        "All people in the selection", "In a trajectory, no step towards work yet"]
    assert _cells(table, "Childcare") == ["25", "20"]  # 22 in a trajectory, 3 not yet
    for person in partnership[:6]:
        make_step(person, users["coach_a"], kind="volunteering")
    table = open_by_stage(_filters())
    # 16 in a trajectory, 6 in a step towards work: no stage has 20 people of its own.
    assert [column.label for column in table.columns] == ["All people in the selection"]
    assert any("no column of its own" in note for note in table.notes)


def test_solving_shows_the_median_days_from_five_barriers(app_ctx, users, english):
    people = _people(users["coach_a"], 20)
    for number, person in enumerate(people):
        noted = TODAY - timedelta(days=60)
        days = 10 if number < 15 else 40
        make_barrier(person, kind="no_driving_licence" if number < 17 else "housing",
                     status="solved", noted_on=noted, solved_on=noted + timedelta(days=days))
    db.session.commit()
    table = solving_table(_filters())
    assert table.withheld is None
    assert _cells(table, "Mobility: no driving licence") == ["15", "10"]
    assert _cells(table, "Housing") == ["<5", "\u2013"]  # 3 barriers: no median
    assert _cells(table, "All barriers") == ["15", "10"]


def test_the_page_and_the_csv_show_the_same_protected_figures(
    client, partnership, login_as
):
    login_as("analyst")
    page = client.get("/insights/barriers").get_data(as_text=True)
    assert "Drempels" in page and "Mensen met een open drempel" in page
    assert "Kinderopvang" in page and "Persoon" not in page
    assert 'data-chart-for="barriers-partners-table"' in page
    response = client.get("/insights/barriers/partners.csv")
    assert response.mimetype == "text/csv"
    body = response.get_data(as_text=True)
    assert "Kinderopvang;25;20" in body and "Persoon" not in body
    response = client.get("/insights/barriers/solving.csv")
    assert "Te weinig mensen in deze selectie" in response.get_data(as_text=True)
    assert client.get("/insights/barriers/nothing.csv").status_code == 404


def test_a_bad_filter_gets_a_message_and_the_page_answers_without_it(
    client, partnership, login_as
):
    login_as("admin")
    response = client.get("/insights/barriers?partner=<script>&period_start=2026-13")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Kies een van de mogelijkheden." in page and "<script>" not in page
    assert 'id="partner-error"' in page or 'href="#partner"' in page
    assert "Kinderopvang" in page


def test_a_partner_of_only_whitespace_means_every_partner(client, app_ctx, login_as):
    """Whitespace passes WTForms' Optional() without the choice check: it used to reach
    int() and answer 500 (found by the odd-input test)."""
    login_as("analyst")
    for partner in (" ", "\x1c", "\t"):
        response = client.get("/insights/barriers", query_string={"partner": partner})
        assert response.status_code == 200, repr(partner)
