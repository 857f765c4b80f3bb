"""How fast the partner API lists and creates opportunities with 10,000 opportunities.

Builds a fresh database (SQLite in a temporary folder; then PostgreSQL too when a server
answers at ``WERKBRUG_TEST_PG_ADMIN_URL``, default the local one), loads the taxonomy,
bulk-inserts ``--count`` opportunities over 40 employers (``bench.opportunities_browse``),
makes API tokens for a partner, the partnership and an employer, then calls the API
through the Flask test client (the whole request: token check, rate limit, validation,
query, JSON answer and its check against the contract, the audit event of the call):

- ``GET /api/v1/opportunities?limit=100``: the first page, ``--repeat`` times, as the
  partner (the published ones) and as the partnership (all of them); then every page of
  100 of the partnership's list, following ``next_cursor`` to the end.
- ``POST /api/v1/opportunities``: one new opportunity, published at once, ``--repeat``
  times as the employer (only when the app has the create operation).

Each figure has its same-run baseline: the same page through the domain's scoped query
and the cursor alone (``visible_opportunities`` + ``paginate_cursor``, no HTTP, no
JSON), and the same creation through the domain's operation alone
(``opportunities.operations.create_opportunity`` and a commit). The ratio says what the
API adds; the last table puts each median beside the 100 ms target of issue 19.

    .venv/bin/python -m bench.api
    .venv/bin/python -m bench.api --sqlite-only --count 2000
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import timedelta

import flask_migrate
from sqlalchemy import func, select, text
from sqlalchemy.orm import selectinload

from bench.opportunities_browse import _fill
from marketplace.accounts.models import Organisation
from marketplace.api.paging import paginate_cursor
from marketplace.api.spec import openapi_document
from marketplace.apitokens.operations import create_token
from marketplace.apitokens.scopes import scopes_for_role
from marketplace.app import create_app
from marketplace.db_types import local_today, utcnow
from marketplace.extensions import db
from marketplace.opportunities import operations
from marketplace.opportunities.models import Opportunity, OpportunitySkill
from marketplace.opportunities.queries import visible_opportunities
from marketplace.taxonomy.loader import load_taxonomy
from tests import databases
from tests.factories import FORKLIFT, opportunity_data

TARGET_MS = 100
LIST = "/api/v1/opportunities"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="werkbrug-bench-")
    medians = {"sqlite": run(f"sqlite:///{folder}/bench.sqlite", args)}
    reason = "--sqlite-only" if args.sqlite_only else databases.postgres_reachable()
    if reason:
        print(f"PostgreSQL skipped: {reason}")
    else:
        url, name = databases.create_postgres_database()
        try:
            medians["postgresql"] = run(url, args)
        finally:
            databases.drop_postgres_database(name)
    print(f"\nMedian against the target of {TARGET_MS} ms (ratio under 1.00 meets it):")
    print(f"  {'call':<44}" + "".join(f"{dialect:>22}" for dialect in medians))
    for call in medians["sqlite"]:
        cells = "".join(
            f"{medians[d][call]:9.1f} ms ({medians[d][call] / TARGET_MS:4.2f})"
            for d in medians if call in medians[d])
        print(f"  {call:<44}{cells}")


def _ms(times: list[float]) -> tuple[float, float]:
    return statistics.median(times) * 1000, max(times) * 1000


def _line(name: str, times: list[float], baseline: list[float] | None = None) -> float:
    median, slowest = _ms(times)
    ratio = ""
    if baseline:
        ratio = f"  baseline {_ms(baseline)[0]:6.1f} ms  ratio {median / _ms(baseline)[0]:4.1f}"
    print(f"  {name:<44} median {median:6.1f} ms  slowest {slowest:6.1f} ms{ratio}")
    return median


def _timed(call, repeat: int) -> list[float]:
    call()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return times


def _token(organisation: Organisation) -> str:
    _token_row, secret = create_token(
        organisation, name="Bench", scopes=scopes_for_role(organisation.allowed_roles[0]),
        expires_at=utcnow() + timedelta(days=30))
    return secret


def _domain_page(principal_org: Organisation, role: str):
    """The baseline: the page through the scoped query and the cursor, nothing else."""

    class Principal:  # what the scoped query reads of a caller
        id = None
        organisation = principal_org
        organisation_id = principal_org.id

    Principal.role = role

    def call():
        select_ = visible_opportunities(Principal()).options(
            selectinload(Opportunity.languages),
            selectinload(Opportunity.skills).joinedload(OpportunitySkill.skill))
        page = paginate_cursor(select_, (Opportunity.id,), 100, None)
        assert len(page.items) == 100
        db.session.rollback()

    return call


def _create_body() -> dict:
    return {"kind": "job", "title": "Heftruckchauffeur", "occupation": FORKLIFT,
            "description": "Laden en lossen in het magazijn.", "postcode": "2030",
            "hours_per_week": 38, "schedule": ["day"], "places": 1, "dutch_level": "A2",
            "contract_type": "interim",
            "closes_on": (local_today() + timedelta(days=30)).isoformat(), "publish": True}


def run(url: str, args) -> dict[str, float]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True,
                      "API_RATE_LIMIT": "1000000/minute"})
    medians: dict[str, float] = {}
    with app.app_context(), app.test_request_context("/api/v1/opportunities"):
        flask_migrate.upgrade()
        load_taxonomy()
        coach = _fill(args.count)
        partner = coach.organisation
        employer = db.session.scalar(select(Organisation).where(
            Organisation.kind == "employer").order_by(Organisation.id).limit(1))
        partnership = Organisation(name="Bench partnership", kind="admin", postcode="2000")
        db.session.add(partnership)
        db.session.flush()
        secrets = {"partner": _token(partner), "partnership": _token(partnership),
                   "employer": _token(employer)}
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as connection:  # as autovacuum would after a load
                connection.execute(text("ANALYZE"))
                connection.commit()
        client = app.test_client()
        total = db.session.scalar(select(func.count()).select_from(Opportunity))
        print(f"\n{total} opportunities on {db.engine.dialect.name}; "
              f"{args.repeat} calls each after a warm-up")

        def get(who: str, path: str):
            response = client.get(path, headers={"Authorization": f"Bearer {secrets[who]}"})
            assert response.status_code == 200, response.get_data(as_text=True)[:300]
            return response

        for who, role in (("partner", "coach"), ("partnership", "admin")):
            organisation = partner if who == "partner" else partnership
            api_times = _timed(lambda who=who: get(who, f"{LIST}?limit=100"), args.repeat)
            base = _timed(_domain_page(organisation, role), args.repeat)
            name = f"list 100, first page ({who})"
            medians[name] = _line(name, api_times, base)

        pages, path = [], f"{LIST}?limit=100"
        while path:
            started = time.perf_counter()
            body = get("partnership", path).get_json()
            pages.append(time.perf_counter() - started)
            path = f"{LIST}?limit=100&cursor={body['next_cursor']}" if body["next_cursor"] \
                else None
        name = f"list 100, each of {len(pages)} pages (partnership)"
        medians[name] = _line(name, pages)

        if "createOpportunity" in str(openapi_document()):
            headers = {"Authorization": f"Bearer {secrets['employer']}"}

            def create():
                response = client.post(LIST, json=_create_body(), headers=headers)
                assert response.status_code == 201, response.get_data(as_text=True)[:300]

            def create_in_domain():
                operations.create_opportunity(employer, opportunity_data(), publish=True)
                db.session.commit()

            api_times = _timed(create, args.repeat)
            base = _timed(create_in_domain, args.repeat)
            medians["create one, published (employer)"] = _line(
                "create one, published (employer)", api_times, base)
        else:
            print("  create: this branch has no POST /api/v1/opportunities yet")
        db.session.remove()
        db.engine.dispose()
    return medians


if __name__ == "__main__":
    main()
