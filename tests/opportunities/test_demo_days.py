"""The demo's interview, try-outs and courses fall on working days (Monday to Friday),
whatever day the demo is loaded on: their days are counted from today and moved off
the weekend (``marketplace/demo/dates.py``)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from marketplace.db_types import local_date, local_today
from marketplace.demo import dates
from marketplace.demo.accounts import load_demo_accounts
from marketplace.demo.candidates import load_demo_candidates
from marketplace.demo.opportunities import load_demo_opportunities
from marketplace.demo.proposals import load_demo_proposals
from marketplace.demo.training import load_demo_training
from marketplace.demo.tryouts import load_demo_tryouts
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.proposals.models import Interview

MONDAY = date(2026, 1, 5)
WEEK = [MONDAY + timedelta(days=n) for n in range(7)]


@pytest.mark.parametrize("day", WEEK, ids=lambda day: day.strftime("%A"))
def test_a_working_day_is_never_a_saturday_or_sunday(day):
    for moved in (dates.working_day(day), dates.working_day(day, earlier=True)):
        assert moved.weekday() < 5
        assert abs((moved - day).days) <= 2
    if day.weekday() < 5:
        assert dates.working_day(day) == dates.working_day(day, earlier=True) == day
    else:
        assert dates.working_day(day) == MONDAY + timedelta(days=7)
        assert dates.working_day(day, earlier=True) == MONDAY + timedelta(days=4)


@pytest.mark.parametrize("days", [-6, -1, 1, 7, 21])
@pytest.mark.parametrize("today", WEEK, ids=lambda day: day.strftime("%A"))
def test_a_day_ahead_stays_ahead_and_a_past_day_past(monkeypatch, today, days):
    monkeypatch.setattr(dates, "local_today", lambda: today)
    day = dates.working_day_from_today(days)
    assert day.weekday() < 5
    assert (day > today) if days > 0 else (day < today)


# Loaded on the days the plain count of days put a meeting at the weekend: a Friday
# (tomorrow's try-out), a Saturday and a Sunday (a week and three weeks ahead). The
# next such day from the real today (0-6 days on), so every day the operations check
# stays ahead of the real today, and the past try-out behind it.
@pytest.mark.parametrize("weekday", [4, 5, 6], ids=["Friday", "Saturday", "Sunday"])
def test_the_demo_meets_on_working_days_whatever_day_it_is_loaded(app_ctx, monkeypatch,
                                                                  weekday):
    real = local_today()
    today = real + timedelta(days=(weekday - real.weekday()) % 7)
    monkeypatch.setattr(dates, "local_today", lambda: today)
    organisations = load_demo_accounts()
    load_demo_opportunities(organisations)
    load_demo_candidates()
    load_demo_proposals()
    load_demo_tryouts(organisations)
    load_demo_training()
    interviews = db.session.scalars(select(Interview)).all()
    assert interviews
    for interview in interviews:
        day = local_date(interview.starts_at)
        assert day.weekday() < 5 and 7 <= (day - today).days <= 9, day
    tryouts = db.session.scalars(select(Opportunity).where(Opportunity.kind == "tryout")).all()
    assert len(tryouts) == 2
    assert all(tryout.session_on.weekday() < 5 for tryout in tryouts)
    assert sorted(tryout.session_on < today for tryout in tryouts) == [False, True]
    courses = db.session.scalars(select(Opportunity).where(Opportunity.kind == "training"))
    assert all(course.starts_on.weekday() < 5 for course in courses)
