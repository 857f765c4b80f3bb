"""What the aggregates count: which opportunities are open in a period, which
candidates are supply, and each candidate once per occupation group."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from marketplace.candidates import operations as candidate_operations
from marketplace.extensions import db
from marketplace.insights import queries, supply_queries
from marketplace.insights.queries import InsightFilters
from marketplace.taxonomy.models import Occupation
from tests.factories import BUILDING_CLEANER, CARE_ASSISTANT, FORKLIFT, TRUCK_DRIVER, WAREHOUSE

PERIOD = InsightFilters(start=date(2025, 1, 1), end=date(2025, 1, 31))


def _total(filters=PERIOD) -> int:
    return queries.demand_totals(filters).units


def test_open_means_published_before_the_end_and_not_ended_before_the_start(
    make_opportunities,
):
    make_opportunities(1)  # published in January: open
    make_opportunities(1, status="paused")  # paused: still open
    make_opportunities(1, status="draft")  # never published: not open
    make_opportunities(1, published_at=datetime(2025, 2, 3, tzinfo=UTC))  # after the period
    make_opportunities(
        1,
        published_at=datetime(2024, 10, 1, tzinfo=UTC),
        status="filled",
        filled_at=datetime(2024, 12, 20, tzinfo=UTC),
    )  # filled before it
    make_opportunities(
        1,
        published_at=datetime(2024, 10, 1, tzinfo=UTC),
        status="filled",
        filled_at=datetime(2025, 1, 20, tzinfo=UTC),
    )  # filled during it: open
    make_opportunities(
        1,
        published_at=datetime(2024, 10, 1, tzinfo=UTC),
        status="closed",
        closed_at=datetime(2024, 11, 2, tzinfo=UTC),
    )  # closed before it
    assert _total() == 3


def test_sector_region_and_kind_filters(make_opportunities):
    make_opportunities(2)  # employer A: sector H, 2030
    make_opportunities(3, employer="employer_b", postcode="2100", kind="volunteering")
    assert _total() == 5
    assert _total(InsightFilters(PERIOD.start, PERIOD.end, sector="H")) == 2
    assert _total(InsightFilters(PERIOD.start, PERIOD.end, postcodes=("2100",))) == 3
    assert _total(InsightFilters(PERIOD.start, PERIOD.end, kind="volunteering")) == 3


def test_occupation_groups_drill_down_from_one_digit_to_occupations(make_opportunities):
    make_opportunities(2, occupation=FORKLIFT, places=3)  # ISCO 8344
    make_opportunities(1, occupation=TRUCK_DRIVER)  # 8332
    make_opportunities(1, occupation=WAREHOUSE)  # 9333

    def groups(group):
        filters = InsightFilters(PERIOD.start, PERIOD.end, group=group)
        return {c.key: (c.units, c.total) for c in queries.demand_by_occupation(filters)}

    assert groups("") == {"8": (3, 7), "9": (1, 1)}
    assert groups("8") == {"83": (3, 7)}
    assert groups("83") == {"834": (2, 6), "833": (1, 1)}
    assert groups("834") == {"8344": (2, 6)}
    forklift = str(db.session.scalar(select(Occupation.id).where(Occupation.uri == FORKLIFT)))
    assert groups("8344") == {forklift: (2, 6)}


def test_dutch_levels_count_the_ones_with_language_support(make_opportunities):
    make_opportunities(3, dutch_level="A1", language_support=True)
    make_opportunities(2, dutch_level="A1")
    counts = {c.key: (c.units, c.total) for c in queries.demand_by_dutch_level(PERIOD)}
    assert counts == {"A1": (5, 3)}


def test_hours_schedule_and_time_to_fill(make_opportunities):
    make_opportunities(2, hours_per_week=12)
    make_opportunities(1, hours_per_week=12.5, works_evening=True)
    make_opportunities(1, status="filled", filled_at=datetime(2025, 1, 20, 9, 0, tzinfo=UTC))
    hours = {c.key: c.units for c in queries.demand_by_hours(PERIOD)}
    assert hours == {"up_to_12": 2, "up_to_24": 1, "over_32": 1}
    moments = {c.key: c.units for c in queries.demand_by_schedule(PERIOD)}
    assert moments == {"day": 4, "evening": 1, "night": 0, "weekend": 0, "shifts": 0}
    overall = queries.time_to_fill_overall(PERIOD)
    assert overall.units == 1 and abs(overall.total - 10) < 1e-6


def test_monthly_trend_counts_publications_and_fills(make_opportunities):
    make_opportunities(2)
    make_opportunities(
        1,
        published_at=datetime(2024, 12, 1, tzinfo=UTC),
        status="filled",
        filled_at=datetime(2025, 1, 15, tzinfo=UTC),
    )
    assert [(c.key, c.units) for c in queries.monthly_published(PERIOD)] == [("2025-01", 2)]
    assert [(c.key, c.units) for c in queries.monthly_filled(PERIOD)] == [("2025-01", 1)]


def test_supply_is_active_candidates_with_consent_each_once_per_group(make_candidates, users):
    # Wishes and did warehouse work (both ISCO 9): counted once in group 9.
    make_candidates(1, wishes=[WAREHOUSE], experience=[BUILDING_CLEANER])
    make_candidates(1, wishes=[FORKLIFT])  # group 8, wishes it
    make_candidates(1, experience=[CARE_ASSISTANT])  # group 5, did it only
    make_candidates(1, wishes=[WAREHOUSE], consent=False)  # no consent: not counted
    [paused] = make_candidates(1, wishes=[WAREHOUSE])
    paused.status = "paused"
    [withdrawn] = make_candidates(1, wishes=[WAREHOUSE])
    candidate_operations.withdraw_consent(
        withdrawn, withdrawn_on=date(2026, 2, 1), recorded_by=users["coach_a"]
    )
    db.session.commit()
    groups = {g.key: (g.wishing, g.wishing_or_done)
              for g in supply_queries.supply_by_occupation(PERIOD)}
    assert groups == {"9": (1, 1), "8": (1, 1), "5": (0, 1)}
    levels = {c.key: c.units for c in supply_queries.supply_by_dutch_level(PERIOD)}
    assert levels == {"A2": 3}


def test_supply_follows_region_and_kind_but_not_the_period(make_candidates):
    make_candidates(1, wishes=[WAREHOUSE], postcode="2000", wished_kinds=frozenset({"internship"}))
    make_candidates(1, wishes=[WAREHOUSE], postcode="2060")  # no kind wished: any kind
    make_candidates(1, wishes=[WAREHOUSE], postcode="2060", wished_kinds=frozenset({"job"}))
    far_past = InsightFilters(date(2001, 1, 1), date(2001, 1, 31))

    def people(filters):
        return sum(c.units for c in supply_queries.supply_by_dutch_level(filters))

    assert people(far_past) == 3
    assert people(InsightFilters(far_past.start, far_past.end, postcodes=("2060",))) == 2
    assert people(InsightFilters(far_past.start, far_past.end, kind="internship")) == 2
    assert people(InsightFilters(far_past.start, far_past.end, kind="job")) == 2
