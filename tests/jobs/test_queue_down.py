"""With the job queue's storage unreachable (Redis down) the site keeps answering: the
health check says "degraded" with 200 (load balancers keep the host), mail waits in the
outbox, and the admins' jobs page warns. Only a database that does not answer takes
the host out (503)."""

from __future__ import annotations

import pytest
from huey.storage import RedisStorage
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.jobs.models import JobRun
from marketplace.jobs.queue import huey, queue_reachable
from marketplace.mail.models import OutgoingMessage
from marketplace.mail.operations import deliver_pending

CLOSED_PORT = "redis://127.0.0.1:1/0"


@pytest.fixture
def queue_unreachable():
    """JOB_QUEUE_URL points at a port where nothing listens; put back after."""
    saved = (huey.immediate, huey.storage)
    huey.immediate = False
    huey.storage = RedisStorage("werkbrug-unreachable", url=CLOSED_PORT)
    try:
        yield huey
    finally:
        huey.storage = saved[1]
        huey.immediate = saved[0]


def test_health_says_ok_when_database_and_queue_answer(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "queue": "ok"}


def test_health_says_degraded_but_answers_200_when_the_queue_is_down(client,
                                                                     queue_unreachable):
    assert not queue_reachable()
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "degraded", "database": "ok", "queue": "degraded"}


def test_health_says_unavailable_with_503_when_the_database_is_down(client, monkeypatch):
    def database_down(*args, **kwargs):
        raise ConnectionError("the database went away")

    monkeypatch.setattr(db.session, "execute", database_down)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unavailable",
                                   "queue": "ok"}


def test_with_the_queue_unreachable_a_page_that_sends_mail_answers_and_the_mail_waits(
    client, app_ctx, smtp, queue_unreachable
):
    response = client.post("/password/forgot", data={"email": "coach.a@test.example"})
    assert response.status_code == 200
    response.close()  # the server closes the answer: the hand-over to the queue runs
    assert smtp == []
    stored = db.session.scalar(select(OutgoingMessage))
    assert stored.sent_at is None and stored.failed_at is None
    [run] = db.session.scalars(select(JobRun)).all()
    assert run.state == "failed" and "ConnectionError" in run.error
    queue_unreachable.immediate = True  # the queue is back; the periodic job sends it
    assert deliver_pending() == 1 and len(smtp) == 1


def test_the_jobs_page_warns_when_the_queue_cannot_be_reached(login_as, queue_unreachable):
    page = login_as("admin").get("/admin/jobs/").get_data(as_text=True)
    assert "Let op: de wachtrij voor taken is niet bereikbaar." in page


def test_the_jobs_page_has_no_warning_when_the_queue_answers(login_as):
    page = login_as("admin").get("/admin/jobs/").get_data(as_text=True)
    assert "niet bereikbaar" not in page
