"""A proposal's "hired" state is a hire for work (a job, an internship, a volunteering
place) or an acceptance (on a course, or in a try-out through an old proposal). The
fairness report and the outcomes report count the two in columns of their own, with
their own rates and four-fifths flags, so a group that mostly gets courses does not look
like a group that gets work; under the tables a note says which kinds count where; the
CSV downloads carry both columns."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.insights.outcomes import partner_outcomes
from marketplace.insights.queries import InsightFilters
from marketplace.proposals.operations import answer_proposal
from marketplace.ranking.fairness import fairness_report
from marketplace.ranking.queries import fairness_counts
from tests.factories import (
    hire,
    make_candidate,
    make_course,
    make_opportunity,
    make_proposal,
    make_tryout,
    make_tryout_proposal,
)
from tests.insights.conftest import csv_rows, read_csv


def module_dates(today: date) -> dict:
    """This module's dates, counted from ``today``; set again before each test
    (tests/conftest.py), so that a run passing Belgian midnight counts from the app's."""
    return {"TODAY": today, "PERIOD": InsightFilters(start=today - timedelta(days=1),
                                                  end=today + timedelta(days=1))}


TODAY, PERIOD = module_dates(local_today()).values()
NOTE_NL = ("Aangenomen voor werk: een job, een stage of vrijwilligerswerk. Aanvaard voor "
           "opleiding of proefsessie: een opleiding, of een proefsessie na een voorstel")
NOTE_EN = "Hired for work: a job, an internship or a volunteering place. Accepted on a course"


@pytest.fixture
def mix(users, organisations):
    """Partner A: 10 women and 10 men. Every woman is accepted: 6 on a course, 4 in a
    try-out (old proposals); 5 of them are also hired for work (2 jobs, 2 internships,
    1 volunteering place). Every man is hired for work (4 jobs, 3 internships, 3
    volunteering places); one man waits for the course (the waiting list is no
    acceptance). Hired or accepted as one stage, both groups would have 10 of 10."""
    coach, employer, provider = users["coach_a"], users["employer_a"], users["provider"]
    employer_org = organisations["employer_a"]
    women = [make_candidate(coach, pseudonym=f"Vrouw {k}", gender="woman", birth_year=1990)
             for k in range(10)]
    men = [make_candidate(coach, pseudonym=f"Man {k}", gender="man", birth_year=1980)
           for k in range(10)]
    job = make_opportunity(employer_org, places=30)
    internship = make_opportunity(employer_org, kind="internship", internship_weeks=8,
                                  contract_type=None, places=30)
    volunteering = make_opportunity(employer_org, kind="volunteering", contract_type=None,
                                    places=30)
    course = make_course(organisations["provider"], places=20)
    tryout = make_tryout(employer_org, places=10)
    # Accepted first: a hire for work places the person, who then cannot be proposed.
    for person in women[:6]:
        hire(make_proposal(coach, person, course), provider, commit=False)
    for person in women[6:]:
        hire(make_tryout_proposal(coach, person, tryout), employer, commit=False)
    waiting = make_proposal(coach, men[0], course)
    answer_proposal(waiting, "waiting_list", by=provider, expected_version=waiting.version)
    work = [job] * 2 + [internship] * 2 + [volunteering]
    work += [job] * 4 + [internship] * 3 + [volunteering] * 3
    for person, place in zip(women[:5] + men, work, strict=True):
        hire(make_proposal(coach, person, place), employer, commit=False)
    db.session.commit()
    return organisations["partner_a"]


def _gender_groups(partner):
    report = fairness_report(fairness_counts(PERIOD, partner.id), PERIOD.end)
    table = next(table for table in report if table.dimension == "gender")
    return {group.key: group for group in table.rows}


def test_the_counts_split_work_from_courses_and_try_outs(app_ctx, mix):
    rows = fairness_counts(PERIOD, mix.id)

    def total(gender, name):
        return sum(getattr(row, name) for row in rows if row.gender == gender)

    assert [total("woman", n) for n in ("proposed", "invited", "hired", "accepted")] == [
        10, 10, 5, 10]
    assert [total("man", n) for n in ("proposed", "invited", "hired", "accepted")] == [
        10, 10, 10, 0]


def test_each_column_has_its_own_rate_and_four_fifths_flag(app_ctx, mix):
    groups = _gender_groups(mix)
    women, men = groups["woman"], groups["man"]
    assert (women.rates["hired"], women.ratios["hired"]) == (0.5, 0.5)
    assert (women.rates["accepted"], women.ratios["accepted"]) == (1.0, 1.0)
    assert women.flagged("hired") and not women.flagged("accepted")
    assert (men.rates["accepted"], men.ratios["accepted"]) == (0.0, 0.0)
    assert men.flagged("accepted") and not men.flagged("hired")
    assert str(women.counts["accepted"]) == "10" and str(men.counts["hired"]) == "10"


def _row_cells(page: str, group: str) -> list[str]:
    """The figures of the first row headed ``group`` (the gender table comes first)."""
    row = page.split(f'<th scope="row">{group}</th>', 1)[1].split("</tr>", 1)[0]
    return re.findall(r'<td class="number">(.*?)</td>', row, re.S)


def headers(page: str) -> list[str]:
    return re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', page)


def side_by_side(names: list[str], first: str, second: str) -> bool:
    """Whether column ``first`` is followed by column ``second``."""
    return first in names and names[names.index(first) + 1] == second


def test_the_page_shows_both_columns_their_flags_and_the_note(client, login_as, mix):
    login_as("admin")
    page = client.get(f"/admin/ranking/fairness?organisation={mix.id}").get_data(as_text=True)
    names = headers(page)
    assert "Aangenomen voor werk" in names and "Aanvaard voor opleiding of proefsessie" in names
    assert names.index("Aangenomen voor werk") < names.index(
        "Aanvaard voor opleiding of proefsessie")
    assert "Aangenomen of aanvaard" not in page
    # Eligible, then count, rate and ratio of top 10, proposed, invited, hired, accepted.
    women = _row_cells(page, "Vrouw")
    assert women[10:13] == ["5", "50%", "0,50 <strong class=\"flag\">onder 4/5</strong>"]
    assert women[13:16] == ["10", "100%", "1,00"]
    men = _row_cells(page, "Man")
    assert men[10:13] == ["10", "100%", "1,00"]
    assert men[13:16] == ["0", "0%", "0,00 <strong class=\"flag\">onder 4/5</strong>"]
    # Under each of the four tables.
    assert page.count(f'<p class="hint">{NOTE_NL}') == 4
    client.post("/language", data={"locale": "en"})
    page = client.get(f"/admin/ranking/fairness?organisation={mix.id}").get_data(as_text=True)
    assert {"Hired for work", "Accepted on a course or try-out"} <= set(headers(page))
    assert page.count(f'<p class="hint">{NOTE_EN}') == 4


def test_the_fairness_csv_carries_both_columns_with_rates_ratios_and_flags(client, login_as,
                                                                           mix):
    login_as("admin")
    rows = read_csv(client.get(f"/admin/ranking/fairness.csv?organisation={mix.id}"))
    women = dict(zip(rows[0], next(row for row in rows if row[1] == "Vrouw"), strict=True))
    assert [women[f"Aangenomen voor werk{part}"] for part in (
        "", ": aandeel", ": verhouding tot de beste groep", ": vier-vijfde-regel")] == [
        "5", "50%", "0,50", "onder 4/5"]
    accepted = "Aanvaard voor opleiding of proefsessie"
    assert [women[f"{accepted}{part}"] for part in (
        "", ": aandeel", ": verhouding tot de beste groep", ": vier-vijfde-regel")] == [
        "10", "100%", "1,00", ""]
    assert not any("Aangenomen of aanvaard" in name for name in rows[0])
    client.post("/language", data={"locale": "en"})
    header = read_csv(client.get(f"/admin/ranking/fairness.csv?organisation={mix.id}"))[0]
    assert {"Hired for work", "Accepted on a course or try-out",
            "Accepted on a course or try-out: four-fifths rule"} <= set(header)


def test_the_outcomes_count_hires_for_work_and_acceptances_apart(app_ctx, mix):
    figures = {o.name: o.figures for o in partner_outcomes(PERIOD)}["Partner A Coaching"]
    # 26 proposals: 10 accepted (6 courses, 4 try-outs), 15 hired for work, 1 waiting.
    assert (figures["proposed"], figures["hired"], figures["accepted"]) == (26, 15, 10)


def test_the_outcomes_page_and_csv_show_both_columns_and_the_note(client, login_as, mix,
                                                                  organisations):
    login_as("admin")
    args = {"period_start": PERIOD.start.isoformat(), "period_end": PERIOD.end.isoformat()}
    page = client.get("/insights/outcomes", query_string=args).get_data(as_text=True)
    assert side_by_side(headers(page), "Aangenomen voor werk",
                        "Aanvaard voor opleiding of proefsessie")
    assert f'<p class="hint">{NOTE_NL}' in page
    response = client.get("/insights/outcomes/partners.csv", query_string=args)
    assert read_csv(response)[0][-2:] == ["Aangenomen voor werk",
                                          "Aanvaard voor opleiding of proefsessie"]
    assert csv_rows(response)[organisations["partner_a"].name][-2:] == ["15", "10"]
    client.post("/language", data={"locale": "en"})
    page = client.get("/insights/outcomes", query_string=args).get_data(as_text=True)
    assert side_by_side(headers(page), "Hired for work", "Accepted on a course or try-out")
    assert f'<p class="hint">{NOTE_EN}' in page
