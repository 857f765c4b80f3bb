"""The queue's storage follows JOB_QUEUE_URL, and a real consumer runs jobs from Redis
inside the app."""

from __future__ import annotations

import signal
import uuid

import pytest
from huey.storage import RedisStorage, SqliteStorage

from marketplace.config import ConfigurationError
from marketplace.jobs import tasks
from marketplace.jobs.queue import huey, storage_for
from tests import databases


def test_without_a_url_the_queue_is_a_sqlite_file_in_the_instance_folder(tmp_path):
    storage_class, kwargs = storage_for(None, str(tmp_path))
    assert storage_class is SqliteStorage
    assert kwargs == {"filename": str(tmp_path / "jobs.sqlite")}


def test_a_redis_url_puts_the_queue_in_redis(tmp_path):
    assert storage_for("redis://127.0.0.1:6379/3", str(tmp_path)) == (
        RedisStorage,
        {"url": "redis://127.0.0.1:6379/3"},
    )


def test_another_kind_of_url_is_refused(tmp_path):
    with pytest.raises(ConfigurationError):
        storage_for("amqp://127.0.0.1", str(tmp_path))


@pytest.fixture
def redis_queue():
    """The app's queue on a Redis test database, under a name of its own; put back after."""
    databases.require_redis()
    saved = (huey.immediate, huey.storage)
    huey.immediate = False
    huey.storage = RedisStorage(f"werkbrug-test-{uuid.uuid4().hex}", url=databases.REDIS_URL)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield huey
    finally:
        huey.storage.flush_all()
        huey.storage = saved[1]
        huey.immediate = saved[0]
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def test_a_consumer_runs_a_job_from_redis_inside_the_app(redis_queue, app, monkeypatch):
    # Without SMTP the job answers from the app's settings: it ran in the app's context,
    # in the consumer's own thread.
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    result = tasks.deliver_message_job(12345)
    assert redis_queue.pending_count() == 1  # waiting in Redis, not run at once
    consumer = redis_queue.create_consumer(workers=1, worker_type="thread", periodic=False)
    consumer.start()
    try:
        assert result.get(blocking=True, timeout=30) == "no_smtp"
    finally:
        consumer.stop(graceful=True)
    assert redis_queue.pending_count() == 0
