"""The load test's database: ``werkbrug_load`` on the local PostgreSQL, built as step 1
of ``bench/load.py`` says and reused while its marker matches, then tuned, vacuumed and
readied with the records the scenario uses up before every run."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

DATABASE = "werkbrug_load"
#: Bump when the generated data change, so an old load database is rebuilt.
DATA_FORMAT = 1
ROOT = Path(__file__).resolve().parent.parent
#: The demo coach who keeps 2,000 candidates (the generator gives them to this one).
BIG_CASELOAD_COACH = "coach@werkbrug.demo"
#: Open proposals kept ready for each demo employer before a run (answers use them up).
OPEN_PROPOSALS_PER_EMPLOYER = 400
#: Where a PostgreSQL server of this machine keeps its Unix socket (Debian's place).
SOCKET_DIRECTORY = Path("/var/run/postgresql")


def admin_url() -> str:
    """The local PostgreSQL server's maintenance database, as the tests reach it."""
    from tests import databases

    return databases.PG_ADMIN_URL


def database_url(args) -> str:
    """The load database's URL for the site. When the server runs on this machine and
    has its Unix socket here, the site connects through the socket, as a site on the
    database's own host should (``docs/deployment.md``): about a tenth less CPU per
    request than through 127.0.0.1 (README, "Load test"). ``--tcp`` keeps TCP."""
    parts = urlsplit(admin_url())._replace(path="/" + DATABASE)
    socket = SOCKET_DIRECTORY / f".s.PGSQL.{parts.port or 5432}"
    if (parts.hostname in ("127.0.0.1", "localhost") and socket.exists()
            and not getattr(args, "tcp", False)):
        user = f"{parts.username}@" if parts.username else ""
        parts = parts._replace(netloc=user, query=urlencode(
            {"host": str(SOCKET_DIRECTORY), "port": parts.port or 5432}))
    return urlunsplit(parts).replace("postgresql://", "postgresql+psycopg://", 1)


def connection_kind(url: str) -> str:
    """How the site reaches PostgreSQL, in words for the report."""
    host = parse_qs(urlsplit(url).query).get("host", [""])[0]
    return "Unix socket" if host.startswith("/") else "TCP"


def _marker(args) -> str:
    heads = sorted(p.name for p in (ROOT / "migrations" / "versions").glob("*.py"))
    return (
        f"werkbrug load data {DATA_FORMAT}: {args.opportunities} opportunities, "
        f"{args.candidates} candidates, schema {heads[-1] if heads else 'none'}"
    )


def prepare_database(args) -> str:
    """The load database's URL; built afresh unless its marker matches.

    Checking and building hold a PostgreSQL advisory lock: a second bench started
    meanwhile waits for the build and then reuses it, instead of finding no marker yet
    and dropping a database half built under the first one."""
    import psycopg

    marker = _marker(args)
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (DATABASE,))
        found = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (DATABASE,),
        ).fetchone()
        if found and found[0] == marker and not args.rebuild:
            print(f"Reusing database {DATABASE} ({marker}).")
            return database_url(args)
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
        started = time.perf_counter()
        _build(database_url(args), args)
        conn.execute(f"COMMENT ON DATABASE \"{DATABASE}\" IS '{marker}'")
    # Closing the connection ended the lock.
    print(f"Built database {DATABASE} in {time.perf_counter() - started:.0f} s ({marker}).")
    return database_url(args)


def _build(url: str, args) -> None:
    import flask_migrate
    from sqlalchemy import func, select, text

    from bench.insights import _fill_candidates, _fill_opportunities, reference_choices
    from marketplace.accounts.models import Organisation, User
    from marketplace.app import create_app
    from marketplace.candidates.models import Candidate
    from marketplace.extensions import db
    from marketplace.opportunities.models import Opportunity
    from marketplace.taxonomy.loader import load_taxonomy

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        flask_migrate.upgrade()
        load_taxonomy()
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    if result.exit_code:
        raise SystemExit(f"demo load failed: {result.output}")
    with app.app_context():
        rng = random.Random(2026)
        demo_employers = db.session.scalars(
            select(Organisation).where(Organisation.kind == "employer")
        ).all()
        employers = [
            Organisation(name=f"Load employer {n}", kind="employer",
                         sector=rng.choice("CHHINQS"), postcode="2000")
            for n in range(200)
        ]
        partners = [
            Organisation(name=f"Load partner {n}", kind="partner", postcode="2000")
            for n in range(8)
        ]
        db.session.add_all([*employers, *partners])
        db.session.flush()
        demo_coaches = db.session.scalars(select(User).where(User.role == "coach")).all()
        coaches = [
            User(email=f"load.coach{n}@example.org", name=f"Load coach {n}", role="coach",
                 organisation=partners[n % len(partners)])
            for n in range(396)
        ]
        db.session.add_all(coaches)
        db.session.flush()
        occupation, skills, postcodes = reference_choices(rng)
        now = datetime.now(UTC)
        # Each demo employer gets about 180 opportunities, like a large employer.
        _fill_opportunities(
            rng, args.opportunities, demo_employers * 4 + employers, occupation, skills,
            postcodes, now,
            first_id=(db.session.scalar(select(func.max(Opportunity.id))) or 0) + 1,
        )
        _fill_candidates(
            rng, args.candidates,
            [(c.id, c.organisation_id) for c in [*demo_coaches, *coaches]],
            occupation, postcodes, now,
            first_id=(db.session.scalar(select(func.max(Candidate.id))) or 0) + 1,
        )
        for table in ("opportunity", "candidate"):  # rows were numbered by hand
            db.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
            ))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    vacuum_analyze()


def vacuum_analyze() -> None:
    """What autovacuum would do after the build, and after each run's writes and the
    scenario's (this machine's PostgreSQL runs without it): statistics for the planner
    (with the proposals' from when there were 11, it planned coach proposals for all of
    them as one coach's), and the visibility map, without which index-only scans visit
    the table's rows too. About a second on a vacuumed database."""
    import psycopg

    admin = urlsplit(admin_url())
    with psycopg.connect(urlunsplit(admin._replace(path="/" + DATABASE)),
                         autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def prepare_scenario(url: str) -> None:
    """Before every run: the demo coach ``BIG_CASELOAD_COACH`` keeps 2,000 candidates
    (moved from load coaches of other organisations, as a handover would), and each demo
    employer has ``OPEN_PROPOSALS_PER_EMPLOYER`` open proposals to answer (made through
    ``propose_candidate``, the coach's own operation; answers of earlier runs used some
    up)."""
    from sqlalchemy import func, select, update

    from marketplace.accounts.models import Organisation, User
    from marketplace.app import create_app
    from marketplace.candidates.models import Candidate
    from marketplace.extensions import db
    from marketplace.opportunities.models import Opportunity
    from marketplace.proposals.models import Proposal
    from marketplace.proposals.operations import ProposalError, propose_candidate
    from marketplace.proposals.vocab import OPEN_STATES

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context(), app.test_request_context():
        coach = db.session.scalar(select(User).where(User.email == BIG_CASELOAD_COACH))
        missing = 2000 - db.session.scalar(
            select(func.count()).where(Candidate.coach_id == coach.id)
        )
        if missing > 0:
            moved = select(Candidate.id).join(User, User.id == Candidate.coach_id).where(
                User.email.like("load.coach%"), Candidate.has_active_consent
            ).order_by(Candidate.id).limit(missing)
            db.session.execute(
                update(Candidate).where(Candidate.id.in_(moved))
                .values(coach_id=coach.id, organisation_id=coach.organisation_id),
                execution_options={"synchronize_session": False},
            )
            db.session.commit()
        rng = random.Random(14)
        today = datetime.now(UTC).date()
        consenting = db.session.scalars(
            select(Candidate.id).join(User, User.id == Candidate.coach_id)
            .where(User.email.like("load.coach%"), Candidate.has_active_consent,
                   Candidate.status == "active")
            .order_by(Candidate.id).limit(20_000)
        ).all()
        for employer in db.session.scalars(
            select(Organisation).join(User, User.organisation_id == Organisation.id)
            .where(User.role == "employer", User.email.like("%@werkbrug.demo"))
            .distinct()
        ):
            mine = select(Opportunity.id).where(
                Opportunity.organisation_id == employer.id,
                Opportunity.status == "published", Opportunity.closes_on >= today,
            )
            open_now = db.session.scalar(select(func.count()).where(
                Proposal.opportunity_id.in_(mine), Proposal.state.in_(OPEN_STATES)
            ))
            opportunities = db.session.scalars(mine.order_by(Opportunity.id).limit(40)).all()
            for _n in range(OPEN_PROPOSALS_PER_EMPLOYER - open_now):
                candidate = db.session.get(Candidate, rng.choice(consenting))
                opportunity = db.session.get(Opportunity, rng.choice(opportunities))
                try:
                    propose_candidate(candidate.coach, candidate, opportunity,
                                      motivation="Past goed bij jullie team.",
                                      candidate_agreed_on=today)
                except ProposalError:
                    continue
            db.session.commit()
        db.session.remove()
        db.engine.dispose()


def tune_database() -> None:
    """The planner setting docs/deployment.md asks for on SSD storage (PostgreSQL's
    default of 4 assumes spinning disks and makes it scan whole tables where an index
    answers: the caseload's consent column took 100 ms instead of 10)."""
    import psycopg

    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{DATABASE}" SET random_page_cost = 1.1')
