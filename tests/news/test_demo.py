"""The demo coach's news: with the demo's proposals, barriers, trajectories and
try-outs loaded (each dated on its own day), one quiet candidate nears the retention
period, as the demo promises."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.db_types import utcnow
from marketplace.demo.accounts import load_demo_accounts
from marketplace.demo.barriers import load_demo_barriers
from marketplace.demo.candidates import load_demo_candidates
from marketplace.demo.news import load_demo_news
from marketplace.demo.opportunities import load_demo_opportunities
from marketplace.demo.proposals import COACH_EMAIL, load_demo_proposals
from marketplace.demo.training import load_demo_training
from marketplace.demo.trajectories import load_demo_trajectories
from marketplace.demo.tryouts import load_demo_tryouts
from marketplace.extensions import db
from marketplace.news.collect import collect_news


def test_the_demo_coach_has_a_quiet_candidate_nearing_the_retention_period(app, app_ctx):
    organisations = load_demo_accounts()
    load_demo_opportunities(organisations)
    load_demo_candidates()
    load_demo_proposals()
    load_demo_barriers()
    load_demo_trajectories()
    load_demo_tryouts(organisations)
    load_demo_news()
    load_demo_training()
    coach = db.session.scalar(select(User).where(User.email == COACH_EMAIL))
    now = utcnow()
    with app.test_request_context():
        waiting = collect_news(coach, now - timedelta(days=2), now).waiting
        [quiet] = [item for item in waiting if item.kind == "retention"]
        assert "Op " in quiet.text() and "bereiken de gegevens de bewaartermijn" in quiet.text()
