"""A test module's dates are counted from the app's today when each test runs, not when
the module was imported (``module_dates`` and the conftest's ``_module_dates``)."""

from __future__ import annotations

from datetime import date, timedelta

from marketplace.db_types import local_today


def module_dates(today: date) -> dict:
    return {"SEEN_TODAY": today, "YESTERDAY": today - timedelta(days=1)}


SEEN_TODAY = YESTERDAY = None  # what an import long before midnight would have left


def test_the_dates_are_set_before_each_test():
    assert local_today() == SEEN_TODAY
    assert local_today() - timedelta(days=1) == YESTERDAY
