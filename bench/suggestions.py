"""How fast the coach's suggestion page answers with 10,000 candidates.

Builds a fresh SQLite database in a temporary folder, loads the taxonomy, imports
benchmark records (``marketplace.matching.benchdata``: candidates, coaches,
opportunities) through the real ``records import`` command, then, as the coach with the
largest caseload, opens ``/suggestions/opportunities/<id>`` through the test client for
a number of open opportunities. Each page ranks every candidate (the coach's caseload
and the shared ones are the visible ones), writes the log of the list and renders.

Prints the first page (which builds the per-process candidate pool), the warm pages
(median and 90th percentile) against the 300 ms target, and the ratio of the page to
the bare ranking call (``rank_candidates`` on the same prepared pool, top 20).

Run: ``.venv/bin/python -m bench.suggestions [--candidates 10000] [--runs 40]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_MS = 300
PASSWORD = "bench-password-2026"  # a throwaway database


def flask(args: list[str], env: dict) -> None:
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], env=env,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def summary(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    return f"median {statistics.median(ordered) * 1000:7.1f} ms, p90 {p90 * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--opportunities", type=int, default=200)
    parser.add_argument("--runs", type=int, default=40)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        records = Path(folder) / "records.jsonl"
        subprocess.run([sys.executable, "-m", "marketplace.matching.benchdata", "--seed", "11",
                        "--candidates", str(options.candidates), "--opportunities",
                        str(options.opportunities), "--out", str(records)], check=True,
                       stdout=subprocess.DEVNULL)
        url = f"sqlite:///{folder}/bench.sqlite"
        env = {**os.environ, "DATABASE_URL": url}
        flask(["db", "upgrade"], env)
        flask(["taxonomy", "load"], env)
        flask(["records", "import", str(records)], env)
        os.environ["DATABASE_URL"] = url
        measure(options)


def measure(options) -> None:
    from sqlalchemy import func, select

    from marketplace.accounts.models import User
    from marketplace.accounts.operations import set_password
    from marketplace.app import create_app
    from marketplace.candidates.models import Candidate
    from marketplace.extensions import db
    from marketplace.matching import operations as matching
    from marketplace.matching.scoring import rank_candidates
    from marketplace.opportunities.models import Opportunity

    app = create_app()
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        coach_id, caseload = db.session.execute(
            select(Candidate.coach_id, func.count()).group_by(Candidate.coach_id)
            .order_by(func.count().desc()).limit(1)
        ).one()
        coach = db.session.get(User, coach_id)
        set_password(coach, PASSWORD)
        db.session.commit()
        opportunity_ids = list(db.session.scalars(
            select(Opportunity.id).where(Opportunity.id.in_(matching.open_opportunities_query()))
            .order_by(Opportunity.id).limit(options.runs)
        ))
        email = coach.email
        pool_size = db.session.scalar(select(func.count()).select_from(Candidate))
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD})

    def page(opportunity_id) -> float:
        started = time.perf_counter()
        response = client.get(f"/suggestions/opportunities/{opportunity_id}")
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        return elapsed

    first = page(opportunity_ids[0])
    pages = [page(oid) for oid in opportunity_ids]
    with app.app_context():
        rows = matching.candidate_rows()
        bare = []
        for oid in opportunity_ids:
            spec = matching.opportunity_spec(db.session.get(Opportunity, oid))
            started = time.perf_counter()
            rank_candidates(rows.pool, spec, top_k=20)
            bare.append(time.perf_counter() - started)
    print(f"candidates: {pool_size:,} in the pool; the coach keeps {caseload:,}")
    print(f"opportunities opened: {len(pages)}")
    print(f"first page (builds the candidate pool): {first * 1000:8.1f} ms")
    print(f"suggestion page, warm:   {summary(pages)}  (target {TARGET_MS} ms)")
    print(f"bare rank_candidates:    {summary(bare)}")
    ratio = statistics.median(pages) / statistics.median(bare)
    print(f"page / bare ranking (medians): {ratio:.1f}x")


if __name__ == "__main__":
    main()
