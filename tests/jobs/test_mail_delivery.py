"""Mail goes out as a job: once on any number of workers, retried with back-off when the
server fails, failed at once when it refuses the recipient."""

from __future__ import annotations

import smtplib
import threading
from datetime import timedelta

import pytest
import redis
from sqlalchemy import delete, insert, select

from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.jobs import tasks
from marketplace.jobs.queue import huey
from marketplace.mail.models import OutgoingMessage
from marketplace.mail.operations import (
    MAX_ATTEMPTS,
    claim_lease,
    claim_message,
    claim_statement,
    deliver_message,
    deliver_pending,
)
from tests import databases
from tests.web.test_mail import FakeSMTP


def test_of_two_workers_claiming_one_message_only_the_first_gets_it(stored_message):
    first = claim_message(stored_message.id)
    second = claim_message(stored_message.id)
    assert first is not None
    assert second is None


def test_a_message_tried_by_two_workers_is_sent_once(stored_message, smtp):
    outcomes = [deliver_message(stored_message.id), deliver_message(stored_message.id)]
    assert outcomes == ["sent", "skipped"]
    assert [m["To"] for m in smtp] == ["coach.a@test.example"]
    db.session.refresh(stored_message)
    assert stored_message.sent_at is not None and stored_message.claimed_by is None


def test_the_claim_of_a_worker_that_died_is_taken_over_after_the_lease(stored_message, smtp):
    stored_message.claimed_at = utcnow() - claim_lease() - timedelta(seconds=1)
    stored_message.claimed_by = "gone-host:1:abc"
    db.session.commit()
    assert deliver_message(stored_message.id) == "sent"
    assert len(smtp) == 1


def test_a_live_claim_keeps_other_workers_away(stored_message, smtp):
    stored_message.claimed_at = utcnow()
    stored_message.claimed_by = "busy-host:1:abc"
    db.session.commit()
    assert deliver_message(stored_message.id) == "skipped"
    assert smtp == []


def _fail_with(monkeypatch, error):
    def send(self, message):
        raise error

    monkeypatch.setattr(FakeSMTP, "send_message", send)


def test_a_failing_server_is_retried_later_then_the_message_fails_with_its_answer(
    stored_message, smtp, monkeypatch
):
    _fail_with(monkeypatch, smtplib.SMTPDataError(451, b"Try again later"))
    assert deliver_message(stored_message.id) == "retry"
    db.session.refresh(stored_message)
    assert stored_message.failed_attempts == 1
    assert stored_message.next_attempt_at > utcnow()
    # Not due yet: the periodic job and other workers leave it alone.
    assert deliver_message(stored_message.id) == "skipped"
    assert deliver_pending() == 0 and stored_message.failed_attempts == 1

    outcomes = []
    for _ in range(MAX_ATTEMPTS - 1):
        stored_message.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        outcomes.append(deliver_message(stored_message.id))
        db.session.refresh(stored_message)
    assert outcomes == ["retry"] * (MAX_ATTEMPTS - 2) + ["failed"]
    assert stored_message.failed_at is not None and stored_message.sent_at is None
    assert stored_message.failed_attempts == MAX_ATTEMPTS
    assert stored_message.last_error == "451 Try again later"
    stored_message.next_attempt_at = None
    db.session.commit()
    assert deliver_message(stored_message.id) == "skipped"


def test_the_wait_between_tries_grows(stored_message, smtp, monkeypatch):
    _fail_with(monkeypatch, ConnectionRefusedError("no server"))
    waits = []
    for _ in range(3):
        stored_message.next_attempt_at = None
        db.session.commit()
        before = utcnow()
        deliver_message(stored_message.id)
        db.session.refresh(stored_message)
        waits.append(stored_message.next_attempt_at - before)
    assert waits[0] < waits[1] < waits[2]
    assert stored_message.last_error.startswith("ConnectionRefusedError")


def test_a_refused_recipient_fails_at_once_without_retry(stored_message, smtp, monkeypatch):
    refused = {"coach.a@test.example": (550, b"5.1.1 No such mailbox")}
    _fail_with(monkeypatch, smtplib.SMTPRecipientsRefused(refused))
    assert deliver_message(stored_message.id) == "failed"
    db.session.refresh(stored_message)
    assert stored_message.failed_attempts == 1
    assert stored_message.failed_at is not None
    assert stored_message.next_attempt_at is None
    assert stored_message.last_error == "550 5.1.1 No such mailbox"


def test_the_periodic_job_sends_what_waits_in_the_outbox(stored_message, smtp):
    assert tasks.deliver_waiting_mail.call_local() == 1
    assert [m["Subject"] for m in smtp] == ["Nieuw voorstel"]


def test_flask_mail_send_delivers_through_the_same_claim(app, stored_message, smtp):
    stored_message.claimed_at = utcnow()
    stored_message.claimed_by = "busy-host:1:abc"
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert "0 message(s) sent." in result.output
    stored_message.claimed_at = stored_message.claimed_by = None
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert "1 message(s) sent." in result.output


def test_with_the_queue_down_the_site_answers_and_mail_waits(client, app_ctx, smtp, monkeypatch):
    def queue_down(task):
        raise redis.ConnectionError("Connection refused")

    with monkeypatch.context() as down:
        down.setattr(huey, "enqueue", queue_down)
        response = client.post("/password/forgot", data={"email": "coach.a@test.example"})
        assert response.status_code == 200
        response.close()
    assert smtp == []
    stored = db.session.scalar(select(OutgoingMessage))
    assert stored.sent_at is None and stored.failed_at is None
    assert deliver_pending() == 1


@pytest.mark.postgres_only
def test_workers_racing_for_one_message_on_postgresql_claim_it_once(app):
    if databases.chosen_backend() != "postgresql":
        pytest.skip("the race needs PostgreSQL's row locks; run with WERKBRUG_TEST_DATABASE")
    with app.app_context():
        engine = db.engine
        with engine.begin() as connection:
            message_id = connection.execute(
                insert(OutgoingMessage)
                .values(recipient="race@test.example", subject="Race", body="Race\n",
                        created_at=utcnow(), failed_attempts=0)
                .returning(OutgoingMessage.id)
            ).scalar_one()
        try:
            workers = 8
            start = threading.Barrier(workers)
            hits: list[int] = []

            def claim(number: int) -> None:
                # The app context gives the claim's lease (the job stall time).
                with app.app_context(), engine.connect() as connection:
                    statement = claim_statement(message_id, f"worker-{number}", utcnow())
                    with connection.begin():
                        start.wait()
                        hits.append(connection.execute(statement).rowcount)

            threads = [threading.Thread(target=claim, args=(n,)) for n in range(workers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert sorted(hits) == [0] * (workers - 1) + [1]
        finally:
            with engine.begin() as connection:
                connection.execute(delete(OutgoingMessage).where(OutgoingMessage.id == message_id))


def test_the_outbox_shows_a_failed_message_with_the_servers_answer(
    login_as, stored_message, smtp, monkeypatch
):
    refused = {"coach.a@test.example": (550, b"5.1.1 No such mailbox")}
    _fail_with(monkeypatch, smtplib.SMTPRecipientsRefused(refused))
    deliver_message(stored_message.id)
    client = login_as("admin")
    assert "Mislukt" in client.get("/admin/outbox/").get_data(as_text=True)
    page = client.get(f"/admin/outbox/{stored_message.id}").get_data(as_text=True)
    assert "550 5.1.1 No such mailbox" in page
