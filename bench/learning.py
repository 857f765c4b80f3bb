"""Does the ranking learn from a partner's history? Cold start against the learned model.

Builds a simulated world (``tests/ranking/world.py``: employers who hire by a short
commute and years in their occupation, which the cold-start scorer does not know),
writes it as a records file, and runs the real commands on a fresh SQLite database:
``db upgrade``, ``taxonomy load``, ``records import`` and ``match train --dry-run``,
whose report holds NDCG@10 on held-out opportunities for both. Prints both figures.

Run: ``.venv/bin/python -m bench.learning [--candidates N] [--opportunities N] [--seed S]``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.ranking.world import WorldConfig, build_world


def flask(args: list[str], env: dict) -> str:
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], env=env,
                          check=True, capture_output=True, text=True)
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=2_000)
    parser.add_argument("--opportunities", type=int, default=600)
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()
    config = WorldConfig(seed=options.seed, candidates=options.candidates,
                         opportunities=options.opportunities)
    with tempfile.TemporaryDirectory() as folder:
        records = Path(folder) / "history.jsonl"
        build_world(config).write(records)
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite"}
        flask(["db", "upgrade"], env)
        flask(["taxonomy", "load"], env)
        flask(["records", "import", str(records)], env)
        report = flask(["match", "train", "--dry-run"], env)
    learned = re.search(r"new model: NDCG@10 ([0-9.]+)", report)
    current = re.search(r"current:   NDCG@10 ([0-9.]+)", report)
    if not (learned and current):
        print(report)
        raise SystemExit("match train gave no figures")
    print(f"world:        seed {options.seed}, {options.candidates} candidates, "
          f"{options.opportunities} past opportunities")
    print(f"cold start:   NDCG@10 {float(current.group(1)):.3f} (held-out opportunities)")
    print(f"learned:      NDCG@10 {float(learned.group(1)):.3f}")


if __name__ == "__main__":
    main()
