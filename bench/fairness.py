"""How fast the fairness report is computed with 100,000 candidates.

Builds a fresh database (SQLite in a temporary folder, or ``--url``), loads the
taxonomy, bulk-inserts the insights benchmark's opportunities and candidates (its
builders, ``bench/insights.py``), then adds what the report reads: self-declared
gender and birth year for most candidates, other languages with levels, ranked
suggestion lists of ten, and proposals with their history (invited, hired). Prints the
median and slowest time of the report (the one ``GROUP BY`` query and the protected
breakdowns), for all partner organisations and for one. The target (issue 17) is
under 300 ms.

    .venv/bin/python -m bench.fairness
    .venv/bin/python -m bench.fairness --candidates 20000 --url postgresql://...
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta

import flask_migrate
from sqlalchemy import select, text

from bench.insights import _fill, _insert
from marketplace import create_app
from marketplace.accounts.models import Organisation, User
from marketplace.candidates.models import Candidate, CandidateLanguage, CandidateSensitive
from marketplace.extensions import db
from marketplace.insights.queries import InsightFilters
from marketplace.opportunities.models import Opportunity
from marketplace.proposals.models import Proposal, ProposalEvent
from marketplace.ranking.fairness import fairness_report
from marketplace.ranking.queries import fairness_counts
from marketplace.suggestions.models import SuggestionEntry, SuggestionList
from marketplace.taxonomy.loader import load_taxonomy

TARGET_MS = 300
LANGUAGES = ["ar", "en", "fr", "ti", "so", "uk", "ru", "fa", "es", "tr"]
LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2"]


def _fill_fairness(rng: random.Random, lists: int, proposals: int) -> int:
    """Sensitive data, languages, suggestion logs and proposals; returns the partner's id."""
    candidate_ids = db.session.scalars(select(Candidate.id)).all()
    opportunity_ids = db.session.scalars(select(Opportunity.id)).all()
    coach_id, partner_id = db.session.execute(
        select(User.id, User.organisation_id).where(User.role == "coach")
    ).first()
    now = datetime.now(UTC)
    sensitive, languages = [], []
    for candidate_id in candidate_ids:
        if rng.random() < 0.9:
            sensitive.append({
                "candidate_id": candidate_id,
                "gender": rng.choice(["woman", "man", "man", "woman", "non_binary", None]),
                "birth_year": rng.choice([None, *range(1960, 2008)]),
            })
        for code in rng.sample(LANGUAGES, rng.choice([0, 1, 1, 2, 3])):
            languages.append({"candidate_id": candidate_id, "language_code": code,
                              "level": rng.choice(LEVELS)})
    _insert(CandidateSensitive, sensitive)
    _insert(CandidateLanguage, languages)
    list_rows, entries = [], []
    for list_id in range(1, lists + 1):
        opportunity_id = rng.choice(opportunity_ids)
        list_rows.append({"id": list_id, "shown_at": now - timedelta(days=rng.randint(0, 360)),
                          "coach_id": coach_id, "subject": "opportunity",
                          "opportunity_id": opportunity_id, "scorer_version": "cold-start-1",
                          "ranked": True})
        for rank, candidate_id in enumerate(rng.sample(candidate_ids, 20), start=1):
            entries.append({"list_id": list_id, "rank": rank, "score": 1 - rank / 100,
                            "candidate_id": candidate_id, "opportunity_id": opportunity_id})
    _insert(SuggestionList, list_rows)
    _insert(SuggestionEntry, entries)
    pairs = {(rng.choice(candidate_ids), rng.choice(opportunity_ids)) for _ in range(proposals)}
    proposal_rows, events = [], []
    for n, (candidate_id, opportunity_id) in enumerate(sorted(pairs), start=1):
        created = now - timedelta(days=rng.randint(0, 360))
        state = rng.choice(["proposed", "proposed", "interview", "hired", "declined"])
        proposal_rows.append({"id": n, "ref": f"bench-proposal-{n}", "candidate_id": candidate_id,
                              "opportunity_id": opportunity_id, "coach_id": coach_id,
                              "candidate_agreed_on": created.date(), "state": state,
                              "created_at": created, "updated_at": created, "version": 1})
        events.append({"proposal_id": n, "from_state": None, "to_state": "proposed",
                       "at": created})
        if state != "proposed":
            events.append({"proposal_id": n, "from_state": "proposed", "to_state": state,
                           "at": created})
    _insert(Proposal, proposal_rows)
    _insert(ProposalEvent, events)
    return partner_id


def _timed(filters: InsightFilters, organisation_id: int | None, repeat: int) -> list[float]:
    fairness_report(fairness_counts(filters, organisation_id), filters.end)  # warm up
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        fairness_report(fairness_counts(filters, organisation_id), filters.end)
        seconds.append(time.perf_counter() - started)
    return seconds


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--opportunities", type=int, default=2_000)
    parser.add_argument("--lists", type=int, default=20_000)
    parser.add_argument("--proposals", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--url", help="a database URL; default a new SQLite file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{folder}/fairness.sqlite"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
        with app.app_context():
            flask_migrate.upgrade()
            load_taxonomy()
            started = time.perf_counter()
            _fill(args.opportunities, args.candidates)
            partner_id = _fill_fairness(random.Random(17), args.lists, args.proposals)
            db.session.commit()
            if db.engine.dialect.name == "postgresql":
                db.session.execute(text("ANALYZE"))
                db.session.commit()
            print(f"{db.engine.dialect.name}: {args.candidates} candidates, {args.lists} lists "
                  f"of 20, {args.proposals} proposals (loaded in "
                  f"{time.perf_counter() - started:.0f} s)")
            today = datetime.now(UTC).date()
            filters = InsightFilters(start=today - timedelta(days=365), end=today)
            partner = db.session.get(Organisation, partner_id)
            for name, organisation_id in (("all partners", None), (partner.name, partner_id)):
                seconds = _timed(filters, organisation_id, args.repeat)
                median = statistics.median(seconds) * 1000
                print(f"fairness report, {name}: median {median:.0f} ms, slowest "
                      f"{max(seconds) * 1000:.0f} ms (target under {TARGET_MS} ms)")


if __name__ == "__main__":
    main()
