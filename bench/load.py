"""Load test: gunicorn with several workers on PostgreSQL, 10,000 opportunities and
100,000 candidates, 50 people browsing at once on 127.0.0.1.

1. Builds the PostgreSQL database ``werkbrug_load`` (or reuses it when its marker, a
   comment on the database, says it holds the same data at the same schema): the
   migrations, the taxonomy, the demo data (``demo load``: the demo accounts log in),
   then ``--opportunities`` opportunities of the demo employers and 200 more employers,
   and ``--candidates`` candidates in the caseloads of the demo coaches and 396 more
   coaches (about 250 each), generated as ``bench/insights.py`` does.
2. Starts gunicorn (``--workers`` sync workers, default 2: one per core, as the
   database and the client share the two cores, and as ``gunicorn_conf`` starts by
   default; 4 served fewer requests, see ``docs/deployment.md``) on a free port of
   127.0.0.1.
3. Logs every virtual person in through the login form (coaches, employers and
   analysts of the demo), opens every page of ``PAGES`` once to warm the caches, then
   lets ``--users`` people browse for ``--seconds``: each opens a page of its role
   (chosen by weight), reads it for a moment (``--think`` seconds on average; 0 for a
   stress test) and opens the next, over one keep-alive connection.
4. Prints throughput, the median, p95 and p99 per page kind and overall, and errors
   (any answer but 200, any failed connection).

    .venv/bin/python -m bench.load                      # 60 s, 50 users
    .venv/bin/python -m bench.load --seconds 20 --users 20
    .venv/bin/python -m bench.load --redis redis://127.0.0.1:6379/14  # shared cache

Pages whose route the app does not have (yet) are left out, and said so.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import http.client
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import numpy as np

DATABASE = "werkbrug_load"
#: Bump when the generated data change, so an old load database is rebuilt.
DATA_FORMAT = 1
ROOT = Path(__file__).resolve().parent.parent

#: What people open, by role: (page kind, role, path, weight). In a path, {opportunity}
#: is a published opportunity, {candidate} a candidate in the coach's own caseload with
#: consent, {own_opportunity} one of the employer's opportunities (with proposals
#: when it has any).
PAGES: tuple[tuple[str, str, str, int], ...] = (
    ("coach home", "coach", "/start", 1),
    ("caseload", "coach", "/candidates/", 3),
    ("caseload, search", "coach", "/candidates/?q=an&status=active", 1),
    ("browse opportunities", "coach", "/opportunities/browse", 3),
    ("browse, 2060 within 10 km", "coach", "/opportunities/browse?place=2060&radius=10", 2),
    ("opportunity", "coach", "/opportunities/{opportunity}", 2),
    ("suggestions for an opportunity", "coach", "/suggestions/opportunities/{opportunity}", 3),
    ("suggestions for a candidate", "coach", "/suggestions/candidates/{candidate}", 3),
    ("coach proposals", "coach", "/proposals/", 2),
    ("demand dashboard", "coach", "/insights/", 1),
    ("employer home", "employer", "/start", 1),
    ("employer opportunities", "employer", "/opportunities/", 3),
    ("employer inbox", "employer", "/proposals/opportunities/{own_opportunity}", 3),
    ("demand dashboard", "analyst", "/insights/", 2),
    ("supply dashboard", "analyst", "/insights/supply", 2),
    ("demand, ISCO group 9", "analyst", "/insights/?group=9", 1),
)
#: What people change, by role: (kind, role, flow, weight). A flow opens a form, posts
#: it back as a browser would (the CSRF token included) and follows the redirect; the
#: weights make about one request in ten of a coach a save of a profile and about one in
#: ten of an employer an answer. Each virtual person changes only records nobody else in
#: the run touches (see ``share_out``), so a 409 conflict is an error here too.
FORMS: tuple[tuple[str, str, str, int], ...] = (
    ("coach edits a profile", "coach", "edit_candidate", 3),
    ("employer answers a proposal", "employer", "answer_proposal", 1),
)
#: Out of every 10 virtual people: coaches, employers, analysts.
ROLE_MIX = (("coach", 5), ("employer", 4), ("analyst", 1))
#: The demo coach who keeps 2,000 candidates (the generator gives them to this one).
BIG_CASELOAD_COACH = "coach@werkbrug.demo"
#: Open proposals kept ready for each demo employer before a run (answers use them up).
OPEN_PROPOSALS_PER_EMPLOYER = 400


# --- the database -------------------------------------------------------------------------


def _admin_url() -> str:
    from tests import databases

    return databases.PG_ADMIN_URL


def _database_url() -> str:
    parts = urlsplit(_admin_url())
    return urlunsplit(parts._replace(path="/" + DATABASE)).replace(
        "postgresql://", "postgresql+psycopg://", 1
    )


def _marker(args) -> str:
    heads = sorted(p.name for p in (ROOT / "migrations" / "versions").glob("*.py"))
    return (
        f"werkbrug load data {DATA_FORMAT}: {args.opportunities} opportunities, "
        f"{args.candidates} candidates, schema {heads[-1] if heads else 'none'}"
    )


def prepare_database(args) -> str:
    """The load database's URL; built afresh unless its marker matches."""
    import psycopg

    marker = _marker(args)
    with psycopg.connect(_admin_url(), autocommit=True) as conn:
        found = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (DATABASE,),
        ).fetchone()
        if found and found[0] == marker and not args.rebuild:
            print(f"Reusing database {DATABASE} ({marker}).")
            return _database_url()
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    started = time.perf_counter()
    _build(_database_url(), args)
    with psycopg.connect(_admin_url(), autocommit=True) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{DATABASE}\" IS '{marker}'")
    print(f"Built database {DATABASE} in {time.perf_counter() - started:.0f} s ({marker}).")
    return _database_url()


def _build(url: str, args) -> None:
    import flask_migrate
    from sqlalchemy import func, select, text

    from bench.insights import _fill_candidates, _fill_opportunities
    from marketplace import create_app
    from marketplace.accounts.models import Organisation, User
    from marketplace.candidates.models import Candidate
    from marketplace.extensions import db
    from marketplace.opportunities.models import Opportunity
    from marketplace.taxonomy.loader import load_taxonomy
    from marketplace.taxonomy.models import Occupation, Postcode, Skill

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
        occupations = db.session.execute(select(Occupation.id, Occupation.isco_code)).all()
        common = [o for o, isco in occupations if isco[0] in "985"]
        every = [o for o, _isco in occupations]

        def occupation() -> int:
            return rng.choice(common) if rng.random() < 0.8 else rng.choice(every)

        skills = db.session.scalars(select(Skill.id)).all()[:400]
        postcodes = db.session.scalars(
            select(Postcode.code).where(Postcode.code.like("2%"))
        ).all()
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

    admin = urlsplit(_admin_url())
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

    from marketplace import create_app
    from marketplace.accounts.models import Organisation, User
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


def ready_load_database(args):
    """The load database at this schema with its scenario, tuned for the run (every
    bench that uses it starts here): ``(url, people, pages, missing, password)``."""
    from tests import databases

    reason = databases.postgres_reachable()
    if reason:
        raise SystemExit(reason)
    url = prepare_database(args)
    tune_database()
    prepare_scenario(url)
    vacuum_analyze()
    return (url, *people_and_pages(url))


def tune_database() -> None:
    """The planner setting docs/deployment.md asks for on SSD storage (PostgreSQL's
    default of 4 assumes spinning disks and makes it scan whole tables where an index
    answers: the caseload's consent column took 100 ms instead of 10)."""
    import psycopg

    with psycopg.connect(_admin_url(), autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{DATABASE}" SET random_page_cost = 1.1')


# --- who browses what ---------------------------------------------------------------------


@dataclass
class Person:
    role: str
    email: str
    values: dict[str, list[int]]


def people_and_pages(url: str):
    """The demo accounts by role with the ids their pages need, and the pages the app
    has (a route that does not exist yet is left out)."""
    from sqlalchemy import select
    from werkzeug.exceptions import NotFound

    from marketplace import create_app
    from marketplace.accounts.models import User
    from marketplace.candidates.models import Candidate
    from marketplace.demo.accounts import DEMO_PASSWORD
    from marketplace.extensions import db
    from marketplace.opportunities.models import Opportunity
    from marketplace.proposals.models import Proposal
    from marketplace.proposals.vocab import OPEN_STATES, ProposalState

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    adapter = app.url_map.bind("localhost")
    pages, missing = [], []
    for page in PAGES:
        path = page[2].split("?")[0].format(opportunity=1, candidate=1, own_opportunity=1)
        try:
            adapter.match(path)
            pages.append(page)
        except NotFound:
            missing.append(page[0])
    with app.app_context():
        published = db.session.scalars(
            select(Opportunity.id).where(Opportunity.status == "published",
                                         Opportunity.closes_on >= datetime.now(UTC).date())
            .order_by(Opportunity.id).limit(500)
        ).all()
        people = []
        for user in db.session.scalars(
            select(User).where(User.email.like("%@werkbrug.demo")).order_by(User.email)
        ):
            values = {"opportunity": published}
            if user.role == "coach":
                values["candidate"] = db.session.scalars(
                    select(Candidate.id).where(Candidate.coach_id == user.id,
                                               Candidate.has_active_consent)
                    .order_by(Candidate.id).limit(200)
                ).all()
                values["own_candidate"] = db.session.scalars(
                    select(Candidate.id).where(Candidate.coach_id == user.id,
                                               Candidate.status != "erased")
                    .order_by(Candidate.id)
                ).all()
            elif user.role == "employer":
                mine = select(Opportunity.id).where(
                    Opportunity.organisation_id == user.organisation_id
                )
                with_proposals = db.session.scalars(
                    mine.where(Opportunity.id.in_(select(Proposal.opportunity_id))).limit(100)
                ).all()
                values["own_opportunity"] = with_proposals or db.session.scalars(
                    mine.limit(100)
                ).all()
                # A run invites the proposed and declines the invited; a reused database
                # keeps what an earlier run invited, so those start out as invited.
                for key, states in (("open_proposal", OPEN_STATES - {ProposalState.INTERVIEW}),
                                    ("invited", {ProposalState.INTERVIEW})):
                    values[key] = db.session.scalars(
                        select(Proposal.id).where(Proposal.opportunity_id.in_(mine),
                                                  Proposal.state.in_(states))
                        .order_by(Proposal.id)
                    ).all()
            elif user.role != "analyst":
                continue
            people.append(Person(user.role, user.email, values))
        db.session.remove()
        db.engine.dispose()
    return people, pages, missing, DEMO_PASSWORD


# --- the server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(url: str, port: int, args, log) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "WERKBRUG_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(args.workers),
        "WERKBRUG_ENV": "development",
    }
    if args.redis:
        env["CACHE_REDIS_URL"] = args.redis
        env["CACHE_KEY_PREFIX"] = f"werkbrug-load:{os.getpid()}:"
    command = [sys.executable, "-m", "gunicorn", "-c", "python:marketplace.gunicorn_conf",
               "--access-logfile", "/dev/null", "--timeout", "120"]
    if args.threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(args.threads)]
    process = subprocess.Popen([*command, "wsgi:app"], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped; see {log.name}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"gunicorn did not answer within 60 s; see {log.name}")


# --- the browsing -------------------------------------------------------------------------


class Browser:
    """One person: a keep-alive connection and the session cookie."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body: str | None = None):
        headers = {"Accept-Language": "nl"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):  # a keep-alive connection the server closed: once more
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data, response.headers.get("Location")

    def log_in(self, email: str, password: str) -> None:
        status, page, _location = self.request("GET", "/login")
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page)
        if status != 200 or not token:
            raise RuntimeError(f"no login form ({status})")
        body = urlencode({"csrf_token": token.group(1).decode(), "email": email,
                          "password": password})
        status, _page, _location = self.request("POST", "/login", body)
        if status != 302:
            raise RuntimeError(f"login of {email} answered {status}")


class FormFields(HTMLParser):
    """The fields a browser would send with each form of a page that posts: inputs
    (checked boxes only), selected options and text areas; no buttons."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._in_form = False
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._in_form = True
            self.forms.append([])
        if not self._in_form:
            return
        fields, name = self.forms[-1], a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            fields.append((name, a.get("value") or ("y" if a.get("type") == "checkbox"
                                                    else "")))
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            if self._select_first is None:
                self._select_first = a.get("value", "")
            if "selected" in a:
                fields.append((self._select, a.get("value", "")))
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_endtag(self, tag):
        if not self._in_form:
            return
        if tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self.forms[-1].append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.forms[-1].append((self._textarea,
                                   self._without_first_newline(html.unescape(self._text))))
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    @staticmethod
    def _without_first_newline(text: str) -> str:
        # HTML drops one newline right after <textarea>; WTForms writes one there.
        return text.removeprefix("\r\n") if text.startswith("\r\n") else text.removeprefix("\n")

    def handle_data(self, data):
        if self._textarea:
            self._text += data


def form_fields(page: bytes) -> list[tuple[str, str]]:
    """The fields of the page's largest form that posts (not the menu's log-out form)."""
    parser = FormFields()
    parser.feed(page.decode())
    return max(parser.forms, key=len, default=[])


def replaced(fields: list[tuple[str, str]], **values: str) -> str:
    """The form's fields as a request body, with ``values`` put in (or added)."""
    kept = [(k, v) for k, v in fields if k not in values]
    return urlencode([*kept, *values.items()])


def _location(response_path: str | None) -> str:
    parts = urlsplit(response_path or "/")
    return urlunsplit(("", "", parts.path, parts.query, ""))


def edit_candidate(fetch, person: Person, rng: random.Random) -> bool:
    """A coach opens the profile form of one of their own candidates, changes the note
    and the hours per week (which the ranking reads, so every worker's next ranking
    refreshes that candidate) and saves; the browser follows the redirect to the
    profile. False: nothing to edit."""
    ids = person.values.get("own_candidate")
    if not ids:
        return False
    path = f"/candidates/{rng.choice(ids)}/edit"
    status, page, _location_header = fetch("candidate form", "GET", path)
    if status != 200:
        return True
    fields = form_fields(page)
    # A real change every time, in this run and the next (the generator is seeded the
    # same in every run): a save that changes nothing writes nothing and refreshes nothing.
    note = f"Gesprek {time.time_ns()}: wil graag in de haven werken."
    shown = dict(fields).get("hours_per_week")
    hours = rng.choice([h for h in range(12, 40) if str(h) != shown])
    status, _page, location = fetch("candidate save", "POST", path,
                                    replaced(fields, coach_note=note, hours_per_week=str(hours)),
                                    expect=302)
    if status == 302:
        fetch("profile after a save", "GET", _location(location))
    return True


def answer_proposal(fetch, person: Person, rng: random.Random) -> bool:
    """An employer opens the answer form of an open proposal and invites the candidate,
    or declines one invited earlier in the run; the browser follows the redirect to the
    inbox. False: no open proposal left."""
    ids = person.values.get("open_proposal") or []
    invited = person.values.setdefault("invited", [])
    if not ids and not invited:
        return False
    if invited and (rng.random() < 0.5 or not ids):
        proposal = invited.pop(rng.randrange(len(invited)))
        values = {"answer": "decline", "decline_reason": "other", "decline_note": "Andere keuze."}
    else:
        proposal = ids.pop(rng.randrange(len(ids)))
        invited.append(proposal)
        # An interview next week at the employer's address (the contact is prefilled).
        day = (datetime.now(UTC) + timedelta(days=7)).date().isoformat()
        values = {"answer": "invite", "interview_date": day, "starts_at": "10:00",
                  "ends_at": "11:00", "where": "place",
                  "place": "Noorderlaan 100, 2030 Antwerpen"}
    path = f"/proposals/{proposal}/answer"
    status, page, _location_header = fetch("answer form", "GET", path)
    if status != 200:
        return True
    if values["answer"] == "invite" and b'value="invite"' not in page:
        # A training provider's course: no interview, the provider declines or accepts.
        values = {"answer": "decline", "decline_reason": "other", "decline_note": "Volzet."}
    status, _page, location = fetch("answer save", "POST", path,
                                    replaced(form_fields(page), **values), expect=302)
    if status == 302:
        fetch("inbox after an answer", "GET", _location(location))
    return True


FLOWS = {"edit_candidate": edit_candidate, "answer_proposal": answer_proposal}


def share_out(person: Person, index: int, count: int) -> Person:
    """The ``index``-th of ``count`` virtual people logged in as ``person``: the records
    they change (own candidates, open proposals) are theirs alone, so two of them never
    save one record at the same moment."""
    values = dict(person.values)
    for key in ("own_candidate", "open_proposal", "invited"):
        if key in values:
            values[key] = list(values[key][index::count])
    return Person(person.role, person.email, values)


def page_kind(kind: str, person: Person) -> str:
    """Caseload pages of the coach with 2,000 candidates are a kind of their own."""
    if person.email == BIG_CASELOAD_COACH and kind.startswith("caseload"):
        return f"{kind} (2,000 candidates)"
    return kind


def cpu_seconds(pids) -> float:
    """User and system CPU seconds the processes ``pids`` have used so far (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone, or not Linux
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def server_pids(server: subprocess.Popen) -> list[int]:
    """The gunicorn master and its workers."""
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    except OSError:
        return [server.pid]
    return [server.pid, *map(int, children)]


def database_pids(url: str) -> list[int]:
    """The PostgreSQL server processes serving the load database (same machine)."""
    import psycopg

    with psycopg.connect(_admin_url(), autocommit=True) as conn:
        return [pid for (pid,) in conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (DATABASE,),
        )]


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors[kind].append(error)


def fill_in(path: str, person: Person, rng: random.Random) -> str:
    return path.format(**{key: rng.choice(ids) if ids else 0
                          for key, ids in person.values.items()})


def choices_of(person: Person, pages, forms) -> list[tuple[str, str, str, int]]:
    """The pages and forms of the person's role."""
    return [entry for entry in (*pages, *forms) if entry[1] == person.role]


def timed_fetch(browser, person: Person, results: Results):
    """``fetch(kind, method, path, body=None, expect=200)``: one request, timed and
    recorded under its page kind; any other status than ``expect`` is an error."""

    def fetch(kind, method, path, body=None, expect=200):
        started = time.perf_counter()
        status, page, location, error = None, b"", None, None
        try:
            status, page, location = browser.request(method, path, body)
            if status != expect:
                error = f"{status} {method} {path}"
        except Exception as problem:
            error = f"{type(problem).__name__} {method} {path}"
        results.add(page_kind(kind, person), time.perf_counter() - started, error)
        return status, page, location

    return fetch


def browse(person, browser, pages, forms, clock, think, results, seed, ready) -> None:
    """One person's browsing, from the moment everyone is logged in until the clock
    stops."""
    rng = random.Random(seed)
    ready.wait()
    mine = choices_of(person, pages, forms)
    weights = [page[3] for page in mine]
    fetch = timed_fetch(browser, person, results)
    while time.monotonic() < clock["stop"]:
        kind, _role, path, _weight = rng.choices(mine, weights)[0]
        if path in FLOWS:
            if not FLOWS[path](fetch, person, rng):
                continue
        else:
            fetch(kind, "GET", fill_in(path, person, rng))
        if think:
            time.sleep(rng.uniform(0.5 * think, 1.5 * think))


def warm_up(people, pages, password, port) -> None:
    """Every page once per role, so the first timed requests do not pay for building
    the per-process caches (each worker still builds its own on first use)."""
    for role in {person.role for person in people}:
        person = next(p for p in people if p.role == role)
        browser = Browser(port)
        browser.log_in(person.email, password)
        rng = random.Random(1)
        for _round in range(3):  # gunicorn hands requests to several workers
            for kind, page_role, path, _weight in pages:
                if page_role == role:
                    status, _page, _location = browser.request(
                        "GET", fill_in(path, person, rng))
                    if status != 200:
                        print(f"  warm-up: {kind} answered {status}")


def report(results: Results, seconds: float) -> None:
    def line(name, values, errors):
        ms = np.array(values) * 1000
        p50, p95, p99 = np.percentile(ms, [50, 95, 99]) if len(ms) else (0, 0, 0)
        return (f"  {name:<32} {len(ms):>7} {len(ms) / seconds:>8.1f} "
                f"{p50:>7.0f} {p95:>7.0f} {p99:>7.0f} {errors:>7}")

    print(f"  {'page kind':<32} {'requests':>7} {'per s':>8} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'p99 ms':>7} {'errors':>7}")
    every, error_count = [], 0
    for kind in sorted(results.latencies):
        values = results.latencies[kind]
        every += values
        error_count += len(results.errors[kind])
        print(line(kind, values, len(results.errors[kind])))
    print(line("ALL", every, error_count))
    for kind, errors in results.errors.items():
        for error in sorted(set(errors))[:5]:
            print(f"  error, {kind}: {error} (x{errors.count(error)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds a person reads a page (0: none, a stress test)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1,
                        help="more than 1: gthread workers with this many threads")
    parser.add_argument("--opportunities", type=int, default=10_000)
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--redis", help="CACHE_REDIS_URL for the workers (default: none)")
    parser.add_argument("--rebuild", action="store_true", help="build the database afresh")
    parser.add_argument("--mix", choices=("full", "browse"), default="full",
                        help="browse: pages only, nobody saves a form (the mix before "
                             "2026-12-04)")
    args = parser.parse_args()

    url, people, pages, missing, password = ready_load_database(args)
    if missing:
        print("Left out (no such route yet): " + ", ".join(missing))
    port = free_port()
    log_path = ROOT / "test-artifacts" / "load-gunicorn.log"
    log_path.parent.mkdir(exist_ok=True)
    with open(log_path, "w") as log:
        server = start_gunicorn(url, port, args, log)
        try:
            warm_up(people, pages, password, port)
            results, clock = Results(), {}
            # Everyone logs in first; the clock starts when the last one has.
            ready = threading.Barrier(
                args.users + 1,
                action=lambda: clock.update(start=time.monotonic(),
                                            stop=time.monotonic() + args.seconds),
            )
            by_role = defaultdict(list)
            for person in people:
                by_role[person.role].append(person)
            mix = [role for role, share in ROLE_MIX for _ in range(share)]
            workers = []
            # One after the other: two logins of one account at the same moment would
            # both change the user's row, and one would get the conflict page.
            roles = [mix[n % len(mix)] for n in range(args.users)]
            for n in range(args.users):
                group = by_role[roles[n]]
                person = group[n % len(group)]
                # The virtual people logged in as one account share its records out.
                sharing = [m for m in range(args.users) if roles[m] == roles[n]
                           and by_role[roles[m]][m % len(group)] is person]
                person = share_out(person, sharing.index(n), len(sharing))
                browser = Browser(port)
                browser.log_in(person.email, password)
                workers.append(threading.Thread(
                    target=browse,
                    args=(person, browser, pages, FORMS if args.mix == "full" else (),
                          clock, args.think, results, n, ready),
                    daemon=True,
                ))
            for worker in workers:
                worker.start()
            ready.wait()
            # CPU used in the measured window, by the app and by PostgreSQL for it: a
            # figure per request that other work on the machine does not change much.
            app_pids, db_pids = server_pids(server), database_pids(url)
            app_cpu, db_cpu = cpu_seconds(app_pids), cpu_seconds(db_pids)
            own_cpu = time.process_time()
            for worker in workers:
                worker.join()
            elapsed = time.monotonic() - clock["start"]
            app_cpu, db_cpu = cpu_seconds(app_pids) - app_cpu, cpu_seconds(db_pids) - db_cpu
            own_cpu = time.process_time() - own_cpu
            load = os.getloadavg()[0]
            print(
                f"\n{args.users} people, {args.seconds:.0f} s, think time {args.think} s, "
                f"gunicorn {args.workers} workers x {args.threads} threads, "
                f"{args.opportunities} opportunities, {args.candidates} candidates, "
                f"shared cache: {'Redis' if args.redis else 'none'}, mix: {args.mix}; "
                f"load average at the end {load:.1f} on {os.cpu_count()} cores"
            )
            report(results, elapsed)
            served = sum(len(values) for values in results.latencies.values()) or 1
            print(f"  CPU per request: gunicorn {app_cpu / served * 1000:.1f} ms, PostgreSQL "
                  f"{db_cpu / served * 1000:.1f} ms ({len(db_pids)} server processes of "
                  f"{DATABASE}); the load generator {own_cpu / served * 1000:.1f} ms")
        finally:
            pids = server_pids(server)
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a worker still busy: no need to wait
                for pid in reversed(pids):  # the workers first: none outlives the master
                    with contextlib.suppress(OSError):
                        os.kill(pid, 9)
                server.wait()


if __name__ == "__main__":
    main()
