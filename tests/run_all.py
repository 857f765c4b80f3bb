"""The project's one test command: linters (ruff, bandit at high severity), then the
suite on SQLite and PostgreSQL.

Run through ``scripts/dev test``. Extra arguments go to pytest. Outside CI the
PostgreSQL pass is skipped, with the reason, when no server answers; in CI
(``CI=true``) a missing server fails the run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.databases import in_ci, postgres_reachable

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


def run(command: list[str], env: dict | None = None) -> int:
    print("$", " ".join(command), flush=True)
    return subprocess.call(command, cwd=ROOT, env={**os.environ, **(env or {})})  # noqa: S603


def pytest_pass(backend: str, extra: list[str]) -> tuple[int, dict[str, int]]:
    report = ARTIFACTS / f"junit-{backend}.xml"
    parallel = [] if any(arg.startswith("-n") for arg in extra) else ["-n", "2"]
    code = run(
        [sys.executable, "-m", "pytest", f"--junitxml={report}", *parallel, *extra],
        env={"WERKBRUG_TEST_DATABASE": backend},
    )
    return code, _counts(report)


def _counts(report: Path) -> dict[str, int]:
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    if not report.exists():
        return totals
    for suite in ET.parse(report).getroot().iter("testsuite"):  # noqa: S314 - our own file
        for key in totals:
            totals[key] += int(suite.get(key, 0))
    return totals


def main(extra: list[str]) -> int:
    ARTIFACTS.mkdir(exist_ok=True)
    failed_steps = []
    if run([sys.executable, "-m", "ruff", "check", "marketplace", "tests", "bench"]) != 0:
        failed_steps.append("ruff")
    # -lll: high severity only; -q prints nothing but findings.
    if run([sys.executable, "-m", "bandit", "-q", "-r", "marketplace", "-lll"]) != 0:
        failed_steps.append("bandit")

    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    backends = ["sqlite"]
    reason = postgres_reachable()
    if reason is None:
        backends.append("postgresql")
    elif in_ci():
        print(f"FAILED: CI needs PostgreSQL. {reason}", flush=True)
        failed_steps.append("postgresql unreachable")
    else:
        print(f"SKIPPED the PostgreSQL pass: {reason}", flush=True)

    for backend in backends:
        print(f"\n=== test suite on {backend} ===", flush=True)
        code, counts = pytest_pass(backend, extra)
        for key in totals:
            totals[key] += counts[key]
        if code != 0:  # includes 5: no tests collected
            failed_steps.append(f"pytest on {backend} (exit {code})")

    failed = totals["failures"] + totals["errors"]
    passed = totals["tests"] - failed - totals["skipped"]
    print()
    if failed_steps:
        print("Failed steps: " + ", ".join(failed_steps))
    print(f"total: {passed} passed, {failed} failed, {totals['skipped']} skipped")
    return 1 if failed_steps else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
