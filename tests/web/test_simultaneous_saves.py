"""People saving at the same moment get the normal answers, never a 500, through the real
server: gunicorn with several workers on a fresh database of this run's backend.

Each visitor logs in and opens the form first, then all send at the same moment
(released together by a barrier): 20 proposals of one candidate for one opportunity by
the coach, and 12 saves of one opportunity from the same version by the employer, each
time with page views that write an audit event alongside. Exactly one save wins, every
other one gets the 409 page, and the server logged no error (on SQLite, a transaction
that read and then wrote after another one's commit used to fail with "database is
locked").
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Organisation, User
from marketplace.audit.models import AuditEvent
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.proposals.models import Proposal
from tests.conftest import USER_SPECS
from tests.factories import AGREED_ON, make_candidate, make_opportunity
from tests.live import Visitor, live_server
from tests.security.helpers import parse_page

PROPOSALS = 20
EDITS = 12
#: Page views that write an audit event, sent alongside the saves.
VIEWS = 6


@pytest.fixture(autouse=True)
def db_session():
    """The server writes to its own database; nothing here is rolled back."""
    yield None


def _data(app) -> dict:
    """A published opportunity of employer A and a candidate of coach A with consent."""
    with app.app_context():
        by_key = {spec.key: spec.email for spec in USER_SPECS}
        coach = db.session.scalar(select(User).where(User.email == by_key["coach_a"]))
        employer = db.session.scalar(select(User).where(User.email == by_key["employer_a"]))
        opportunity = make_opportunity(db.session.get(Organisation, employer.organisation_id),
                                       commit=True)
        candidate = make_candidate(coach, pseudonym="Samira", commit=True)
        return {"opportunity_id": opportunity.id, "candidate_id": candidate.id}


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    made: dict = {}
    with live_server(
        tmp_path_factory.mktemp("saves"),
        "saves",
        environment={"WEB_CONCURRENCY": "4"},
        prepare=lambda app: made.update(_data(app)),
    ) as (server, app):
        yield server, app, made


def all_at_once(requests: list) -> list[tuple[int, str]]:
    """Send every ``(visitor, method, path, form)`` at the same moment."""
    barrier = threading.Barrier(len(requests))

    def send(request):
        visitor, method, path, form = request
        barrier.wait(timeout=120)
        return visitor.request(method, path, form)

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(send, requests))


def _views(server, key: str, path: str) -> list:
    return [(Visitor(server.url).log_in(key), "GET", path, None) for _ in range(VIEWS)]


def _count(app, statement) -> int:
    with app.app_context():
        return db.session.scalar(statement)


def _assert_clean_log(server) -> None:
    log = server.log_path.read_text(errors="replace")
    assert "database is locked" not in log, server.log_tail()
    assert "Traceback" not in log, server.log_tail()


def test_simultaneous_proposals_of_one_pair_give_one_proposal_and_409s(running):
    server, app, made = running
    path = f"/proposals/candidates/{made['candidate_id']}/propose"
    proposals = []
    for _ in range(PROPOSALS):
        coach = Visitor(server.url).log_in("coach_a")
        proposals.append(
            (
                coach,
                "POST",
                path,
                {
                    "csrf_token": coach.token(path),
                    "opportunity": str(made["opportunity_id"]),
                    "motivation": "Sterk in logistiek.",
                    "candidate_agreed": "y",
                    "candidate_agreed_on": AGREED_ON.isoformat(),
                },
            )
        )
    views_before = _count(
        app,
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "candidate_viewed"),
    )
    views = _views(server, "coach_a", f"/candidates/{made['candidate_id']}")

    answers = all_at_once(proposals + views)

    saved = sorted(status for status, _page in answers[:PROPOSALS])
    assert saved == [302] + [409] * (PROPOSALS - 1), server.log_tail()
    assert [status for status, _page in answers[PROPOSALS:]] == [200] * VIEWS
    assert _count(app, select(func.count()).select_from(Proposal)) == 1
    assert (
        _count(
            app,
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "candidate_viewed"),
        )
        == views_before + VIEWS
    )
    _assert_clean_log(server)


def test_simultaneous_saves_of_one_opportunity_give_one_save_and_409s(running):
    server, app, made = running
    path = f"/opportunities/{made['opportunity_id']}/edit"
    edits = []
    for number in range(EDITS):
        employer = Visitor(server.url).log_in("employer_a")
        status, page = employer.request("GET", path)
        assert status == 200
        form = next(
            form
            for form in parse_page(page, f"http://localhost{path}")[0]
            if form.method == "post" and form.action.endswith(path)
        )
        edits.append((employer, "POST", path, {**form.data(), "title": f"Magazijnier {number}"}))
    version = _count(
        app, select(Opportunity.version).where(Opportunity.id == made["opportunity_id"])
    )
    views = _views(server, "coach_a", f"/candidates/{made['candidate_id']}")

    answers = all_at_once(edits + views)

    saved = sorted(status for status, _page in answers[:EDITS])
    assert saved == [302] + [409] * (EDITS - 1), server.log_tail()
    assert [status for status, _page in answers[EDITS:]] == [200] * VIEWS
    assert (
        _count(app, select(Opportunity.version).where(Opportunity.id == made["opportunity_id"]))
        == version + 1
    )
    _assert_clean_log(server)
