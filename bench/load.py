"""Load test: gunicorn with several workers on PostgreSQL, 10,000 opportunities and
100,000 candidates, 50 people browsing at once on 127.0.0.1.

1. Builds the PostgreSQL database ``werkbrug_load`` (or reuses it when its marker, a
   comment on the database, says it holds the same data at the same schema): the
   migrations, the taxonomy, the demo data (``demo load``: the demo accounts log in),
   then ``--opportunities`` opportunities of the demo employers and 200 more employers,
   and ``--candidates`` candidates in the caseloads of the demo coaches and 396 more
   coaches (about 250 each), generated as ``bench/insights.py`` does.
2. Starts gunicorn (``--workers`` sync workers, default 2: one per core, as the
   database and the client share the two cores, and as ``gunicorn_conf`` starts by
   default; 4 served fewer requests, see ``docs/deployment.md``) on a free port of
   127.0.0.1.
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

This module starts the server and runs the measurement; the parts live beside it:
``load_database.py`` (building, tuning and readying the database), ``load_scenario.py``
(who opens and saves what, and the browsing), ``load_browser.py`` (the HTTP client and
its forms) and ``load_report.py`` (the figures: percentiles and CPU per process).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import platform
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict

from bench.load_browser import Browser
from bench.load_database import DATABASE, ROOT, connection_kind
from bench.load_report import Results, cpu_seconds, database_pids, report, server_pids
from bench.load_scenario import FORMS, ROLE_MIX, browse, ready_load_database, share_out, warm_up

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds a person reads a page (0: none, a stress test)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1,
                        help="more than 1: gthread workers with this many threads")
    parser.add_argument("--opportunities", type=int, default=10_000)
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--redis", help="CACHE_REDIS_URL for the workers (default: none)")
    parser.add_argument("--rebuild", action="store_true", help="build the database afresh")
    parser.add_argument("--tcp", action="store_true",
                        help="reach PostgreSQL through 127.0.0.1 even when its Unix socket is "
                             "on this machine (the runs before 2026-12-07, day)")
    parser.add_argument("--mix", choices=("full", "browse"), default="full",
                        help="browse: pages only, nobody saves a form (the mix before "
                             "2026-12-04)")
    args = parser.parse_args()

    url, people, pages, missing, password = ready_load_database(args)
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
            roles = [mix[n % len(mix)] for n in range(args.users)]
            for n in range(args.users):
                group = by_role[roles[n]]
                person = group[n % len(group)]
                # The virtual people logged in as one account share its records out.
                sharing = [m for m in range(args.users) if roles[m] == roles[n]
                           and by_role[roles[m]][m % len(group)] is person]
                person = share_out(person, sharing.index(n), len(sharing))
                browser = Browser(port)
                browser.log_in(person.email, password)
                workers.append(threading.Thread(
                    target=browse,
                    args=(person, browser, pages, FORMS if args.mix == "full" else (),
                          clock, args.think, results, n, ready),
                    daemon=True,
                ))
            for worker in workers:
                worker.start()
            ready.wait()
            # CPU used in the measured window, by the app and by PostgreSQL for it: a
            # figure per request that other work on the machine does not change much.
            app_pids, db_pids = server_pids(server), database_pids()
            app_cpu, db_cpu = cpu_seconds(app_pids), cpu_seconds(db_pids)
            own_cpu = time.process_time()
            for worker in workers:
                worker.join()
            elapsed = time.monotonic() - clock["start"]
            app_cpu, db_cpu = cpu_seconds(app_pids) - app_cpu, cpu_seconds(db_pids) - db_cpu
            own_cpu = time.process_time() - own_cpu
            load = os.getloadavg()[0]
            print(
                f"\n{args.users} people, {args.seconds:.0f} s, think time {args.think} s, "
                f"gunicorn {args.workers} workers x {args.threads} threads, "
                f"{args.opportunities} opportunities, {args.candidates} candidates, "
                f"shared cache: {'Redis' if args.redis else 'none'}, mix: {args.mix}, "
                f"PostgreSQL through {connection_kind(url)}, Python {platform.python_version()}"
                f" ({sys.executable}); "
                f"load average at the end {load:.1f} on {os.cpu_count()} cores"
            )
            report(results, elapsed)
            served = sum(len(values) for values in results.latencies.values()) or 1
            print(f"  CPU per request: gunicorn {app_cpu / served * 1000:.1f} ms, PostgreSQL "
                  f"{db_cpu / served * 1000:.1f} ms ({len(db_pids)} server processes of "
                  f"{DATABASE}); the load generator {own_cpu / served * 1000:.1f} ms")
        finally:
            pids = server_pids(server)
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a worker still busy: no need to wait
                for pid in reversed(pids):  # the workers first: none outlives the master
                    with contextlib.suppress(OSError):
                        os.kill(pid, 9)
                server.wait()


if __name__ == "__main__":
    main()
