"""What one refresh of the candidate rows costs: the rows of the load database
(``werkbrug_load``, built by ``bench.load``; not rebuilt here) are built once, then
``_refreshed_candidate_rows`` is timed for 1 to 5 changed candidates, CPU ms and
statements per refresh.

The change log is not written to: ``changes_since`` is replaced by one that names the
chosen ids (a random sample of the pool), so the figures are the statements that read
the fresh rows and the merge (``matching/refresh.py``), without the change log's own
statement. Nothing is written to the database.

    .venv/bin/python -m bench.refresh_cost                 # 30 refreshes of each size
    .venv/bin/python -m bench.refresh_cost --repeat 100
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from sqlalchemy import event

from bench.load_database import database_url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="refreshes of each size")
    parser.add_argument("--opportunities", type=int, default=10_000)
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--tcp", action="store_true", help="reach PostgreSQL over TCP")
    args = parser.parse_args()
    args.rebuild = False

    from marketplace.app import create_app
    from marketplace.data_versions import current_version
    from marketplace.extensions import db
    from marketplace.matching import operations

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url(args)})
    with app.app_context():
        version = current_version("candidates")
        started = time.process_time()
        old = operations._build_candidate_rows(version)
        print(f"full build of {len(old.pool)} candidates: "
              f"{time.process_time() - started:.2f} s CPU")
        ids = [int(i) for i in old.row_of.sorted_ids]
        statements = [0]
        event.listen(db.engine, "before_cursor_execute",
                     lambda *_args: statements.__setitem__(0, statements[0] + 1))
        rng = random.Random(1)
        for size in range(1, 6):
            times, counts = [], []
            for _n in range(args.repeat):
                chosen = set(rng.sample(ids, size))
                operations.changes_since = lambda *_args, chosen=chosen: chosen
                statements[0] = 0
                started = time.process_time()
                operations._refreshed_candidate_rows(old, version)
                times.append(1000 * (time.process_time() - started))
                counts.append(statements[0])
            print(f"{size} changed: median {statistics.median(times):.2f} ms, "
                  f"min {min(times):.2f} ms, {max(counts)} statements")


if __name__ == "__main__":
    main()
