"""The load test's scenario: what people open and save by role (``PAGES``, ``FORMS``,
``ROLE_MIX``), the demo accounts that browse with the ids their pages need, the forms
they fill in, and one person's browsing loop (see ``bench/load.py`` for the run)."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bench.load_browser import Browser, form_fields, location_path, replaced
from bench.load_database import (
    BIG_CASELOAD_COACH,
    prepare_database,
    prepare_scenario,
    tune_database,
    vacuum_analyze,
)
from bench.load_report import Results

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

    from marketplace.accounts.models import User
    from marketplace.app import create_app
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
        fetch("profile after a save", "GET", location_path(location))
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
        fetch("inbox after an answer", "GET", location_path(location))
    return True


FLOWS = {"edit_candidate": edit_candidate, "answer_proposal": answer_proposal}

#: The page kinds each flow requests, in order.
FLOW_KINDS = {"edit_candidate": ("candidate form", "candidate save", "profile after a save"),
              "answer_proposal": ("answer form", "answer save", "inbox after an answer")}


def expected_shares(pages=PAGES, forms=FORMS) -> dict[str, float]:
    """Each page kind's expected share of a run's requests, from ``ROLE_MIX`` and the
    weights by which a person picks a page or a form (a form is three requests). The
    2,000-candidate coach's caseload is counted with the other caseloads."""
    roles = dict(ROLE_MIX)
    counts: dict[str, float] = {}
    for role, people in roles.items():
        mine = [entry for entry in (*pages, *forms) if entry[1] == role]
        total = sum(entry[3] for entry in mine)
        for kind, _role, path, weight in mine:
            for requested in FLOW_KINDS.get(path, (kind,)):
                counts[requested] = counts.get(requested, 0.0) + people * weight / total
    whole = sum(counts.values())
    return {kind: count / whole for kind, count in counts.items()}


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

