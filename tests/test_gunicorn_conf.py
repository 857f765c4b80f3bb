"""What a gunicorn worker does as it starts: warm its caches in the background, then
keep the long-lived objects out of the garbage collector's way."""

from __future__ import annotations

import gc
import threading

import pytest

from marketplace import gunicorn_conf


@pytest.fixture
def collector():
    """Leave the test process's collector as it found it."""
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_settling_the_collector_keeps_what_lives_now_out_of_later_collections(collector):
    kept = [[n] for n in range(1000)]  # containers the collector would otherwise walk
    gc.unfreeze()
    gc.collect()
    assert gc.get_freeze_count() == 0
    gunicorn_conf.settle_garbage_collector()
    assert gc.get_freeze_count() >= len(kept)


def test_a_starting_worker_raises_the_young_threshold_and_warms_in_the_background(
        collector, monkeypatch):
    warmed = threading.Event()
    seen = []

    def warm(app):
        seen.append(app)
        warmed.set()

    class Worker:
        wsgi = object()

    monkeypatch.setattr(gunicorn_conf, "warm", warm)
    gunicorn_conf.post_worker_init(Worker())
    assert warmed.wait(5)
    assert seen == [Worker.wsgi]
    assert gc.get_threshold() == gunicorn_conf.GC_THRESHOLDS
    assert gunicorn_conf.GC_THRESHOLDS[0] > 700  # Python's default
