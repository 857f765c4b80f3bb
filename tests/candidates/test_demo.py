"""The demo candidates: about 300, realistic and the same on every load."""

from __future__ import annotations

import random
from collections import Counter

from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.candidates.handovers import CandidateHandover
from marketplace.candidates.models import Candidate
from marketplace.candidates.profile_rows import CandidateLanguage
from marketplace.demo import candidate_data as pool
from marketplace.demo import candidates as demo
from marketplace.demo.accounts import load_demo_accounts
from marketplace.extensions import db


def test_demo_load_fills_four_caseloads_in_two_organisations(app_ctx):
    load_demo_accounts()
    assert demo.load_demo_candidates() == 300
    per_coach = dict(
        db.session.execute(
            select(User.email, func.count())
            .join(Candidate, Candidate.coach_id == User.id)
            .group_by(User.email)
        ).all()
    )
    assert set(per_coach) == set(demo.COACH_EMAILS)
    assert all(60 <= count <= 90 for count in per_coach.values())  # a few were handed over
    candidates = db.session.scalars(select(Candidate)).all()
    assert len({c.organisation.name for c in candidates}) == 2
    levels = Counter(c.dutch_level for c in candidates)
    assert sum(levels[level] for level in ("none", "A1", "A2", "B1")) > 0.85 * 300
    languages = set(db.session.scalars(select(CandidateLanguage.language_code)))
    assert {"ar", "fa", "ps", "ti", "so", "uk", "ru", "fr", "en", "tr", "es"} <= languages
    assert {c.postcode for c in candidates} <= {code for code, _ in pool.POSTCODES}
    consenting = [c for c in candidates if c.has_active_consent]
    assert 0.75 * 300 < len(consenting) < 300
    assert any(r.withdrawn_on for c in candidates for r in c.consent_records)
    assert any(c.shared_with_partnership for c in consenting)
    assert db.session.scalar(select(func.count()).select_from(CandidateHandover)) == 8
    assert all(
        e.occupation.uri.startswith("http://data.europa.eu/esco/occupation/")
        for c in candidates
        for e in c.experiences
    )
    oldest = min(c.created_at for c in candidates)
    assert 200 < (max(c.created_at for c in candidates) - oldest).days <= demo.HISTORY_DAYS


def test_demo_profiles_are_the_same_on_every_load():
    jobs = [job for sector in pool.SECTORS.values() for job in sector.jobs] + list(pool.OTHER_JOBS)
    occupations = {job.uri: number for number, job in enumerate(jobs)}
    skills = {
        uri: number
        for number, uri in enumerate(
            {u for s in pool.SECTORS.values() for u in s.skills} | set(pool.TRANSVERSAL_SKILLS)
        )
    }

    def draw():
        maker = demo._Maker(random.Random(demo.SEED), occupations, skills)
        return [maker.profile() for _ in range(20)]

    assert draw() == draw()
