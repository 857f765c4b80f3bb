"""How fast the browse page's query is with thousands of opportunities.

Builds a fresh database (SQLite in a temporary folder, or ``DATABASE_URL`` when set to an
empty database), loads the taxonomy, inserts ``--count`` random opportunities, then
times one page of ``browse_opportunities`` (count and rows, as the page does) for a
coach with several filter combinations. Prints the median and slowest time per
combination, and the query plan of the plain browse query on SQLite.

    .venv/bin/python -m bench.opportunities_browse --count 5000
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta

import flask_migrate
from sqlalchemy import insert, select, text

from marketplace.accounts.models import Organisation, User
from marketplace.app import create_app
from marketplace.extensions import db
from marketplace.opportunities.browse_queries import BrowseFilters, browse_opportunities
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.queries import postcodes_around
from marketplace.taxonomy.loader import load_taxonomy
from marketplace.taxonomy.models import Occupation, Postcode
from marketplace.web.pagination import paginate

FILTERS = {
    "no filter": BrowseFilters(),
    "kind + Dutch level A2": BrowseFilters(kind="job", dutch_level="A2"),
    "ISCO group 93": BrowseFilters(isco_prefix="93"),
    "occupation text": BrowseFilters(occupation_text="chauffeur"),
    "free text": BrowseFilters(q="magazijn"),
    "sector H": BrowseFilters(sector="H"),
    "hours 20-30 + evening": BrowseFilters(hours_min=20, hours_max=30, schedule=["evening"]),
    "2060 within 10 km": None,  # filled in once the postcodes are known
    "everything": None,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="werkbrug-bench-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context(), app.test_request_context("/opportunities/browse"):
        flask_migrate.upgrade()
        load_taxonomy()
        coach = _fill(args.count)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as connection:  # as autovacuum would after a load
                connection.execute(text("ANALYZE"))
                connection.commit()
        FILTERS["2060 within 10 km"] = BrowseFilters(postcodes=postcodes_around(["2060"], 10))
        FILTERS["everything"] = BrowseFilters(
            kind="job", dutch_level="B1", support_only=True, hours_min=10, schedule=["day"],
            postcodes=postcodes_around(["2000"], 15), q="a")
        print(f"{args.count} opportunities on {db.engine.dialect.name}; "
              f"one page of 20, {args.repeat} runs each")
        for name, filters in FILTERS.items():
            times, total = [], 0
            for _ in range(args.repeat):
                started = time.perf_counter()
                page = paginate(browse_opportunities(coach, filters), per_page=20, number=1)
                times.append(time.perf_counter() - started)
                total = page.total
            print(f"  {name:<24} {total:>6} found  median {statistics.median(times) * 1000:6.1f} ms"
                  f"  slowest {max(times) * 1000:6.1f} ms")
        if db.engine.dialect.name == "sqlite":
            query = browse_opportunities(coach, BrowseFilters()).limit(20)
            compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
            print("query plan (no filter):")
            for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")):
                print("  ", row[-1])


def _fill(count: int):
    """``count`` opportunities over 40 employers, mostly published; returns a coach."""
    rng = random.Random(7)
    employers = [Organisation(name=f"Bench employer {n}", kind="employer",
                              sector=rng.choice("CHINQS"), postcode="2000") for n in range(40)]
    partner = Organisation(name="Bench partner", kind="partner", postcode="2000")
    coach = User(email="bench.coach@example.org", name="Bench coach", role="coach",
                 organisation=partner)
    db.session.add_all([*employers, partner, coach])
    db.session.flush()
    occupations = db.session.scalars(select(Occupation.id)).all()
    postcodes = db.session.scalars(select(Postcode.code).where(Postcode.code.like("2%"))).all()
    now = datetime.now(UTC)
    statuses = ["published"] * 7 + ["draft", "paused", "filled", "closed"]
    rows = []
    for n in range(count):
        status = rng.choice(statuses)
        created = now - timedelta(days=rng.randint(0, 270))
        rows.append({
            "organisation_id": rng.choice(employers).id,
            "kind": rng.choice(["job", "job", "internship", "volunteering"]),
            "title": f"{rng.choice(['Magazijn', 'Chauffeur', 'Schoonmaak', 'Zorg', 'Keuken'])}"
                     f" medewerker {n}",
            "occupation_id": rng.choice(occupations),
            "description": "Een plaats voor een nieuwkomer. " * rng.randint(1, 20),
            "postcode": rng.choice(postcodes),
            "hours_per_week": rng.choice([8, 16, 19.5, 24, 30, 38]),
            "works_day": True, "works_evening": rng.random() < 0.3,
            "works_night": rng.random() < 0.1, "works_weekend": rng.random() < 0.2,
            "works_shifts": rng.random() < 0.2,
            "contract_type": None, "internship_weeks": None,
            "places": rng.randint(1, 5),
            "starts_on": None, "closes_on": (now + timedelta(days=rng.randint(5, 90))).date(),
            "dutch_level": rng.choice(["none", "A1", "A2", "A2", "B1", "B2"]),
            "language_support": rng.random() < 0.5, "driving_licence": rng.random() < 0.2,
            "certificates": "", "notes_for_coaches": "", "status": status,
            "created_at": created, "updated_at": created,
            "published_at": None if status == "draft" else created + timedelta(days=1),
            "version": 1,
        })
    db.session.execute(insert(Opportunity.__table__), rows)
    return coach


if __name__ == "__main__":
    main()
