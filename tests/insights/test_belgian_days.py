"""Report periods and months are Belgian calendar days: what happens at 00:30 on the
first of April in Antwerp (22:30 UTC on 31 March, summer time) belongs to April, in
the period bounds and in the monthly figures, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, date, datetime

from marketplace.insights import queries
from marketplace.insights.outcomes import partner_outcomes
from marketplace.insights.queries import InsightFilters
from tests.insights.test_outcomes import _proposal

MARCH = InsightFilters(start=date(2022, 3, 1), end=date(2022, 3, 31))
APRIL = InsightFilters(start=date(2022, 4, 1), end=date(2022, 4, 30))
#: 00:30 on 1 April 2022 in Antwerp (summer time, UTC+2).
APRIL_FIRST_AFTER_MIDNIGHT = datetime(2022, 3, 31, 22, 30, tzinfo=UTC)
#: 23:30 on 31 March 2022 in Antwerp.
MARCH_LAST_LATE = datetime(2022, 3, 31, 21, 30, tzinfo=UTC)


def test_a_period_runs_from_belgian_midnight_to_belgian_midnight():
    assert APRIL.start_moment == datetime(2022, 3, 31, 22, 0, tzinfo=UTC)
    assert APRIL.end_moment == datetime(2022, 4, 30, 21, 59, 59, 999999, tzinfo=UTC)
    winter = InsightFilters(start=date(2022, 1, 1), end=date(2022, 1, 31))
    assert winter.start_moment == datetime(2021, 12, 31, 23, 0, tzinfo=UTC)
    assert winter.end_moment == datetime(2022, 1, 31, 22, 59, 59, 999999, tzinfo=UTC)


def test_an_opportunity_published_just_after_midnight_counts_in_april(make_opportunities):
    make_opportunities(1, published_at=APRIL_FIRST_AFTER_MIDNIGHT)
    make_opportunities(2, published_at=MARCH_LAST_LATE)
    assert [(c.key, c.units) for c in queries.monthly_published(APRIL)] == [("2022-04", 1)]
    assert [(c.key, c.units) for c in queries.monthly_published(MARCH)] == [("2022-03", 2)]


def test_a_fill_just_after_midnight_counts_in_aprils_month(make_opportunities):
    make_opportunities(1, published_at=datetime(2022, 3, 1, 9, tzinfo=UTC), status="filled",
                       filled_at=APRIL_FIRST_AFTER_MIDNIGHT)
    assert [(c.key, c.units) for c in queries.monthly_filled(APRIL)] == [("2022-04", 1)]
    assert queries.monthly_filled(MARCH) == []


def test_a_proposal_just_after_midnight_counts_in_aprils_outcomes(
        make_candidates, make_opportunities, users):
    candidate, = make_candidates(1)
    opportunity, = make_opportunities(1, published_at=datetime(2022, 3, 1, 9, tzinfo=UTC),
                                      closes_on=date(2022, 6, 1))
    _proposal(candidate, opportunity, users["coach_a"],
              [("proposed", APRIL_FIRST_AFTER_MIDNIGHT)])
    proposed = {o.name: o.figures["proposed"] for o in partner_outcomes(APRIL)}
    assert proposed["Partner A Coaching"] == 1
    proposed = {o.name: o.figures["proposed"] for o in partner_outcomes(MARCH)}
    assert proposed["Partner A Coaching"] == 0
