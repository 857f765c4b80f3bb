"""Load test: gunicorn with several workers on PostgreSQL, 10,000 opportunities and
100,000 candidates, 50 people browsing at once on 127.0.0.1.

1. Builds the PostgreSQL database ``werkbrug_load`` (or reuses it when its marker, a
   comment on the database, says it holds the same data at the same schema): the
   migrations, the taxonomy, the demo data (``demo load``: the demo accounts log in),
   then ``--opportunities`` opportunities of the demo employers and 200 more employers,
   and ``--candidates`` candidates in the caseloads of the demo coaches and 396 more
   coaches (about 250 each), generated as ``bench/insights.py`` does.
2. Starts gunicorn (``--workers`` sync workers, default 4: two per core, as the
   database and the client share the two cores) on a free port of 127.0.0.1.
3. Logs every virtual person in through the login form (coaches, employers and
   analysts of the demo), opens every page of ``PAGES`` once to warm the caches, then
   lets ``--users`` people browse for ``--seconds``: each opens a page of its role
   (chosen by weight), reads it for a moment (``--think`` seconds on average; 0 for a
   stress test) and opens the next, over one keep-alive connection.
4. Prints throughput, the median, p95 and p99 per page kind and overall, and errors
   (any answer but 200, any failed connection).

    .venv/bin/python -m bench.load                      # 60 s, 50 users
    .venv/bin/python -m bench.load --seconds 20 --users 20
    .venv/bin/python -m bench.load --redis redis://127.0.0.1:6379/14  # shared cache

Pages whose route the app does not have (yet) are left out, and said so.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import numpy as np

DATABASE = "werkbrug_load"
#: Bump when the generated data change, so an old load database is rebuilt.
DATA_FORMAT = 1
ROOT = Path(__file__).resolve().parent.parent

#: What people open, by role: (page kind, role, path, weight). In a path, {opportunity}
#: is a published opportunity, {candidate} a candidate in the coach's own caseload with
#: consent, {own_opportunity} one of the employer's opportunities (with proposals
#: when it has any).
PAGES: tuple[tuple[str, str, str, int], ...] = (
    ("coach home", "coach", "/start", 1),
    ("caseload", "coach", "/candidates/", 3),
    ("caseload, search", "coach", "/candidates/?q=an&status=active", 1),
    ("browse opportunities", "coach", "/opportunities/browse", 3),
    ("browse, 2060 within 10 km", "coach", "/opportunities/browse?place=2060&radius=10", 2),
    ("opportunity", "coach", "/opportunities/{opportunity}", 2),
    ("suggestions for an opportunity", "coach", "/suggestions/opportunities/{opportunity}", 3),
    ("suggestions for a candidate", "coach", "/suggestions/candidates/{candidate}", 3),
    ("coach proposals", "coach", "/proposals/", 2),
    ("demand dashboard", "coach", "/insights/", 1),
    ("employer home", "employer", "/start", 1),
    ("employer opportunities", "employer", "/opportunities/", 3),
    ("employer inbox", "employer", "/proposals/opportunities/{own_opportunity}", 3),
    ("demand dashboard", "analyst", "/insights/", 2),
    ("supply dashboard", "analyst", "/insights/supply", 2),
    ("demand, ISCO group 9", "analyst", "/insights/?group=9", 1),
)
#: Out of every 10 virtual people: coaches, employers, analysts.
ROLE_MIX = (("coach", 5), ("employer", 4), ("analyst", 1))


# --- the database -------------------------------------------------------------------------


def _admin_url() -> str:
    from tests import databases

    return databases.PG_ADMIN_URL


def _database_url() -> str:
    parts = urlsplit(_admin_url())
    return urlunsplit(parts._replace(path="/" + DATABASE)).replace(
        "postgresql://", "postgresql+psycopg://", 1
    )


def _marker(args) -> str:
    heads = sorted(p.name for p in (ROOT / "migrations" / "versions").glob("*.py"))
    return (
        f"werkbrug load data {DATA_FORMAT}: {args.opportunities} opportunities, "
        f"{args.candidates} candidates, schema {heads[-1] if heads else 'none'}"
    )


def prepare_database(args) -> str:
    """The load database's URL; built afresh unless its marker matches."""
    import psycopg

    marker = _marker(args)
    with psycopg.connect(_admin_url(), autocommit=True) as conn:
        found = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (DATABASE,),
        ).fetchone()
        if found and found[0] == marker and not args.rebuild:
            print(f"Reusing database {DATABASE} ({marker}).")
            return _database_url()
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    started = time.perf_counter()
    _build(_database_url(), args)
    with psycopg.connect(_admin_url(), autocommit=True) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{DATABASE}\" IS '{marker}'")
    print(f"Built database {DATABASE} in {time.perf_counter() - started:.0f} s ({marker}).")
    return _database_url()


def _build(url: str, args) -> None:
    import flask_migrate
    from sqlalchemy import func, select, text

    from bench.insights import _fill_candidates, _fill_opportunities
    from marketplace import create_app
    from marketplace.accounts.models import Organisation, User
    from marketplace.candidates.models import Candidate
    from marketplace.extensions import db
    from marketplace.opportunities.models import Opportunity
    from marketplace.taxonomy.loader import load_taxonomy
    from marketplace.taxonomy.models import Occupation, Postcode, Skill

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        flask_migrate.upgrade()
        load_taxonomy()
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    if result.exit_code:
        raise SystemExit(f"demo load failed: {result.output}")
    with app.app_context():
        rng = random.Random(2026)
        demo_employers = db.session.scalars(
            select(Organisation).where(Organisation.kind == "employer")
        ).all()
        employers = [
            Organisation(name=f"Load employer {n}", kind="employer",
                         sector=rng.choice("CHHINQS"), postcode="2000")
            for n in range(200)
        ]
        partners = [
            Organisation(name=f"Load partner {n}", kind="partner", postcode="2000")
            for n in range(8)
        ]
        db.session.add_all([*employers, *partners])
        db.session.flush()
        demo_coaches = db.session.scalars(select(User).where(User.role == "coach")).all()
        coaches = [
            User(email=f"load.coach{n}@example.org", name=f"Load coach {n}", role="coach",
                 organisation=partners[n % len(partners)])
            for n in range(396)
        ]
        db.session.add_all(coaches)
        db.session.flush()
        occupations = db.session.execute(select(Occupation.id, Occupation.isco_code)).all()
        common = [o for o, isco in occupations if isco[0] in "985"]
        every = [o for o, _isco in occupations]

        def occupation() -> int:
            return rng.choice(common) if rng.random() < 0.8 else rng.choice(every)

        skills = db.session.scalars(select(Skill.id)).all()[:400]
        postcodes = db.session.scalars(
            select(Postcode.code).where(Postcode.code.like("2%"))
        ).all()
        now = datetime.now(UTC)
        # Each demo employer gets about 180 opportunities, like a large employer.
        _fill_opportunities(
            rng, args.opportunities, demo_employers * 4 + employers, occupation, skills,
            postcodes, now,
            first_id=(db.session.scalar(select(func.max(Opportunity.id))) or 0) + 1,
        )
        _fill_candidates(
            rng, args.candidates,
            [(c.id, c.organisation_id) for c in [*demo_coaches, *coaches]],
            occupation, postcodes, now,
            first_id=(db.session.scalar(select(func.max(Candidate.id))) or 0) + 1,
        )
        for table in ("opportunity", "candidate"):  # rows were numbered by hand
            db.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
            ))
        db.session.commit()
        with db.engine.connect() as connection:  # as autovacuum would after a load
            connection.execute(text("ANALYZE"))
            connection.commit()
        db.session.remove()
        db.engine.dispose()


def tune_database() -> None:
    """The planner setting docs/deployment.md asks for on SSD storage (PostgreSQL's
    default of 4 assumes spinning disks and makes it scan whole tables where an index
    answers: the caseload's consent column took 100 ms instead of 10)."""
    import psycopg

    with psycopg.connect(_admin_url(), autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{DATABASE}" SET random_page_cost = 1.1')


# --- who browses what ---------------------------------------------------------------------


@dataclass
class Person:
    role: str
    email: str
    values: dict[str, list[int]]


def people_and_pages(url: str):
    """The demo accounts by role with the ids their pages need, and the pages the app
    has (a route that does not exist yet is left out)."""
    from sqlalchemy import select
    from werkzeug.exceptions import NotFound

    from marketplace import create_app
    from marketplace.accounts.models import User
    from marketplace.candidates.models import Candidate
    from marketplace.demo.accounts import DEMO_PASSWORD
    from marketplace.extensions import db
    from marketplace.opportunities.models import Opportunity
    from marketplace.proposals.models import Proposal

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    adapter = app.url_map.bind("localhost")
    pages, missing = [], []
    for page in PAGES:
        path = page[2].split("?")[0].format(opportunity=1, candidate=1, own_opportunity=1)
        try:
            adapter.match(path)
            pages.append(page)
        except NotFound:
            missing.append(page[0])
    with app.app_context():
        published = db.session.scalars(
            select(Opportunity.id).where(Opportunity.status == "published",
                                         Opportunity.closes_on >= datetime.now(UTC).date())
            .order_by(Opportunity.id).limit(500)
        ).all()
        people = []
        for user in db.session.scalars(
            select(User).where(User.email.like("%@werkbrug.demo")).order_by(User.email)
        ):
            values = {"opportunity": published}
            if user.role == "coach":
                values["candidate"] = db.session.scalars(
                    select(Candidate.id).where(Candidate.coach_id == user.id,
                                               Candidate.has_active_consent)
                    .order_by(Candidate.id).limit(200)
                ).all()
            elif user.role == "employer":
                mine = select(Opportunity.id).where(
                    Opportunity.organisation_id == user.organisation_id
                )
                with_proposals = db.session.scalars(
                    mine.where(Opportunity.id.in_(select(Proposal.opportunity_id))).limit(100)
                ).all()
                values["own_opportunity"] = with_proposals or db.session.scalars(
                    mine.limit(100)
                ).all()
            elif user.role != "analyst":
                continue
            people.append(Person(user.role, user.email, values))
        db.session.remove()
        db.engine.dispose()
    return people, pages, missing, DEMO_PASSWORD


# --- the server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(url: str, port: int, args, log) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "WERKBRUG_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(args.workers),
        "WERKBRUG_ENV": "development",
    }
    if args.redis:
        env["CACHE_REDIS_URL"] = args.redis
        env["CACHE_KEY_PREFIX"] = f"werkbrug-load:{os.getpid()}:"
    command = [sys.executable, "-m", "gunicorn", "-c", "python:marketplace.gunicorn_conf",
               "--access-logfile", "/dev/null", "--timeout", "120"]
    if args.threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(args.threads)]
    process = subprocess.Popen([*command, "wsgi:app"], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped; see {log.name}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"gunicorn did not answer within 60 s; see {log.name}")


# --- the browsing -------------------------------------------------------------------------


class Browser:
    """One person: a keep-alive connection and the session cookie."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body: str | None = None):
        headers = {"Accept-Language": "nl"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):  # a keep-alive connection the server closed: once more
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def log_in(self, email: str, password: str) -> None:
        status, page = self.request("GET", "/login")
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page)
        if status != 200 or not token:
            raise RuntimeError(f"no login form ({status})")
        body = urlencode({"csrf_token": token.group(1).decode(), "email": email,
                          "password": password})
        status, _page = self.request("POST", "/login", body)
        if status != 302:
            raise RuntimeError(f"login of {email} answered {status}")


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors[kind].append(error)


def fill_in(path: str, person: Person, rng: random.Random) -> str:
    return path.format(**{key: rng.choice(ids) if ids else 0
                          for key, ids in person.values.items()})


def browse(person, browser, pages, clock, think, results, seed, ready) -> None:
    """One person's browsing, from the moment everyone is logged in until the clock
    stops."""
    rng = random.Random(seed)
    ready.wait()
    mine = [page for page in pages if page[1] == person.role]
    weights = [page[3] for page in mine]
    while time.monotonic() < clock["stop"]:
        kind, _role, path, _weight = rng.choices(mine, weights)[0]
        url = fill_in(path, person, rng)
        started = time.perf_counter()
        error = None
        try:
            status, _body = browser.request("GET", url)
            if status != 200:
                error = f"{status} {url}"
        except Exception as problem:
            error = f"{type(problem).__name__} {url}"
        results.add(kind, time.perf_counter() - started, error)
        if think:
            time.sleep(rng.uniform(0.5 * think, 1.5 * think))


def warm_up(people, pages, password, port) -> None:
    """Every page once per role, so the first timed requests do not pay for building
    the per-process caches (each worker still builds its own on first use)."""
    for role in {person.role for person in people}:
        person = next(p for p in people if p.role == role)
        browser = Browser(port)
        browser.log_in(person.email, password)
        rng = random.Random(1)
        for _round in range(3):  # gunicorn hands requests to several workers
            for kind, page_role, path, _weight in pages:
                if page_role == role:
                    status, _ = browser.request("GET", fill_in(path, person, rng))
                    if status != 200:
                        print(f"  warm-up: {kind} answered {status}")


def report(results: Results, seconds: float) -> None:
    def line(name, values, errors):
        ms = np.array(values) * 1000
        p50, p95, p99 = np.percentile(ms, [50, 95, 99]) if len(ms) else (0, 0, 0)
        return (f"  {name:<32} {len(ms):>7} {len(ms) / seconds:>8.1f} "
                f"{p50:>7.0f} {p95:>7.0f} {p99:>7.0f} {errors:>7}")

    print(f"  {'page kind':<32} {'requests':>7} {'per s':>8} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'p99 ms':>7} {'errors':>7}")
    every, error_count = [], 0
    for kind in sorted(results.latencies):
        values = results.latencies[kind]
        every += values
        error_count += len(results.errors[kind])
        print(line(kind, values, len(results.errors[kind])))
    print(line("ALL", every, error_count))
    for kind, errors in results.errors.items():
        for error in sorted(set(errors))[:5]:
            print(f"  error, {kind}: {error} (x{errors.count(error)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds a person reads a page (0: none, a stress test)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1,
                        help="more than 1: gthread workers with this many threads")
    parser.add_argument("--opportunities", type=int, default=10_000)
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--redis", help="CACHE_REDIS_URL for the workers (default: none)")
    parser.add_argument("--rebuild", action="store_true", help="build the database afresh")
    args = parser.parse_args()

    from tests import databases

    reason = databases.postgres_reachable()
    if reason:
        raise SystemExit(reason)
    url = prepare_database(args)
    tune_database()
    people, pages, missing, password = people_and_pages(url)
    if missing:
        print("Left out (no such route yet): " + ", ".join(missing))
    port = free_port()
    log_path = ROOT / "test-artifacts" / "load-gunicorn.log"
    log_path.parent.mkdir(exist_ok=True)
    with open(log_path, "w") as log:
        server = start_gunicorn(url, port, args, log)
        try:
            warm_up(people, pages, password, port)
            results, clock = Results(), {}
            # Everyone logs in first; the clock starts when the last one has.
            ready = threading.Barrier(
                args.users + 1,
                action=lambda: clock.update(start=time.monotonic(),
                                            stop=time.monotonic() + args.seconds),
            )
            by_role = defaultdict(list)
            for person in people:
                by_role[person.role].append(person)
            mix = [role for role, share in ROLE_MIX for _ in range(share)]
            workers = []
            # One after the other: two logins of one account at the same moment would
            # both change the user's row, and one would get the conflict page.
            for n in range(args.users):
                group = by_role[mix[n % len(mix)]]
                person = group[n % len(group)]
                browser = Browser(port)
                browser.log_in(person.email, password)
                workers.append(threading.Thread(
                    target=browse,
                    args=(person, browser, pages, clock, args.think, results, n, ready),
                    daemon=True,
                ))
            for worker in workers:
                worker.start()
            ready.wait()
            for worker in workers:
                worker.join()
            elapsed = time.monotonic() - clock["start"]
        finally:
            server.terminate()
            server.wait(timeout=30)
    load = os.getloadavg()[0]
    print(
        f"\n{args.users} people, {args.seconds:.0f} s, think time {args.think} s, "
        f"gunicorn {args.workers} workers x {args.threads} threads, "
        f"{args.opportunities} opportunities, {args.candidates} candidates, "
        f"shared cache: {'Redis' if args.redis else 'none'}; "
        f"load average at the end {load:.1f} on {os.cpu_count()} cores"
    )
    report(results, elapsed)


if __name__ == "__main__":
    main()
