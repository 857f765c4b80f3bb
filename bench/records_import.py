"""How long importing 100,000 candidates takes on SQLite.

Run: ``.venv/bin/python -m bench.records_import [--candidates N]``. Generates benchmark
records from the real ESCO occupations (``marketplace.matching.benchdata``), imports
them into a fresh temporary SQLite database through the real command, prints figures.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(args: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], env=env,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--opportunities", type=int, default=1_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        records = Path(folder) / "records.jsonl"
        subprocess.run([sys.executable, "-m", "marketplace.matching.benchdata", "--seed", "11",
                        "--candidates", str(options.candidates), "--opportunities",
                        str(options.opportunities), "--out", str(records)], check=True)
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite"}
        run(["db", "upgrade"], env)
        run(["taxonomy", "load"], env)
        first = run(["records", "import", str(records)], env)
        again = run(["records", "import", str(records)], env)
    print(f"candidates:               {options.candidates:>8}")
    print(f"opportunities:            {options.opportunities:>8}")
    print(f"first import (creates):   {first:>8.1f} s  (whole command, start-up included)")
    print(f"second import (updates):  {again:>8.1f} s")


if __name__ == "__main__":
    main()
