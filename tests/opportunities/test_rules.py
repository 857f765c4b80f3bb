"""The opportunity rules the form and the partner API share (``opportunities/rules.py``)."""

from __future__ import annotations

import doctest
from datetime import date

from marketplace.opportunities import rules


def test_the_examples_in_the_rules_hold():
    assert doctest.testmod(rules).failed == 0


def test_organisations_offer_only_their_kinds():
    assert rules.offers_kind("employer", "tryout")
    assert rules.offers_kind("training_provider", "training")
    assert not rules.offers_kind("training_provider", "job")
    assert not rules.offers_kind("partner", "job")
    assert not rules.offers_kind(None, "job")


def test_a_tryout_closes_on_its_day_at_the_latest():
    day = date(2030, 5, 1)
    assert not rules.tryout_closes_too_late("tryout", day, day)
    assert rules.tryout_closes_too_late("tryout", day, date(2030, 5, 2))
    assert rules.tryout_closing_date("tryout", day, None) == day
    assert rules.tryout_closing_date("tryout", day, date(2030, 4, 20)) == date(2030, 4, 20)
    assert rules.tryout_closing_date("internship", day, None) is None
