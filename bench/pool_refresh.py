"""Fresh after every edit: the first suggestion page after a profile save, with the
candidate rows refreshed (only the changed candidate reloaded) against a full rebuild,
in the same run, on the load database (PostgreSQL, 10,000 opportunities and 100,000
candidates, built by ``bench.load`` or reused).

One process, the Flask test client, logged in through the login form as a demo coach,
with its own pool directory (``CANDIDATE_POOL_DIR`` in a temporary folder, as a
gunicorn worker has ``instance/pool``). Each round a coach saves a profile through the
real edit form (its CSRF token and version field; the hours per week change, which the
ranking reads), then opens the suggestions for a published opportunity twice: the
first page after the save (the one that pays for the new data) and the next one (a
page with everything cached). Rounds alternate between

* ``refresh``: today's rule, the rows of the changed candidates reloaded and merged
  into the rows the process holds (``matching/refresh.py``);
* ``full``: the refresh turned off (``REFRESH_AT_LEAST = 0``, ``REFRESH_SHARE = 0``),
  so the first page rebuilds the pool from the database and writes its snapshot, as
  every worker did before.

It also prints ``candidate_rows()`` alone after a profile save, and
``opportunity_rows()`` (the table the suggestions for a candidate rank) after a saved
opportunity, each both ways.

    .venv/bin/python -m bench.pool_refresh               # 6 rounds of each
    .venv/bin/python -m bench.pool_refresh --rounds 10
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time

from bench.load_browser import form_fields, location_path, replaced
from bench.load_database import BIG_CASELOAD_COACH
from bench.load_scenario import fill_in, ready_load_database
from bench.page_costs import ClientBrowser


def timed(function, *args) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def other_hours(current, rng: random.Random) -> int:
    """Hours per week other than ``current``: a save of the same value changes nothing
    (and a rerun of the bench with its fixed seed would pick the same values again)."""
    now = float(current) if current not in (None, "") else None  # "30", 30.0 or none
    return rng.choice([hours for hours in range(12, 40) if hours != now])


def save_profile(browser, candidate_id: int, rng: random.Random) -> None:
    """Open the profile form, change the hours per week, post it back (302)."""
    path = f"/candidates/{candidate_id}/edit"
    status, page, _location = browser.request("GET", path)
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    fields = form_fields(page)
    hours = other_hours(dict(fields).get("hours_per_week"), rng)
    status, _page, location = browser.request(
        "POST", path, replaced(fields, hours_per_week=str(hours)))
    if status != 302:
        raise RuntimeError(f"saving {path} answered {status}")
    browser.request("GET", location_path(location))


def page(browser, path: str) -> float:
    seconds, (status, _page, _location) = timed(browser.request, "GET", path)
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    return seconds


def set_refresh(operations, on: bool, defaults: tuple[int, float]) -> None:
    operations.REFRESH_AT_LEAST, operations.REFRESH_SHARE = defaults if on else (0, 0.0)


def summary(values: list[float]) -> str:
    return (f"median {statistics.median(values) * 1000:7.0f} ms, "
            f"max {max(values) * 1000:7.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6, help="edits of each kind")
    parser.add_argument("--opportunities", type=int, default=10_000)
    parser.add_argument("--candidates", type=int, default=100_000)
    args = parser.parse_args()
    args.rebuild = False

    url, people, _pages, _missing, password = ready_load_database(args)
    os.environ.setdefault("WERKBRUG_ENV", "development")  # as bench.load runs gunicorn

    from marketplace.app import create_app
    from marketplace.extensions import db
    from marketplace.matching import operations
    from marketplace.opportunities.models import Opportunity

    pool_dir = tempfile.mkdtemp(prefix="werkbrug-pool-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "CANDIDATE_POOL_DIR": pool_dir})
    coach = next(p for p in people if p.role == "coach" and p.email != BIG_CASELOAD_COACH)
    browser = ClientBrowser(app)
    browser.log_in(coach.email, password)
    rng = random.Random(15)
    suggestions = fill_in("/suggestions/opportunities/{opportunity}", coach, rng)
    defaults = (operations.REFRESH_AT_LEAST, operations.REFRESH_SHARE)

    cold = page(browser, suggestions)  # builds and writes the pool, the table, the scorer
    warm = [page(browser, suggestions) for _n in range(3)]
    print(f"\nSuggestions for an opportunity, {args.candidates:,} candidates, "
          f"{args.opportunities:,} opportunities, {url.rsplit('/', 1)[-1]}: first page of "
          f"the process {cold * 1000:.0f} ms, then {summary(warm)}")

    first = {"refresh": [], "full": []}
    after = {"refresh": [], "full": []}
    for round_number in range(args.rounds * 2):
        mode = ("refresh", "full")[round_number % 2]
        set_refresh(operations, mode == "refresh", defaults)
        save_profile(browser, rng.choice(coach.values["own_candidate"]), rng)
        first[mode].append(page(browser, suggestions))
        after[mode].append(page(browser, suggestions))
    set_refresh(operations, True, defaults)
    print(f"  {args.rounds} profile saves each, through the edit form; the page after "
          f"each save, then the next one:")
    for mode in ("refresh", "full"):
        print(f"  {mode:<8} first after a save: {summary(first[mode])}; "
              f"next: {summary(after[mode])}")
    ratio = statistics.median(first["full"]) / statistics.median(first["refresh"])
    print(f"  first page after a save: full rebuild / refresh = {ratio:.1f}x")

    with app.app_context():
        times = {"refresh": [], "full": []}
        for round_number in range(args.rounds * 2):
            mode = ("refresh", "full")[round_number % 2]
            set_refresh(operations, mode == "refresh", defaults)
            operations.candidate_rows()  # hold the current version
            save_profile(browser, rng.choice(coach.values["own_candidate"]), rng)
            db.session.rollback()  # a new transaction sees the save
            times[mode].append(timed(operations.candidate_rows)[0])
        set_refresh(operations, True, defaults)
        print("  candidate_rows() after a save, alone:")
        for mode in ("refresh", "full"):
            print(f"  {mode:<8} {summary(times[mode])}")
        table = {"refresh": [], "full": []}
        for round_number in range(args.rounds * 2):
            mode = ("refresh", "full")[round_number % 2]
            set_refresh(operations, mode == "refresh", defaults)
            operations.opportunity_rows()  # hold the current version
            opportunity = db.session.get(Opportunity, rng.choice(coach.values["opportunity"]))
            opportunity.hours_per_week = other_hours(opportunity.hours_per_week, rng)
            db.session.commit()  # as a saved opportunity (or a proposal) does
            table[mode].append(timed(operations.opportunity_rows)[0])
        set_refresh(operations, True, defaults)
        print(f"  opportunity_rows() after a saved opportunity ({args.opportunities:,} "
              f"opportunities), alone:")
        for mode in ("refresh", "full"):
            print(f"  {mode:<8} {summary(table[mode])}")


if __name__ == "__main__":
    main()
