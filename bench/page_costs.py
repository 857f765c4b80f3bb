"""What each page kind of the load test costs the server, measured in one process.

The load test (``bench/load.py``) says how long people wait; on a machine shared with
other work those times are noisy. This says where a request's time goes, with figures
that do not depend on the neighbours: for each page kind of ``PAGES`` and ``FORMS``,
through the Flask test client against the load database (``werkbrug_load``, built by
``bench.load``), logged in through the login form as the demo accounts:

* SQL statements per request (every statement the engine sends, counted by an event);
* server CPU ms per request (``time.process_time`` of this process around the request:
  Python, templates, the database driver; PostgreSQL's own work is in the SQL column);
* SQL ms per request (wall time between sending a statement and its result);
* PostgreSQL CPU ms per request (the CPU time of the server processes of the load
  database, from ``/proc/<pid>/schedstat``: what the statements cost the server);
* where the CPU goes, by package (a cProfile of the requests, own time summed by the
  package of the function: SQLAlchemy, Jinja templates, WTForms, ...).

    .venv/bin/python -m bench.page_costs                 # 8 requests of each kind
    .venv/bin/python -m bench.page_costs --requests 30 --detail "caseload"

``--detail KIND`` prints the functions with the most cumulative time for that kind.
Forms are measured last: a saved profile changes the candidates' data version, so the
next suggestion page of each process rebuilds the candidate pool (printed as its own
line, "suggestions for an opportunity, first after a save").
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import random
import re
import time
from collections import defaultdict
from urllib.parse import urlencode

import psycopg
from sqlalchemy import event
from sqlalchemy.engine import Engine

from bench.load_database import BIG_CASELOAD_COACH
from bench.load_report import database_pids, scheduled_seconds
from bench.load_scenario import (
    FLOWS,
    FORMS,
    expected_shares,
    fill_in,
    page_kind,
    ready_load_database,
)
from marketplace import gunicorn_conf

#: Own time of functions, summed by where they live: the first matching fragment of
#: the file name names the part.
PARTS = (
    ("/templates/", "templates"),
    ("jinja2", "jinja2"),
    ("sqlalchemy", "sqlalchemy"),
    ("psycopg", "psycopg"),
    ("wtforms", "wtforms"),
    ("flask_wtf", "flask_wtf"),
    ("babel", "babel"),
    ("werkzeug", "werkzeug"),
    ("flask_login", "flask_login"),
    ("flask", "flask"),
    ("numpy", "numpy"),
    ("scipy", "scipy"),
    ("marketplace/matching", "matching"),
    ("marketplace/", "marketplace"),
    ("markupsafe", "markupsafe"),
    ("{built-in", "builtins"),
    ("~", "builtins"),
)


def part_of(filename: str) -> str:
    for fragment, name in PARTS:
        if fragment in filename:
            return name
    return "other"


class StatementCounter:
    """Counts the statements every engine sends, and the time until each answers."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0
        self._started: list[float] = []
        #: The page kind being fetched, and per (kind, statement): [count, seconds].
        self.kind = ""
        self.statements: dict[tuple[str, str], list] = defaultdict(lambda: [0, 0.0])
        #: The parameters of the last run of each (kind, statement), for EXPLAIN.
        self.parameters: dict[tuple[str, str], object] = {}
        event.listen(Engine, "before_cursor_execute", self._before)
        event.listen(Engine, "after_cursor_execute", self._after)

    def _before(self, *_args):
        self.count += 1
        self._started.append(time.perf_counter())

    def _after(self, _connection, _cursor, statement, parameters, *_args):
        if self._started:
            seconds = time.perf_counter() - self._started.pop()
            self.seconds += seconds
            totals = self.statements[(self.kind, statement)]
            totals[0] += 1
            totals[1] += seconds
            self.parameters[(self.kind, statement)] = parameters

    def slowest(self, kind: str, top: int, explain_with=None) -> None:
        """Print the statements of ``kind`` that waited longest in all, with counts;
        with ``explain_with`` (a PostgreSQL connection) also the server's planning and
        execution time of the last run of each, from EXPLAIN ANALYZE."""
        mine = sorted(((seconds, count, statement)
                       for (of_kind, statement), (count, seconds) in self.statements.items()
                       if of_kind == kind), reverse=True)
        print(f"\nStatements of {kind!r}, by total time waited:")
        for seconds, count, statement in mine[:top]:
            one_line = " ".join(statement.split())
            print(f"  {seconds * 1000:8.1f} ms  {count:>4}x  {one_line[:400]}")
            if explain_with is not None and one_line.startswith("SELECT"):
                print("             " + explained(explain_with, statement,
                                                  self.parameters[(kind, statement)]))


def explained(connection, statement: str, parameters) -> str:
    """PostgreSQL's planning and execution time of one run of ``statement``."""
    plan = connection.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement,
                              parameters).fetchone()[0][0]
    connection.rollback()
    return (f"planning {plan['Planning Time']:.1f} ms, "
            f"execution {plan['Execution Time']:.1f} ms")


class ClientBrowser:
    """The test client with the load test's ``Browser`` interface."""

    def __init__(self, app):
        self.client = app.test_client()

    def request(self, method, path, body=None):
        response = self.client.open(
            path, method=method, data=body, headers={"Accept-Language": "nl"},
            content_type="application/x-www-form-urlencoded" if body is not None else None,
        )
        return response.status_code, response.get_data(), response.headers.get("Location")

    def log_in(self, email, password):
        _status, page, _location = self.request("GET", "/login")
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()
        status, _page, _location = self.request(
            "POST", "/login", urlencode({"csrf_token": token, "email": email,
                                         "password": password}))
        if status != 302:
            raise RuntimeError(f"login of {email} answered {status}")


class Costs:
    """Per page kind: requests, statements, CPU and SQL seconds, and a profile."""

    def __init__(self, counter: StatementCounter):
        self.counter = counter
        self.rows = defaultdict(lambda: {"n": 0, "sql": 0, "cpu": 0.0, "sql_s": 0.0,
                                         "pg": 0.0, "wall": 0.0, "errors": 0})
        #: The server processes of the load database (read again for each page kind:
        #: the pool may have connected anew).
        self.database_pids: list[int] = []
        self.profiles: dict[str, pstats.Stats] = {}

    def fetch_for(self, browser, person, profile: bool = True):
        def fetch(kind, method, path, body=None, expect=200):
            kind = page_kind(kind, person)
            # CPU time, not wall time: waiting for PostgreSQL is in the SQL column.
            profiler = cProfile.Profile(time.process_time) if profile else None
            statements, sql_seconds = self.counter.count, self.counter.seconds
            if kind != self.counter.kind:
                self.database_pids = database_pids()
            self.counter.kind = kind
            server = scheduled_seconds(self.database_pids)
            cpu, wall = time.process_time(), time.perf_counter()
            if profiler:
                profiler.enable()
            status, page, location = browser.request(method, path, body)
            # What a gunicorn worker does after each answer (its post_request hook).
            gunicorn_conf.collect_between_requests()
            if profiler:
                profiler.disable()
            row = self.rows[kind]
            row["cpu"] += time.process_time() - cpu
            row["wall"] += time.perf_counter() - wall
            row["sql"] += self.counter.count - statements
            row["sql_s"] += self.counter.seconds - sql_seconds
            row["pg"] += scheduled_seconds(self.database_pids) - server
            row["n"] += 1
            row["errors"] += status != expect
            if profiler:
                if kind in self.profiles:
                    self.profiles[kind].add(profiler)
                else:
                    self.profiles[kind] = pstats.Stats(profiler)
            return status, page, location

        return fetch

    def parts(self, kind: str) -> list[tuple[str, float]]:
        totals: dict[str, float] = defaultdict(float)
        stats = self.profiles.get(kind)
        if stats is None:
            return []
        for (filename, _line, _name), (_cc, _nc, own, _cum, _callers) in stats.stats.items():
            totals[part_of(filename)] += own
        whole = sum(totals.values()) or 1
        return sorted(((name, seconds / whole) for name, seconds in totals.items()),
                      key=lambda item: -item[1])

    def report(self) -> None:
        print(f"  {'page kind':<46} {'n':>3} {'SQL/req':>7} {'CPU ms':>7} {'SQL ms':>7} "
              f"{'PG ms':>6} {'wall ms':>7} {'err':>3}  where the CPU goes (profile, own time)")
        total = {"n": 0, "sql": 0, "cpu": 0.0, "sql_s": 0.0, "pg": 0.0, "wall": 0.0,
                 "errors": 0}
        for kind in sorted(self.rows):
            row = self.rows[kind]
            for key in total:
                total[key] += row[key]
            shares = ", ".join(f"{name} {share:.0%}" for name, share in self.parts(kind)[:4])
            print(self._line(kind, row) + f"  {shares}")
        print(self._line("ALL (unweighted mean)", total))
        weighted = self.weighted()
        if weighted:
            print(self._line("ALL (weighted by the load mix)", weighted))

    def weighted(self) -> dict | None:
        """The mean request of a load run: each measured kind's mean weighted by its
        expected share of the run's requests (``expected_shares``), over the kinds
        measured; None when none of them is in the mix."""
        shares = {kind: share for kind, share in expected_shares().items()
                  if self.rows.get(kind, {}).get("n")}
        whole = sum(shares.values())
        if not whole:
            return None
        mean = {"n": sum(self.rows[kind]["n"] for kind in shares), "errors": 0}
        for key in ("sql", "cpu", "sql_s", "pg", "wall"):
            mean[key] = mean["n"] * sum(
                share / whole * self.rows[kind][key] / self.rows[kind]["n"]
                for kind, share in shares.items())
        mean["errors"] = sum(self.rows[kind]["errors"] for kind in shares)
        return mean

    @staticmethod
    def _line(kind, row) -> str:
        n = row["n"] or 1
        return (f"  {kind:<46} {row['n']:>3} {row['sql'] / n:>7.1f} "
                f"{row['cpu'] / n * 1000:>7.1f} {row['sql_s'] / n * 1000:>7.1f} "
                f"{row['pg'] / n * 1000:>6.2f} {row['wall'] / n * 1000:>7.1f} "
                f"{row['errors']:>3}")

    def detail(self, kind: str, top: int) -> None:
        stats = self.profiles.get(kind)
        if stats is None:
            print(f"No page kind {kind!r}.")
            return
        print(f"\nProfile of {kind!r} ({self.rows[kind]['n']} requests), by cumulative time:")
        stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=8, help="requests of each page kind")
    parser.add_argument("--profiled", type=int, default=4,
                        help="more requests of each kind, with the profiler, for the shares")
    parser.add_argument("--detail", action="append", default=[],
                        help="page kind whose profile to print (repeatable)")
    parser.add_argument("--statements", action="append", default=[],
                        help="page kind whose slowest SQL statements to print (repeatable)")
    parser.add_argument("--explain", action="store_true",
                        help="with --statements: PostgreSQL's planning and execution time")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--only", action="append", default=[],
                        help="measure only page kinds starting with this (repeatable)")
    parser.add_argument("--opportunities", type=int, default=10_000)
    parser.add_argument("--candidates", type=int, default=100_000)
    args = parser.parse_args()
    args.rebuild = False

    url, people, pages, _missing, password = ready_load_database(args)
    os.environ.setdefault("WERKBRUG_ENV", "development")  # as bench.load runs gunicorn

    from marketplace.app import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    # As a gunicorn worker starts: warm caches, a settled garbage collector. Otherwise a
    # full collection of the whole heap now and then lands in some page kind's figures.
    gc.set_threshold(*gunicorn_conf.GC_THRESHOLDS)
    gunicorn_conf.warm(app)
    counter = StatementCounter()
    # The figures come from requests without the profiler (it slows Python down
    # unevenly); the shares from as many more with it.
    costs, profiles = Costs(counter), Costs(counter)
    chosen = {}
    for person in people:  # one of each role, and the coach with 2,000 candidates
        key = "big" if person.email == BIG_CASELOAD_COACH else person.role
        chosen.setdefault(key, person)
    rng = random.Random(4)
    sessions = []
    for person in chosen.values():
        browser = ClientBrowser(app)
        browser.log_in(person.email, password)
        sessions.append((person, browser))
    for person, browser in sessions:
        mine = [page for page in pages if page[1] == person.role]
        if person.email == BIG_CASELOAD_COACH:
            mine = [page for page in mine if page[0].startswith("caseload")]
        if args.only:
            mine = [page for page in mine if page[0].startswith(tuple(args.only))]
        warm = costs.fetch_for(browser, person, profile=False)
        measured = costs.fetch_for(browser, person, profile=False)
        profiled = profiles.fetch_for(browser, person)
        for kind, _role, path, _weight in mine:
            warm("warm-up", "GET", fill_in(path, person, rng))  # builds the caches
            for _n in range(args.requests):
                measured(kind, "GET", fill_in(path, person, rng))
            for _n in range(args.profiled):
                profiled(kind, "GET", fill_in(path, person, rng))
    for person, browser in sessions:
        if person.email == BIG_CASELOAD_COACH:
            continue
        measured = costs.fetch_for(browser, person, profile=False)
        profiled = profiles.fetch_for(browser, person)
        for kind, role, flow, _weight in FORMS:
            if role != person.role or (args.only and not kind.startswith(tuple(args.only))):
                continue
            for n in range(args.requests + args.profiled):
                FLOWS[flow](measured if n < args.requests else profiled, person, rng)
                if flow == "edit_candidate":
                    path = fill_in("/suggestions/opportunities/{opportunity}", person, rng)
                    (measured if n < args.requests else profiled)(
                        "suggestions for an opportunity, first after a save", "GET", path)
    costs.rows.pop("warm-up", None)
    costs.profiles = profiles.profiles
    print(f"\nCost per page kind, in one process through the test client, {args.requests} "
          f"requests each (and {args.profiled} more profiled for the shares; the "
          f"first request of each kind not counted), {url.rsplit('/', 1)[-1]}:")
    costs.report()
    for kind in args.detail:
        costs.detail(kind, args.top)
    explain_with = None
    if args.explain:
        explain_with = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
    for kind in args.statements:
        counter.slowest(kind, args.top, explain_with)


if __name__ == "__main__":
    main()
