"""Every job run is recorded; admins see waiting, running and failed jobs and can try a
failed one again."""

from __future__ import annotations

import pytest
import redis
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.jobs import tasks
from marketplace.jobs.models import JobRun
from marketplace.jobs.queue import huey
from marketplace.jobs.tasks import dispatch
from tests.web.test_csrf import log_in, token_from


def runs() -> list[JobRun]:
    return db.session.scalars(select(JobRun).order_by(JobRun.id)).all()


@pytest.fixture
def closing_breaks(monkeypatch):
    """The closing job fails (the database refuses, say) until the test mends it."""
    calls = []

    def broken(today=None):
        calls.append(today)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(tasks, "close_expired_opportunities", broken)
    return monkeypatch


def test_a_dispatched_job_is_recorded_as_done_with_its_ids(stored_message, smtp):
    run = dispatch(tasks.deliver_message_job, stored_message.id)
    db.session.refresh(run)
    assert (run.name, run.state, run.attempts) == ("deliver_message", "done", 1)
    assert run.args_summary == f"[{stored_message.id}]"
    assert run.finished_at is not None and run.error is None


def test_a_failing_job_is_recorded_with_its_error(app_ctx, closing_breaks):
    with pytest.raises(RuntimeError):
        tasks.close_expired_job.call_local()
    [run] = runs()
    assert run.state == "failed"
    assert run.error == "RuntimeError: the database went away"


def test_the_every_minute_mail_job_keeps_a_row_only_when_it_fails(stored_message, smtp):
    assert tasks.deliver_waiting_mail.call_local() == 1
    assert runs() == []


def test_with_the_queue_down_the_run_shows_as_failed(stored_message, monkeypatch):
    def queue_down(task):
        raise redis.ConnectionError("Connection refused")

    monkeypatch.setattr(huey, "enqueue", queue_down)
    run = dispatch(tasks.deliver_message_job, stored_message.id)
    db.session.refresh(run)
    assert run.state == "failed" and "Connection refused" in run.error


def test_admins_see_a_failed_job_and_try_it_again(login_as, closing_breaks):
    with pytest.raises(RuntimeError):
        tasks.close_expired_job.call_local()
    client = login_as("admin")
    page = client.get("/admin/jobs/").get_data(as_text=True)
    assert "Achtergrondtaken" in page
    assert ("Aanbod sluiten waarvan de sluitingsdatum voorbij is of waarvan de organisatie "
            "niet actief is") in page
    assert "RuntimeError: the database went away" in page

    closing_breaks.undo()
    [run] = runs()
    response = client.post(f"/admin/jobs/{run.id}/retry")
    assert response.status_code == 302
    db.session.refresh(run)
    assert (run.state, run.attempts, run.error) == ("done", 2, None)
    page = client.get("/admin/jobs/").get_data(as_text=True)
    assert "RuntimeError" not in page


def test_only_a_failed_job_can_be_tried_again(login_as, stored_message, smtp):
    run = dispatch(tasks.deliver_message_job, stored_message.id)
    client = login_as("admin")
    response = client.post(f"/admin/jobs/{run.id}/retry", follow_redirects=True)
    assert "Alleen een mislukte taak" in response.get_data(as_text=True)
    db.session.refresh(run)
    assert (run.state, run.attempts) == ("done", 1)
    assert len(smtp) == 1


def test_trying_again_a_job_that_does_not_exist_is_not_found(login_as):
    assert login_as("admin").post("/admin/jobs/999999/retry").status_code == 404


def test_trying_again_needs_the_forms_token(csrf_app, app_ctx, closing_breaks):
    with pytest.raises(RuntimeError):
        tasks.close_expired_job.call_local()
    [run] = runs()
    client = csrf_app.test_client()
    log_in(client)
    page = client.get("/admin/jobs/").get_data(as_text=True)
    assert client.post(f"/admin/jobs/{run.id}/retry").status_code == 400
    db.session.refresh(run)
    assert run.state == "failed"
    closing_breaks.undo()
    response = client.post(f"/admin/jobs/{run.id}/retry", data={"csrf_token": token_from(page)})
    assert response.status_code == 302
    db.session.refresh(run)
    assert run.state == "done"
