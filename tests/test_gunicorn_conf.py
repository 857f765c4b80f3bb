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


def test_a_warming_worker_compiles_every_page_template(app):
    app.jinja_env.cache.clear()
    gunicorn_conf.compile_templates(app)
    pages = app.jinja_env.list_templates(extensions=["html"])
    assert "base.html" in pages
    assert len(app.jinja_env.cache) >= len(pages)
    # Served from the cache now: a second compile would make a new template object.
    assert app.jinja_env.get_template("base.html") is app.jinja_env.get_template("base.html")


def test_between_requests_the_worker_collects_only_once_leftovers_have_gathered(collector):
    gc.set_threshold(*gunicorn_conf.GC_THRESHOLDS)  # as in a worker
    gc.collect()

    def young_collections() -> int:
        return gc.get_stats()[0]["collections"]

    before = young_collections()
    gunicorn_conf.collect_between_requests()
    assert young_collections() == before  # few leftovers: nothing collected

    for _n in range(gunicorn_conf.COLLECT_BETWEEN_REQUESTS_ABOVE):
        cycle = []
        cycle.append(cycle)  # garbage only a collection frees
    del cycle
    assert gc.get_count()[0] > gunicorn_conf.COLLECT_BETWEEN_REQUESTS_ABOVE
    gunicorn_conf.collect_between_requests()
    assert young_collections() == before + 1
    assert gc.get_count()[0] < gunicorn_conf.COLLECT_BETWEEN_REQUESTS_ABOVE


def test_gunicorn_calls_the_collection_after_each_request(monkeypatch):
    calls = []
    monkeypatch.setattr(gunicorn_conf, "collect_between_requests", lambda: calls.append(1))
    gunicorn_conf.post_request(object(), object(), {}, object())
    assert calls == [1]
