"""Reading the period: months and days, their ends, and the default twelve months."""

from __future__ import annotations

from datetime import date

import pytest

from marketplace.insights.forms import BadDate, default_period, parse_period_bound


def test_a_month_is_its_first_day_as_a_start_and_its_last_day_as_an_end():
    assert parse_period_bound("2024-02", end=False) == date(2024, 2, 1)
    assert parse_period_bound("2024-02", end=True) == date(2024, 2, 29)
    assert parse_period_bound("2025-12", end=True) == date(2025, 12, 31)
    assert parse_period_bound("2025-03-15", end=True) == date(2025, 3, 15)
    assert parse_period_bound("  ", end=True) is None


@pytest.mark.parametrize("text", ["2026-02-31", "2026-13", "2026-00-10", "2026-04-31"])
def test_dates_that_do_not_exist_are_refused(text):
    with pytest.raises(BadDate):
        parse_period_bound(text, end=False)


@pytest.mark.parametrize("text", ["maart", "2026/03", "03-2026", "2026-3-1-1", "<b>"])
def test_other_text_is_refused(text):
    with pytest.raises(BadDate):
        parse_period_bound(text, end=False)


def test_the_default_is_the_last_twelve_months_up_to_today():
    assert default_period(date(2026, 11, 24)) == (date(2025, 12, 1), date(2026, 11, 24))
    assert default_period(date(2026, 1, 5)) == (date(2025, 2, 1), date(2026, 1, 5))
