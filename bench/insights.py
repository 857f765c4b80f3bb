"""How fast the insights dashboards answer with 10,000 opportunities and 100,000
candidates.

Builds a fresh database (SQLite in a temporary folder; then PostgreSQL too when a server
answers at ``WERKBRUG_TEST_PG_ADMIN_URL``, default the local one), loads the taxonomy,
bulk-inserts the opportunities (with skills) and the candidates (with consent, wished
occupations and experience), then requests each dashboard page through the Flask test
client, logged in as a federation analyst, and prints the median and slowest of
``--repeat`` requests after one warm-up request: first with every aggregate computed
for each request, then with computed answers kept (``marketplace/insights/cache.py``).
The pages are both dashboards with and without filters and at every drill-down level.
Before the pages, the supply per occupation group is checked against the direct
``GROUP BY`` over every wish and experience line (the query it replaced), at every
level and with filters, and both are timed on the same data; the supply pages are
timed again with that direct query in place ("before"): the same-run baseline.
The target (issue 7) is under 300 ms computed every time; the last table puts each
page's median on SQLite and on PostgreSQL beside it, as a ratio (under 1.00 meets it).

    .venv/bin/python -m bench.insights
    .venv/bin/python -m bench.insights --sqlite-only --opportunities 2000 --candidates 20000
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from unittest.mock import patch

import flask_migrate
from sqlalchemy import case, func, insert, literal, select, text, union_all

from marketplace import create_app
from marketplace.accounts.models import Organisation, User
from marketplace.accounts.passwords import hash_password
from marketplace.candidates.models import Candidate, ConsentRecord
from marketplace.candidates.occupation_groups import refresh_occupation_groups
from marketplace.candidates.profile_rows import CandidateExperience, CandidateWishedOccupation
from marketplace.extensions import db
from marketplace.insights import queries, supply_queries
from marketplace.insights.answers import GroupSupply
from marketplace.insights.cache import kept
from marketplace.insights.queries import InsightFilters
from marketplace.opportunities.models import Opportunity, OpportunitySkill
from marketplace.taxonomy.loader import load_taxonomy
from marketplace.taxonomy.models import Occupation, Postcode, Skill
from tests import databases

PASSWORD = "bench password 2026"  # a throwaway database
PAGES = {
    "demand, own sector (default)": "/insights/",
    "demand, all sectors": "/insights/?sector=",
    "demand, ISCO group 9": "/insights/?sector=&group=9",
    "demand, ISCO group 93": "/insights/?sector=&group=93",
    "demand, ISCO group 933": "/insights/?sector=&group=933",
    "demand, ISCO group 9333 (occupations)": "/insights/?sector=&group=9333",
    "demand, 2060 within 10 km, jobs": "/insights/?sector=&place=2060&radius=10&kind=job",
    "demand, two years": "/insights/?sector=&period_start=2024-12&period_end=2026-11",
    "CSV, demand by occupation": "/insights/demand/occupation.csv?sector=",
    "supply and gap, own sector (default)": "/insights/supply",
    "supply and gap, all": "/insights/supply?sector=",
    "supply and gap, ISCO group 9": "/insights/supply?sector=&group=9",
    "supply and gap, ISCO group 93": "/insights/supply?sector=&group=93",
    "supply and gap, ISCO group 933": "/insights/supply?sector=&group=933",
    "supply and gap, ISCO group 9333 (occupations)": "/insights/supply?sector=&group=9333",
    "supply and gap, 2000 within 15 km": "/insights/supply?sector=&place=2000&radius=15",
    "supply and gap, internships": "/insights/supply?sector=&kind=internship",
    "supply and gap, 2060 within 10 km, jobs, group 9": (
        "/insights/supply?sector=&place=2060&radius=10&kind=job&group=9"
    ),
    "CSV, gap": "/insights/supply/gap.csv?sector=",
}
TARGET_MS = 300
CHUNK = 10_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opportunities", type=int, default=10_000)
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="werkbrug-bench-")
    medians = {"sqlite": run(f"sqlite:///{folder}/bench.sqlite", args)}
    reason = None if not args.sqlite_only else "--sqlite-only"
    reason = reason or databases.postgres_reachable()
    if reason:
        print(f"PostgreSQL skipped: {reason}")
    else:
        url, name = databases.create_postgres_database()
        try:
            medians["postgresql"] = run(url, args)
        finally:
            databases.drop_postgres_database(name)
    _print_against_target(medians)


def _print_against_target(medians: dict[str, dict[str, float]]) -> None:
    """Each page's median computed every time, per database, its ratio to the target
    and, for the supply pages, the median with the direct GROUP BY (before)."""
    print(f"\nComputed every time, median against the target of {TARGET_MS} ms:")
    header = "".join(f"{dialect:>25}{'before':>12}" for dialect in medians)
    print(f"  {'page':<48}{header}")
    for name in PAGES:
        cells = ""
        for figures in medians.values():
            before = figures.get(f"{name}, before")
            cells += f"{figures[name]:>12.1f} ms {figures[name] / TARGET_MS:>6.2f}x"
            cells += f"{before:>9.1f} ms" if before is not None else " " * 12
        print(f"  {name:<48}{cells}")
    worst = max(figures[name] for figures in medians.values() for name in PAGES)
    verdict = "meets" if worst < TARGET_MS else "MISSES"
    print(f"  slowest median {worst:.1f} ms: {verdict} the target")


def run(url: str, args) -> dict[str, float]:
    """Fill a database at ``url``, time every page; returns the median in ms of each
    page computed every time."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        flask_migrate.upgrade()
        load_taxonomy()
        started = time.perf_counter()
        email = _fill(args.opportunities, args.candidates)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as connection:  # as autovacuum would after a load
                connection.execute(text("ANALYZE"))
                connection.commit()
        loaded = time.perf_counter() - started
        dialect = db.engine.dialect.name
        print(f"\n{dialect}: supply per occupation group, best of 3, table against direct")
        _compare_with_direct_count()
        db.session.remove()
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    print(
        f"\n{dialect}: {args.opportunities} opportunities, {args.candidates} candidates "
        f"(loaded in {loaded:.0f} s); median and slowest of {args.repeat} requests, "
        "computed every time, then with answers kept (insights/cache.py)"
    )
    medians = {}
    for name, path in PAGES.items():
        figures = []
        for size in (0, 512):
            app.config["INSIGHTS_CACHE_SIZE"] = size
            assert client.get(path).status_code == 200, path  # warm-up
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - started)
                assert response.status_code == 200, path
            figures.append(
                f"median {statistics.median(times) * 1000:6.1f} ms, "
                f"slowest {max(times) * 1000:6.1f} ms"
            )
            if size == 0:
                medians[name] = statistics.median(times) * 1000
        print(f"  {name:<48} {figures[0]}   kept: {figures[1]}")
    app.config["INSIGHTS_CACHE_SIZE"] = 0
    # The same-run baseline: the supply pages with the direct GROUP BY they used before.
    with patch.object(supply_queries, "supply_by_occupation", kept(_direct_supply)):
        for name, path in PAGES.items():
            if path.startswith("/insights/supply"):
                assert client.get(path).status_code == 200, path  # warm-up
                medians[f"{name}, before"] = _median_ms(client, path, args.repeat)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return medians


def _median_ms(client, path: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        assert client.get(path).status_code == 200, path
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _direct_supply(filters: InsightFilters) -> list[GroupSupply]:
    """Candidates per group one level below ``filters.group`` straight from every wish
    and experience line (each candidate once per group): what
    ``candidate_occupation_group`` must reproduce, and the query it replaced."""
    links = union_all(
        select(
            CandidateWishedOccupation.candidate_id.label("candidate_id"),
            CandidateWishedOccupation.occupation_id.label("occupation_id"),
            literal(1).label("wished"),
        ),
        select(
            CandidateExperience.candidate_id.label("candidate_id"),
            CandidateExperience.occupation_id.label("occupation_id"),
            literal(0).label("wished"),
        ),
    ).subquery()
    key = queries._group_key(filters.group)  # the dashboard's own grouping
    eligible = select(Candidate.id).where(*supply_queries.eligible_candidates(filters))
    rows = db.session.execute(
        select(
            key,
            func.count(func.distinct(case((links.c.wished == 1, links.c.candidate_id)))),
            func.count(func.distinct(links.c.candidate_id)),
        )
        .select_from(links)
        .join(Occupation, Occupation.id == links.c.occupation_id)
        .where(links.c.candidate_id.in_(eligible), *queries._in_group(filters.group))
        .group_by(key)
    )
    return [GroupSupply(key, int(wishing), int(both)) for key, wishing, both in rows]


def _best_of_three(function, filters) -> tuple[list, float]:
    times, answer = [], None
    for _ in range(3):
        started = time.perf_counter()
        answer = function(filters)
        times.append(time.perf_counter() - started)
    return sorted(answer, key=lambda group: group.key), min(times) * 1000


def _compare_with_direct_count() -> None:
    """Check ``supply_queries.supply_by_occupation`` against :func:`_direct_supply` (they must
    be equal) and print both times."""
    period = {"start": date(2025, 1, 1), "end": date(2025, 12, 31)}
    questions = {
        "top level": InsightFilters(**period),
        "group 9": InsightFilters(**period, group="9"),
        "group 93": InsightFilters(**period, group="93"),
        "group 933": InsightFilters(**period, group="933"),
        "group 9333 (occupations)": InsightFilters(**period, group="9333"),
        "three postcodes, jobs": InsightFilters(
            **period, postcodes=("2000", "2060", "2140"), kind="job"
        ),
    }
    for name, filters in questions.items():
        table, table_ms = _best_of_three(supply_queries.supply_by_occupation, filters)
        direct, direct_ms = _best_of_three(_direct_supply, filters)
        assert table == direct, name
        print(f"  {name:<26} {table_ms:7.1f} ms against {direct_ms:7.1f} ms, {len(table)} groups")


def _insert(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(model.__table__), rows[start : start + CHUNK])


def _fill(opportunity_count: int, candidate_count: int) -> str:
    """The data; returns the analyst's e-mail address."""
    rng = random.Random(11)
    employers = [
        Organisation(
            name=f"Bench employer {n}",
            kind="employer",
            sector=rng.choice("CHHINQS"),
            postcode="2000",
        )
        for n in range(60)
    ]
    partner = Organisation(name="Bench partner", kind="partner", postcode="2000")
    federation = Organisation(
        name="Bench federation", kind="federation", sector="H", postcode="2030"
    )
    coach = User(
        email="bench.coach@example.org", name="Bench coach", role="coach", organisation=partner
    )
    analyst = User(
        email="bench.analyst@example.org",
        name="Bench analyst",
        role="analyst",
        organisation=federation,
        password_hash=hash_password(PASSWORD),
    )
    db.session.add_all([*employers, partner, federation, coach, analyst])
    db.session.flush()
    occupation, skills, postcodes = reference_choices(rng)
    now = datetime.now(UTC)
    _fill_opportunities(rng, opportunity_count, employers, occupation, skills, postcodes, now)
    _fill_candidates(rng, candidate_count, [(coach.id, partner.id)], occupation, postcodes, now)
    return analyst.email


def reference_choices(rng: random.Random):
    """What scaled data draws from the loaded taxonomy: an occupation picker (mostly
    what people in the partnership look for: elementary work, operators, service and
    care, ISCO 9, 8 and 5; some of everything else), 400 skills and the postcodes of
    the Antwerp province (2xxx)."""
    occupations = db.session.execute(select(Occupation.id, Occupation.isco_code)).all()
    common = [o for o, isco in occupations if isco[0] in "985"]
    every = [o for o, _isco in occupations]

    def occupation() -> int:
        return rng.choice(common) if rng.random() < 0.8 else rng.choice(every)

    skills = db.session.scalars(select(Skill.id)).all()[:400]
    postcodes = db.session.scalars(select(Postcode.code).where(Postcode.code.like("2%"))).all()
    return occupation, skills, postcodes


def _fill_opportunities(
    rng, count, employers, occupation, skills, postcodes, now, first_id: int = 1
) -> None:
    """``count`` opportunities of ``employers`` (a list: repeat one to give it more),
    numbered from ``first_id``."""
    statuses = ["published"] * 4 + ["paused", "filled", "filled", "filled", "closed", "draft"]
    rows, skill_rows = [], []
    for n in range(first_id, first_id + count):
        status = rng.choice(statuses)
        created = now - timedelta(days=rng.randint(0, 730), hours=rng.randint(0, 23))
        published = None if status == "draft" else created + timedelta(days=1)
        rows.append(
            {
                "id": n,
                "organisation_id": rng.choice(employers).id,
                "kind": rng.choice(["job", "job", "job", "internship", "volunteering"]),
                "title": f"Bench opportunity {n}",
                "occupation_id": occupation(),
                "description": "Een plaats voor een nieuwkomer.",
                "postcode": rng.choice(postcodes),
                "hours_per_week": rng.choice([8, 16, 19.5, 24, 30, 38]),
                "works_day": True,
                "works_evening": rng.random() < 0.3,
                "works_night": rng.random() < 0.1,
                "works_weekend": rng.random() < 0.2,
                "works_shifts": rng.random() < 0.2,
                "contract_type": None,
                "internship_weeks": None,
                "places": rng.randint(1, 5),
                "starts_on": None,
                "closes_on": (now + timedelta(days=rng.randint(5, 90))).date(),
                "dutch_level": rng.choice(["none", "A1", "A2", "A2", "B1", "B2"]),
                "language_support": rng.random() < 0.5,
                "driving_licence": rng.random() < 0.2,
                "certificates": "",
                "notes_for_coaches": "",
                "status": status,
                "created_at": created,
                "updated_at": created,
                "published_at": published,
                "filled_at": published + timedelta(days=rng.randint(5, 90))
                if status == "filled"
                else None,
                "closed_at": published + timedelta(days=rng.randint(20, 90))
                if status == "closed"
                else None,
                "version": 1,
            }
        )
        for skill in rng.sample(skills, rng.randint(1, 5)):
            skill_rows.append(
                {"opportunity_id": n, "skill_id": skill, "required": rng.random() < 0.6}
            )
    _insert(Opportunity, rows)
    _insert(OpportunitySkill, skill_rows)


def _fill_candidates(rng, count, coaches, occupation, postcodes, now, first_id: int = 1) -> None:
    """``count`` candidates spread over ``coaches`` (pairs of coach id and their
    organisation's id), numbered from ``first_id``."""
    rows, consents, wishes, experiences = [], [], [], []
    statuses = ["active"] * 7 + ["paused", "placed", "left"]
    for n in range(first_id, first_id + count):
        created = now - timedelta(days=rng.randint(0, 700))
        coach_id, organisation_id = coaches[0] if len(coaches) == 1 else rng.choice(coaches)
        rows.append(
            {
                "id": n,
                "coach_id": coach_id,
                "organisation_id": organisation_id,
                "status": rng.choice(statuses),
                "pseudonym": f"Bench {n}",
                "postcode": rng.choice(postcodes),
                "dutch_level": rng.choice(["none", "A1", "A1", "A2", "A2", "B1", "B2"]),
                "wishes_job": rng.random() < 0.7,
                "wishes_internship": rng.random() < 0.3,
                "wishes_volunteering": rng.random() < 0.2,
                "available_mornings": False,
                "available_afternoons": False,
                "available_evenings": False,
                "available_nights": False,
                "available_weekends": False,
                "driving_licence": False,
                "allowed_to_work": "yes",
                "trajectory": rng.choice(["integrated", "linear"]),
                "shared_with_partnership": False,
                "created_at": created,
                "updated_at": created,
                "last_activity_at": created,
                "version": 1,
            }
        )
        if rng.random() < 0.88:
            consents.append(
                {
                    "candidate_id": n,
                    "given_on": created.date(),
                    "method": "signed_form",
                    "recorded_at": created,
                }
            )
        for wished in {occupation() for _ in range(rng.randint(1, 3))}:
            wishes.append({"candidate_id": n, "occupation_id": wished})
        for _ in range(rng.choice([0, 1, 1, 2])):
            experiences.append(
                {
                    "candidate_id": n,
                    "occupation_id": occupation(),
                    "years": rng.randint(1, 10),
                    "country": "SY",
                }
            )
    _insert(Candidate, rows)
    _insert(ConsentRecord, consents)
    _insert(CandidateWishedOccupation, wishes)
    _insert(CandidateExperience, experiences)
    # Bulk inserts, as the records importer writes: it refreshes the derived groups too.
    refresh_occupation_groups(range(first_id, first_id + count))


if __name__ == "__main__":
    main()
