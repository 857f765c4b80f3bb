"""The demo history: deterministic, a year long, and enough for the dashboards."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Organisation
from marketplace.db_types import local_today
from marketplace.demo.accounts import load_demo_accounts
from marketplace.demo.insights import EXTRA_EMPLOYERS, history_specs, load_demo_history
from marketplace.demo.opportunities import load_demo_opportunities
from marketplace.extensions import db
from marketplace.insights import queries
from marketplace.insights.forms import default_period
from marketplace.insights.queries import InsightFilters
from marketplace.opportunities.models import Opportunity


def test_history_specs_are_the_same_every_time():
    assert history_specs() == history_specs()
    kinds = Counter(spec.status for spec in history_specs())
    assert set(kinds) == {"published", "paused", "filled", "closed"}


@pytest.fixture
def demo(app_ctx):
    organisations = load_demo_accounts()
    load_demo_opportunities(organisations)
    load_demo_history(organisations)
    names = [spec.name for spec in EXTRA_EMPLOYERS]
    return db.session.scalars(
        select(Opportunity).join(Organisation).where(Organisation.name.in_(names))
    ).all()


def test_a_year_of_history_that_fits_each_status(demo):
    today = local_today()
    months = {(o.published_at.year, o.published_at.month) for o in demo}
    assert len(months) >= 12
    assert (today - min(o.published_at for o in demo).date()).days >= 365
    for o in demo:
        if o.status == "filled":
            assert o.published_at < o.filled_at <= o.updated_at + timedelta(seconds=1)
        if o.status == "closed":
            assert o.published_at < o.closed_at


def test_the_federations_dashboard_shows_figures_out_of_the_box(demo):
    start, end = default_period(local_today())
    filters = InsightFilters(start, end, sector="H")
    assert queries.demand_totals(filters).units >= 50
    by_group = {c.key: c.units for c in queries.demand_by_occupation(filters)}
    assert sum(1 for units in by_group.values() if units >= 5) >= 2
    filled = sum(c.units for c in queries.monthly_filled(filters))
    assert filled >= 30
