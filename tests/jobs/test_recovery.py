"""A run whose worker died goes back to the queue and is finished by another; after too
many tries it fails with "the worker stopped"; a live heartbeat keeps its run; a
periodic job runs once per schedule slot however many schedulers enqueue it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from huey import crontab
from sqlalchemy import select

from marketplace.config import ConfigurationError, check_job_recovery
from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.jobs import tasks
from marketplace.jobs.models import JobRun, JobState
from marketplace.jobs.operations import summarise_args, worker_name
from marketplace.jobs.recovery import beat, prune_routine_runs, recover_stalled_runs
from marketplace.mail.operations import claim_lease


def running_run(
    name: str,
    args: tuple,
    *,
    heartbeat_age: timedelta,
    attempts: int = 1,
    worker: str = "gone-host:4242",
) -> JobRun:
    """A committed run that a worker started and beat for the last time ``heartbeat_age`` ago."""
    beat_at = utcnow() - heartbeat_age
    run = JobRun(
        name=name,
        args_summary=summarise_args(args),
        state=JobState.RUNNING,
        attempts=attempts,
        started_at=beat_at,
        heartbeat_at=beat_at,
        worker=worker,
    )
    db.session.add(run)
    db.session.commit()
    return run


def stall(app) -> timedelta:
    return timedelta(seconds=app.config["JOB_STALL_SECONDS"])


def test_a_stalled_run_is_handed_to_the_queue_again_and_finished(app, stored_message, smtp):
    # Its worker died mid-send: the message is still claimed by it, as long as the lease.
    stored_message.claimed_at = utcnow() - claim_lease() - timedelta(seconds=1)
    stored_message.claimed_by = "gone-host:4242:abc"
    run = running_run(
        "deliver_message", (stored_message.id,), heartbeat_age=stall(app) + timedelta(seconds=1)
    )

    outcome = recover_stalled_runs()

    assert outcome == {"requeued": [run.id], "failed": []}
    db.session.refresh(run)
    assert (run.state, run.attempts, run.worker) == ("done", 2, worker_name())
    assert [message["To"] for message in smtp] == ["coach.a@test.example"]


def test_a_run_out_of_tries_fails_with_the_worker_stopped(app, stored_message, smtp):
    run = running_run(
        "deliver_message",
        (stored_message.id,),
        attempts=3,
        heartbeat_age=stall(app) + timedelta(seconds=1),
    )

    assert recover_stalled_runs() == {"requeued": [], "failed": [run.id]}
    db.session.refresh(run)
    assert (run.state, run.failure_reason) == ("failed", "worker_stopped")
    assert smtp == []


def test_the_jobs_page_says_the_worker_stopped(app, login_as, stored_message):
    running_run(
        "deliver_message",
        (stored_message.id,),
        attempts=3,
        heartbeat_age=stall(app) + timedelta(seconds=1),
    )
    recover_stalled_runs()
    page = login_as("admin").get("/admin/jobs/").get_data(as_text=True)
    assert "De verwerker stopte (te vaak geprobeerd)" in page


def test_a_live_heartbeat_is_not_taken_over(app, stored_message, smtp):
    run = running_run(
        "deliver_message", (stored_message.id,), heartbeat_age=stall(app) - timedelta(seconds=5)
    )

    assert recover_stalled_runs() == {"requeued": [], "failed": []}
    db.session.refresh(run)
    assert (run.state, run.attempts) == ("running", 1)
    assert smtp == []


def test_the_heartbeat_keeps_this_workers_runs_alive(app, stored_message):
    ours = running_run(
        "deliver_message",
        (stored_message.id,),
        worker=worker_name(),
        heartbeat_age=stall(app) + timedelta(seconds=1),
    )
    theirs = running_run(
        "deliver_message", (stored_message.id,), heartbeat_age=stall(app) + timedelta(seconds=1)
    )
    assert beat() == 1
    outcome = recover_stalled_runs()
    assert outcome["requeued"] == [theirs.id]
    db.session.refresh(ours)
    assert ours.state == "running"


def test_two_workers_looking_at_once_hand_a_stalled_run_over_once(app, stored_message, smtp):
    run = running_run(
        "deliver_message", (stored_message.id,), heartbeat_age=stall(app) + timedelta(seconds=1)
    )
    first, second = recover_stalled_runs(), recover_stalled_runs()
    assert first["requeued"] == [run.id]
    assert second == {"requeued": [], "failed": []}
    assert len(smtp) == 1


def test_a_periodic_slot_runs_once_however_many_schedulers_enqueue_it(app_ctx):
    # Each host's scheduler enqueues its own copy of the same slot.
    copies = [tasks.close_expired_job.s(), tasks.close_expired_job.s()]
    results = [tasks.close_expired_job.call_local(task=copy) for copy in copies]
    assert results == [0, None]
    [run] = db.session.scalars(select(JobRun)).all()
    assert (run.name, run.state) == ("close_expired_opportunities", "done")
    assert run.slot == tasks.schedule_slot(copies[0])


def test_routine_runs_keep_their_slot_a_day(app_ctx, stored_message, smtp, monkeypatch):
    # Both runs in one slot, also when the clock passes a whole minute between them.
    slot = tasks.schedule_slot(tasks.deliver_waiting_mail.s())
    monkeypatch.setattr(tasks, "schedule_slot", lambda task, now=None: slot)
    assert tasks.deliver_waiting_mail.call_local(task=tasks.deliver_waiting_mail.s()) == 1
    assert tasks.deliver_waiting_mail.call_local(task=tasks.deliver_waiting_mail.s()) is None
    assert prune_routine_runs() == 0
    assert prune_routine_runs(now=utcnow() + timedelta(days=1, minutes=1)) == 1
    assert db.session.scalars(select(JobRun)).all() == []


@pytest.mark.parametrize(
    ("now", "slot"),
    [
        (datetime(2026, 3, 2, 3, 0, 41, tzinfo=UTC), datetime(2026, 3, 2, 1, 5, tzinfo=UTC)),
        (datetime(2026, 3, 2, 1, 4, 59, tzinfo=UTC), datetime(2026, 3, 1, 1, 5, tzinfo=UTC)),
        (datetime(2026, 3, 2, 1, 5, 0, tzinfo=UTC), datetime(2026, 3, 2, 1, 5, tzinfo=UTC)),
    ],
)
def test_a_late_run_belongs_to_the_slot_its_schedule_named_last(now, slot):
    nightly = tasks.huey.periodic_task(crontab(hour="1", minute="5"), name="slot_example")(
        lambda: None
    )
    try:
        assert tasks.schedule_slot(nightly.s(), now) == slot
    finally:
        tasks.huey._registry.unregister(nightly.task_class)


def test_a_stall_time_a_live_mail_try_could_reach_is_refused():
    with pytest.raises(ConfigurationError):
        check_job_recovery(
            {"JOB_STALL_SECONDS": 60, "MAIL_TIMEOUT_SECONDS": 10, "JOB_MAX_ATTEMPTS": 3}
        )
    check_job_recovery(
        {"JOB_STALL_SECONDS": 120, "MAIL_TIMEOUT_SECONDS": 10, "JOB_MAX_ATTEMPTS": 3}
    )
