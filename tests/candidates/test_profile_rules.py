"""The profile rules the form and the partner API share (``candidates/profile_rules.py``)."""

from __future__ import annotations

import doctest
from datetime import date

from marketplace.candidates import profile_rules


def test_the_examples_in_the_rules_hold():
    assert doctest.testmod(profile_rules).failed == 0


def test_a_phone_number_has_digits_and_at_least_six_of_them():
    assert profile_rules.is_phone_number("03 123 45 67")
    assert profile_rules.is_phone_number("+32 (0)470/12.34.56")
    assert not profile_rules.is_phone_number("12345")
    assert not profile_rules.is_phone_number("+32 470 12 34 56 ext 4")


def test_available_from_may_be_at_most_a_year_back():
    today = date(2026, 6, 1)
    assert not profile_rules.available_from_too_old(date(2025, 6, 1), today)
    assert profile_rules.available_from_too_old(date(2025, 5, 31), today)
