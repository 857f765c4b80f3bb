"""Candidate pool per worker: built in memory (today's way) against a mapped snapshot.

For each size (default 100,000 and 1,000,000 synthetic candidates from
:func:`~marketplace.matching.benchdata.synthetic_candidate_records`, with coach ids,
shared flags and refs beside them) it prints side by side:

* the time to build the pool in the process (:meth:`CandidatePool.from_records`,
  what every worker does today after reading the rows from the database, which is
  not timed here) and to write its snapshot;
* a fresh process (a new Python, as a new gunicorn worker): imports, vocabularies,
  mapping the snapshot, and its first ranking, each timed, and the wall time from
  starting the process to the answer;
* memory of 1 and 3 worker processes holding the pool and having ranked once (every
  page touched), in memory (each unpickles the built pool: the same Python objects a
  worker builds today) and mapped: RSS, PSS and USS per worker from
  ``/proc/<pid>/smaps_rollup``, and what each worker after the first adds (the growth
  of the summed PSS, which counts shared pages once); and one worker without a pool
  (imports and vocabularies only), the part every worker costs anyway.

The snapshot lies in a temporary directory, hot in the page cache (just written), as
on a host where the job or another worker wrote it.

Run: ``.venv/bin/python -m bench.pool_snapshot`` (``--sizes 100000`` for one size).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from types import SimpleNamespace

import numpy as np

WORKER_FLAG = "--worker"
PREPARE_FLAG = "--prepare"


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def opportunity_specs(spaces, count: int = 5) -> list:
    from marketplace.matching.benchdata import BenchConfig, generate
    from marketplace.matching.features import OpportunitySpec

    data = generate(BenchConfig(seed=11, opportunities=count, candidates=0))
    return [OpportunitySpec.from_record(record, spaces)
            for record in data.opportunity_records(true_occupations=True)]


# --- a worker process ----------------------------------------------------------------


def worker(mode: str, source: str, key: str) -> None:
    """Hold the pool (``inprocess``: unpickled; ``mapped``: the snapshot), rank, report
    timings on one line, then wait until stdin closes (so memory can be read)."""
    started = time.perf_counter()
    from marketplace.matching.esco_data import esco_spaces
    from marketplace.matching.scoring import rank_candidates
    from marketplace.matching.snapshot import open_snapshot

    imported = time.perf_counter()
    spaces = esco_spaces()
    spaced = time.perf_counter()
    if mode == "none":  # a worker without the pool: what every worker costs anyway
        print(json.dumps({}), flush=True)
        sys.stdin.read()
        return
    if mode == "mapped":
        rows = open_snapshot(source, key, spaces)
        if rows is None:
            raise SystemExit(f"no snapshot {key} in {source}")
    else:
        with open(source, "rb") as file:
            rows = SimpleNamespace(**pickle.load(file))
    loaded = time.perf_counter()
    specs = opportunity_specs(spaces)
    specified = time.perf_counter()
    first = rank_candidates(rows.pool, specs[0], 20)
    ranked = time.perf_counter()
    warm = []
    for run in range(12):  # touch every page, as a worker that has served a while
        warm.append(timed(rank_candidates, rows.pool, specs[run % len(specs)], 20, True)[0])
    print(json.dumps({
        "warm_median": statistics.median(warm[len(specs):]),
        "imports": imported - started, "spaces": spaced - imported, "load": loaded - spaced,
        "first_ranking": ranked - specified, "top": list(first.ids[:3]),
        "ready": ranked - started - (specified - loaded),
    }), flush=True)
    sys.stdin.read()


def start_workers(mode: str, source: str, key: str, count: int) -> tuple[list, list[dict]]:
    command = [sys.executable, "-m", "bench.pool_snapshot", WORKER_FLAG, mode, source, key]
    processes = [subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  text=True, cwd=os.getcwd()) for _ in range(count)]
    reports = [json.loads(process.stdout.readline()) for process in processes]
    return processes, reports


def stop(processes) -> None:
    for process in processes:
        process.stdin.close()
    for process in processes:
        process.wait(timeout=120)


def memory_of(pid: int) -> dict[str, float]:
    """RSS, PSS and USS (private clean + dirty) in MB, from smaps_rollup."""
    fields = {}
    with open(f"/proc/{pid}/smaps_rollup") as file:
        for line in file:
            parts = line.split()
            if len(parts) >= 2 and parts[0].endswith(":") and parts[1].isdigit():
                fields[parts[0][:-1]] = int(parts[1]) / 1024
    return {"rss": fields["Rss"], "pss": fields["Pss"],
            "uss": fields["Private_Clean"] + fields["Private_Dirty"]}


# --- the benchmark -----------------------------------------------------------------------


def fresh_process(directory: str, key: str) -> tuple[float, dict]:
    """Wall time from starting a new Python to its first ranking, and its report."""
    started = time.perf_counter()
    processes, reports = start_workers("mapped", directory, key, 1)
    wall = time.perf_counter() - started
    stop(processes)
    return wall, reports[0]


def measure_memory(mode: str, source: str, key: str, counts=(1, 3)) -> dict[int, list[dict]]:
    result = {}
    for count in counts:
        processes, reports = start_workers(mode, source, key, count)
        result[count] = [{**memory_of(process.pid), "warm": report.get("warm_median")}
                         for process, report in zip(processes, reports, strict=True)]
        stop(processes)
    return result


def prepare(n: int, seed: int, workdir: str) -> None:
    """In a process of its own (its memory goes back when it ends): build the pool from
    records, write the snapshot, pickle the rows for the in-memory workers."""
    from marketplace.matching.benchdata import synthetic_candidate_records
    from marketplace.matching.esco_data import esco_spaces
    from marketplace.matching.features import CandidatePool
    from marketplace.matching.snapshot import candidate_rows_of, snapshot_key, write_snapshot

    spaces = esco_spaces()
    records = synthetic_candidate_records(n, seed=seed)
    build, pool = timed(CandidatePool.from_records, records, spaces)
    del records
    gc.collect()
    rng = np.random.default_rng(seed)
    rows = candidate_rows_of(pool, 1, rng.integers(1, 400, size=n), rng.random(n) < 0.3,
                             [f"candidate-{int(v):016x}" for v in rng.integers(0, 2**62, n)])
    directory = os.path.join(workdir, f"pool-{n}")
    os.makedirs(directory)
    key = snapshot_key(1, ("bench", n))
    write, _path = timed(write_snapshot, directory, key, rows)
    size_mb = sum(entry.stat().st_size for entry in os.scandir(os.path.join(directory, key))
                  ) / 2**20
    # What a worker held before snapshots: the pool with its tuple of ids and dict of
    # rows, the refs as a tuple and a dict from candidate id to row.
    today = {"pool": pool, "coach_ids": rows.coach_ids, "shared": rows.shared,
             "refs": tuple(rows.refs), "row_of": {i: row for row, i in enumerate(pool.ids)}}
    with open(os.path.join(workdir, f"rows-{n}.pickle"), "wb") as file:
        pickle.dump(today, file, protocol=pickle.HIGHEST_PROTOCOL)
    print(json.dumps({"build": build, "write": write, "size_mb": size_mb, "key": key,
                      "directory": directory, "pickled": file.name}), flush=True)


def run_size(n: int, seed: int, workdir: str) -> dict:
    prepared = subprocess.run(
        [sys.executable, "-m", "bench.pool_snapshot", PREPARE_FLAG, str(n), str(seed), workdir],
        check=True, stdout=subprocess.PIPE, text=True,
    )
    result = json.loads(prepared.stdout.strip().splitlines()[-1])
    directory, key, pickled = result["directory"], result["key"], result["pickled"]
    result["fresh_wall"], result["fresh"] = fresh_process(directory, key)
    result["memory"] = {"none": measure_memory("none", "", key, counts=(1,)),
                        "inprocess": measure_memory("inprocess", pickled, key),
                        "mapped": measure_memory("mapped", directory, key)}
    os.remove(pickled)
    shutil.rmtree(directory)
    result["n"] = n
    return result


def report(result: dict) -> None:
    n, fresh = result["n"], result["fresh"]
    print(f"\n== {n:,} candidates ==")
    print(f"build the pool in the process (from records): {result['build']:6.2f} s")
    print(f"write the snapshot ({result['size_mb']:.0f} MB):            {result['write']:6.2f} s")
    print(f"fresh process, imports to first ranking:      {fresh['ready']:6.2f} s "
          f"(imports {fresh['imports']:.2f}, vocabularies {fresh['spaces']:.2f}, "
          f"map {fresh['load'] * 1000:.0f} ms, first ranking "
          f"{fresh['first_ranking'] * 1000:.0f} ms; {result['fresh_wall']:.2f} s wall with "
          "the interpreter's start and the bench's test opportunities)")
    print("memory per worker, MB     RSS     PSS     USS | sum PSS | extra per worker")
    for mode, label in (("none", "no pool"), ("inprocess", "in memory"), ("mapped", "mapped")):
        by_count = result["memory"][mode]
        total_one = sum(m["pss"] for m in by_count[1])
        for count, workers in sorted(by_count.items()):
            mean = {k: sum(m[k] for m in workers) / len(workers) for k in ("rss", "pss", "uss")}
            total = sum(m["pss"] for m in workers)
            extra = (total - total_one) / (count - 1) if count > 1 else float("nan")
            extra_text = "       " if count == 1 else f"{extra:7.0f}"
            warm = [m["warm"] for m in workers if m["warm"] is not None]
            warm_text = f" | warm ranking {statistics.median(warm) * 1000:.0f} ms" if warm else ""
            print(f"{label:>9}, {count} worker(s): {mean['rss']:7.0f} {mean['pss']:7.0f} "
                  f"{mean['uss']:7.0f} | {total:7.0f} | {extra_text}{warm_text}")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == WORKER_FLAG:
        worker(*argv[1:4])
        return 0
    if argv and argv[0] == PREPARE_FLAG:
        prepare(int(argv[1]), int(argv[2]), argv[3])
        return 0
    parser = argparse.ArgumentParser(description="Candidate pool: built per worker or mapped.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    print(f"Python {platform.python_version()}, numpy {np.__version__}, "
          f"{os.cpu_count()} CPUs ({platform.machine()}); {time.strftime('%Y-%m-%d')}")
    workdir = tempfile.mkdtemp(prefix="werkbrug-pool-bench-")
    try:
        for n in args.sizes:
            report(run_size(n, args.seed, workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
