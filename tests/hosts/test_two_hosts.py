"""Two hosts behind HAProxy share one PostgreSQL database and one Redis, as
``docs/deployment.md`` describes (``tests/hosts/harness.py`` starts them): a login made
on one host holds on the other, a profile saved on one is in the other's next
suggestion list, the login throttle counts failures on both, a message is sent once
with both job workers running, and a job whose worker is killed mid-send is finished
once by the other host's worker.

SQLite is one file on one host, so this module runs in the PostgreSQL pass of the
suite only. Outside CI a missing HAProxy or Redis skips it with the reason; in CI
(``CI=true``) it fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from huey.storage import RedisStorage
from sqlalchemy import select

from marketplace.accounts.models import Organisation, User
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.jobs import tasks
from marketplace.jobs.models import JobRun, JobState
from marketplace.jobs.queue import huey
from marketplace.mail.models import OutgoingMessage
from tests import databases, fresh
from tests.candidates.conftest import valid_form
from tests.conftest import TEST_PASSWORD, USER_SPECS
from tests.factories import make_candidate, make_opportunity
from tests.hosts import harness
from tests.live import CSRF, Visitor

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        databases.chosen_backend() != "postgresql",
        reason="two hosts share a database server: runs in the PostgreSQL pass only",
    ),
]

VERSION = re.compile(r'name="version" type="hidden" value="(\d+)"')


def email_of(key: str) -> str:
    return next(spec.email for spec in USER_SPECS if spec.key == key)


@pytest.fixture(autouse=True)
def db_session():
    """The hosts write to their own database; nothing here is rolled back."""
    yield None


@pytest.fixture(autouse=True)
def job_queue():
    """The hosts' queue is theirs: this module does not point the test queue anywhere."""
    yield None


def prepare(app: Flask) -> dict[str, int]:
    """A published forklift job of employer A and a candidate of coach A (Samir) who
    may be proposed for it; returns their ids."""
    with app.test_request_context():
        employer = db.session.scalar(
            select(Organisation).where(Organisation.name == "Employer A Logistics")
        )
        coach = db.session.scalar(select(User).where(User.email == email_of("coach_a")))
        opportunity = make_opportunity(employer, commit=True)
        candidate = make_candidate(coach, pseudonym="Samir", commit=True)
        ids = {"opportunity": opportunity.id, "candidate": candidate.id}
        db.session.commit()
        db.session.remove()
    return ids


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[harness.TwoHosts, Flask, dict[str, int]]]:
    harness.require(harness.haproxy_missing(), "HAProxy")
    harness.require(harness.queue_redis_missing(), "Redis")
    folder = tmp_path_factory.mktemp("two-hosts")
    harness.flush_queue()
    with fresh.migrated_database(folder, "two-hosts") as url:
        app = fresh.make_app(url)
        ids = prepare(app)
        fresh.dispose(app)
        running = harness.TwoHosts(folder, url)
        try:
            running.start()
            yield running, app, ids
        except BaseException:
            print(running.logs())
            raise
        finally:
            running.stop()
            fresh.dispose(app)
            harness.flush_queue()


def visitor(base_url: str, cookies: dict[str, str] | None = None) -> Visitor:
    person = Visitor(base_url)
    person.cookies.update(cookies or {})
    return person


def log_in(base_url: str, key: str) -> Visitor:
    return visitor(base_url).log_in(key)


def outgoing(app: Flask, recipient: str) -> OutgoingMessage | None:
    with app.app_context():
        message = db.session.scalar(
            select(OutgoingMessage).where(OutgoingMessage.recipient == recipient)
        )
        db.session.remove()
        return message


def runs(app: Flask) -> list[JobRun]:
    with app.app_context():
        rows = db.session.scalars(select(JobRun).order_by(JobRun.id)).all()
        db.session.expunge_all()
        db.session.remove()
        return rows


def accepted_for(site_smtp: harness.SmtpServer, recipient: str) -> int:
    header = f"To: {recipient}".encode()
    with site_smtp.lock:
        return sum(header in message for message in site_smtp.messages)


def request_password_reset(base_url: str, key: str) -> None:
    person = visitor(base_url)
    status, _page = person.request(
        "POST",
        "/password/forgot",
        {"csrf_token": person.token("/password/forgot"), "email": email_of(key)},
    )
    assert status in (200, 302), status


def test_a_login_through_host_a_holds_on_host_b_and_the_balancer(site):
    running, _app, _ids = site
    a, b = running.hosts["a"], running.hosts["b"]
    on_a = log_in(a.url, "employer_a")
    on_b = visitor(b.url, on_a.cookies)
    status, page = on_b.request("GET", "/account")
    assert status == 200, running.logs()
    assert email_of("employer_a") in page
    # Through the balancer, request after request lands on either host.
    through = visitor(running.balancer.url, on_a.cookies)
    for _ in range(4):
        status, page = through.request("GET", "/account")
        assert status == 200 and email_of("employer_a") in page


def test_a_profile_saved_through_a_is_in_bs_next_suggestion_list(site):
    running, _app, ids = site
    a, b = running.hosts["a"], running.hosts["b"]
    coach_on_a = log_in(a.url, "coach_a")
    coach_on_b = visitor(b.url, coach_on_a.cookies)
    suggestions = f"/suggestions/opportunities/{ids['opportunity']}"
    status, before = coach_on_b.request("GET", suggestions)  # B has built its data now
    assert status == 200 and "Samir" in before

    edit = f"/candidates/{ids['candidate']}/edit"
    status, form_page = coach_on_a.request("GET", edit)
    assert status == 200
    form = valid_form(pseudonym="Yasmina", available_from=local_today().isoformat())
    form.update(
        csrf_token=CSRF.search(form_page).group(1), version=VERSION.search(form_page).group(1)
    )
    status, page = coach_on_a.request("POST", edit, form)
    assert status == 302, page[:2000]

    status, after = coach_on_b.request("GET", suggestions)
    assert status == 200
    assert "Yasmina" in after and "Samir" not in after


def test_failed_logins_through_a_make_b_wait(site):
    running, _app, _ids = site
    a, b = running.hosts["a"], running.hosts["b"]
    guesser = visitor(a.url)
    form = {"email": email_of("analyst"), "password": "not the password"}
    for _ in range(5):  # LOGIN_MAX_FAILURES_PER_ACCOUNT: the free ones
        status, _page = guesser.request(
            "POST", "/login", {**form, "csrf_token": guesser.token("/login")}
        )
        assert status == 401
    on_b = visitor(b.url)
    status, page = on_b.request(
        "POST",
        "/login",
        {
            "email": email_of("analyst"),
            "password": TEST_PASSWORD,
            "csrf_token": on_b.token("/login"),
        },
    )
    assert status == 429
    assert "Te veel mislukte pogingen." in page


@pytest.fixture
def shared_queue() -> Iterator[None]:
    """This process's queue is the hosts' Redis queue for a while (to hand the same
    job to both workers)."""
    saved = (huey.immediate, huey.storage)
    huey.immediate = False
    huey.storage = RedisStorage(huey.name, url=harness.QUEUE_REDIS_URL)
    try:
        yield
    finally:
        huey.storage, huey.immediate = saved[1], saved[0]


def test_a_message_handed_to_both_workers_is_sent_once(site, shared_queue):
    running, app, _ids = site
    recipient = email_of("coach_b")
    request_password_reset(running.balancer.url, "coach_b")
    message = harness.wait_until(lambda: outgoing(app, recipient), "the reset message")
    for _ in range(6):  # both workers take copies of its job at once
        tasks.deliver_message_job(message.id)

    def all_done():
        mine = [
            run
            for run in runs(app)
            if run.name == "deliver_message" and run.args_summary == f"[{message.id}]"
        ]
        return len(mine) == 7 and all(run.state == JobState.DONE for run in mine)

    harness.wait_until(all_done, "the message's seven jobs")
    assert outgoing(app, recipient).sent_at is not None
    assert accepted_for(running.smtp, recipient) == 1


def test_a_job_of_a_killed_worker_is_finished_once_by_the_other_host(site):
    running, app, _ids = site
    recipient = email_of("admin")
    running.smtp.hold_next_data()
    request_password_reset(running.balancer.url, "admin")
    assert running.smtp.held.wait(timeout=90), "no worker started sending"

    message = outgoing(app, recipient)
    holder = message.claimed_by.rsplit(":", 1)[0]  # host:pid of the sending worker
    [gone] = [host for host in running.hosts.values() if host.worker_name == holder]
    [survivor] = [host for host in running.hosts.values() if host is not gone]
    gone.kill_worker()

    harness.wait_until(
        lambda: outgoing(app, recipient).sent_at is not None,
        "the other host's worker to send the message",
        timeout=harness.JOB_STALL_SECONDS * 6,
    )
    assert accepted_for(running.smtp, recipient) == 1
    # The run the killed worker held went back to the queue and the survivor did it.
    harness.wait_until(
        lambda: not [run for run in runs(app) if run.state in (JobState.QUEUED, JobState.RUNNING)],
        "every run to end",
    )
    taken_over = [run for run in runs(app) if run.attempts == 2]
    assert taken_over, runs(app)
    assert all(
        run.worker == survivor.worker_name and run.state == JobState.DONE for run in taken_over
    )
