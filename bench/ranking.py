"""Ranking speed: one opportunity against 100,000 candidates, vectorised and in a loop.

Builds 100,000 synthetic candidates over the real ESCO occupations
(:func:`~marketplace.matching.benchdata.synthetic_candidate_records`) and 20 generated
opportunities, then prints:

* how long :meth:`CandidatePool.from_records` takes;
* :func:`~marketplace.matching.scoring.rank_candidates` warm (median and 90th
  percentile over many runs, cycling through the opportunities), top 10, with and
  without near misses;
* the same ranking by the plain-Python reference loop
  (:mod:`marketplace.matching.reference`, one candidate at a time) over the same pool,
  fewer runs, and the ratio of the medians; both must give the same top 10;
* :func:`~marketplace.matching.scoring.rank_opportunities` for one candidate against
  10,000 opportunities.

Run: ``.venv/bin/python -m bench.ranking`` (``--help`` for the sizes).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import numpy as np

from marketplace.matching.benchdata import BenchConfig, generate, synthetic_candidate_records
from marketplace.matching.esco_data import esco_spaces
from marketplace.matching.opportunity_table import OpportunitySpec, OpportunityTable
from marketplace.matching.pool import CandidatePool
from marketplace.matching.reference import (
    ReferenceScorer,
    reference_candidates,
    reference_rank_candidates,
)
from marketplace.matching.scoring import rank_candidates, rank_opportunities


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def milliseconds(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    return f"median {statistics.median(ordered) * 1000:.2f} ms, p90 {p90 * 1000:.2f} ms"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Ranking speed of the matching engine.")
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--opportunities", type=int, default=20)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--loop-runs", type=int, default=3)
    parser.add_argument("--table", type=int, default=10_000,
                        help="opportunities for the other direction")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)

    print(f"Python {platform.python_version()}, numpy {np.__version__}, "
          f"{os.cpu_count()} CPUs ({platform.machine()})")
    spaces = esco_spaces()
    records = synthetic_candidate_records(args.candidates, seed=args.seed)
    build, pool = timed(CandidatePool.from_records, records, spaces)
    print(f"candidate pool: {len(pool):,} candidates, "
          f"{pool.experience_years.nnz + pool.wished.nnz:,} occupation entries, "
          f"{pool.skills.nnz:,} skills; built in {build:.2f} s")

    data = generate(BenchConfig(seed=args.seed, opportunities=args.opportunities, candidates=0))
    specs = [OpportunitySpec.from_record(record, spaces)
             for record in data.opportunity_records(true_occupations=True)]
    for spec in specs:  # warm up
        rank_candidates(pool, spec)
    plain = [timed(rank_candidates, pool, specs[run % len(specs)], 10)[0]
             for run in range(args.runs)]
    near = [timed(rank_candidates, pool, specs[run % len(specs)], 10, True)[0]
            for run in range(args.runs)]
    print(f"rank_candidates, top 10, warm, {args.runs} runs: {milliseconds(plain)}")
    print(f"  with near misses: {milliseconds(near)}")

    rows = reference_candidates(pool)  # plain Python rows, made once (not timed)
    reference = ReferenceScorer(spaces)
    loop_times, agree = [], True
    for spec in specs[: args.loop_runs]:
        seconds, expected = timed(reference_rank_candidates, rows, spec, reference, 10)
        loop_times.append(seconds)
        agree &= rank_candidates(pool, spec, 10).indices.tolist() == [r for r, _ in expected]
    loop = statistics.median(loop_times)
    vectorised = statistics.median(plain)
    print(f"reference loop, one candidate at a time, {len(loop_times)} runs: "
          f"median {loop:.2f} s")
    print(f"ratio loop / vectorised: {loop / vectorised:,.0f}x; same top 10: "
          f"{'yes' if agree else 'NO'}")

    table_data = generate(BenchConfig(seed=args.seed + 1, opportunities=args.table,
                                      candidates=0))
    table = OpportunityTable.from_records(table_data.opportunity_records(true_occupations=True),
                                          spaces)
    for i in range(5):  # warm up
        rank_opportunities(pool, i, table)
    other = [timed(rank_opportunities, pool, i, table, 10)[0] for i in range(100)]
    print(f"rank_opportunities, one candidate against {len(table):,} opportunities: "
          f"{milliseconds(other)}")
    return 0 if agree else 1


if __name__ == "__main__":
    raise SystemExit(main())
