"""The load test's measurements: every request's time and error by page kind, the
table of throughput and percentiles, and the CPU the app's and the database's
processes used."""

from __future__ import annotations

import os
import subprocess
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bench.load_database import DATABASE, admin_url


def cpu_seconds(pids) -> float:
    """User and system CPU seconds the processes ``pids`` have used so far (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone, or not Linux
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def scheduled_seconds(pids) -> float:
    """CPU seconds the processes ``pids`` have run so far, to the nanosecond (Linux's
    ``schedstat``; ``cpu_seconds`` counts in clock ticks of 10 ms, too coarse for one
    request)."""
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
        except (OSError, IndexError, ValueError):  # gone, or not Linux
            continue
    return total / 1e9


def server_pids(server: subprocess.Popen) -> list[int]:
    """The gunicorn master and its workers."""
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    except OSError:
        return [server.pid]
    return [server.pid, *map(int, children)]


def database_pids() -> list[int]:
    """The PostgreSQL server processes serving the load database (same machine)."""
    import psycopg

    with psycopg.connect(admin_url(), autocommit=True) as conn:
        return [pid for (pid,) in conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (DATABASE,),
        )]


@dataclass
class Results:
    """Every request's seconds and error by page kind, added to by all browsing threads."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors[kind].append(error)


def report(results: Results, seconds: float) -> None:
    """The table: per page kind and overall, requests, per second, p50/p95/p99 ms and
    errors over ``seconds``; then up to 5 distinct errors of each kind."""

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
