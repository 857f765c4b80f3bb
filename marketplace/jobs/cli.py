"""``flask jobs worker``: a Huey consumer in this app (made once for the process)."""

from __future__ import annotations

import logging

import click
from flask import current_app

from marketplace.commands import CommandGroup
from marketplace.jobs.queue import huey
from marketplace.jobs.recovery import Heartbeat
from marketplace.jobs.tasks import close_expired_job, dispatch, prepare_candidate_pool_job

jobs_cli = CommandGroup("jobs", help="Background jobs.")


@jobs_cli.command("worker")
@click.option("--workers", default=2, show_default=True, help="Worker threads.")
@click.option(
    "--periodic/--no-periodic",
    default=True,
    show_default=True,
    help="Also run the periodic jobs (mail and the candidate pool every minute, closing "
         "every night).",
)
def worker(workers: int, periodic: bool):
    """Run jobs until stopped (Ctrl-C). Start one or more per host; they share the queue."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # Opportunities whose date passed while no worker ran close now, not tonight.
    dispatch(close_expired_job)
    # This host's web workers find the candidate pool snapshot ready.
    dispatch(prepare_candidate_pool_job)
    # The runs of this process carry its heartbeat; its thread also hands the runs of
    # dead workers (on any host) to the queue again (jobs/recovery.py).
    heartbeat = Heartbeat(current_app._get_current_object())
    heartbeat.start()
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=periodic)
    try:
        consumer.run()
    finally:
        heartbeat.stop()
