"""Gunicorn settings: ``gunicorn -c python:marketplace.gunicorn_conf wsgi:app``.

Each worker compiles the page templates, builds its search indexes and the opportunity
rows, and maps the candidate pool snapshot (building it when the host has none), in the
background right after it starts, so the first person to open a page, use an
autocomplete or a suggestions page does not wait for it. Then it hands what it built to
the garbage collector as permanent (see ``settle_garbage_collector``). After each answer
is sent, the worker collects the request's leftover cycles (``collect_between_requests``),
so collections rarely run while someone waits.
"""

from __future__ import annotations

import gc
import os
import threading

# The master loads the application's modules (not the app: no database, no sockets)
# before it forks, so the workers share those pages and a restarted worker starts at
# once. The old package __init__ did this by accident; it is on purpose now.
import marketplace.app  # noqa: F401
from marketplace.extensions import db
from marketplace.matching.operations import candidate_rows, opportunity_rows
from marketplace.taxonomy.queries import (
    occupation_index,
    skill_description_index,
    skill_index,
)

bind = os.environ.get("WERKBRUG_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
#: More than 1: each worker serves this many requests at once in threads (gthread), so a
#: worker waiting on PostgreSQL, or rebuilding its matching data, does not hold up the
#: requests behind it. The process caches are built under a lock, once per process.
threads = int(os.environ.get("WEB_THREADS", "1"))
if threads > 1:
    worker_class = "gthread"
accesslog = "-"
timeout = 60
#: The garbage collector's thresholds in a worker (Python's default: 700, 10, 10). A
#: request makes tens of thousands of objects that die with it; at 700 the collector
#: runs many times per request, finds them still alive and promotes them towards the
#: old generation, whose full collections then walk the whole heap. The young threshold
#: is a safety net for one large request; ordinary collections run between requests.
GC_THRESHOLDS = (100_000, 10, 10)
#: Young objects left over after a request (mostly cycles: ORM states, macros, forms,
#: about 600 a request) above which the worker collects before taking the next one.
#: At that moment the request's own objects are gone, so a young collection walks
#: only what is left: during a request it walked the live page too (about 5 ms each).
COLLECT_BETWEEN_REQUESTS_ABOVE = 5_000


def settle_garbage_collector() -> None:
    """Collect once, then keep everything alive now out of later collections.

    A worker holds about 700,000 long-lived objects once warm (the taxonomy's search
    indexes, the prepared opportunity and candidate rows, the mapped classes), and each
    full collection walked all of them: hundreds of ms at a time, a third of a busy
    worker's CPU. ``gc.freeze`` moves them to a generation the collector never visits;
    they are still freed as usual when nothing refers to them any more."""
    gc.collect()
    gc.freeze()


def compile_templates(app) -> None:
    """Compile every page template into the app's template cache. Compiled on first
    use instead, a page and the macros it imports cost its first visitor in each
    worker tens of ms (a load test's first seconds saw every worker compiling)."""
    environment = app.jinja_env
    for name in environment.list_templates(extensions=["html"]):
        environment.get_template(name)


def warm(app) -> None:
    """Build what the first requests would otherwise wait for, then settle the collector."""
    compile_templates(app)
    with app.app_context():
        try:
            occupation_index()
            skill_index()
            skill_description_index()
            candidate_rows()
            opportunity_rows()
        except Exception:  # an empty or unmigrated database: build on first use
            app.logger.warning("Search indexes and candidate pool not warmed", exc_info=True)
        finally:
            db.session.remove()
    settle_garbage_collector()


def collect_between_requests() -> None:
    """Collect the young generation (and the middle or old one as often as Python's
    own rule would) when enough leftovers have gathered: after an answer is sent, not
    while the next person waits."""
    young, middle, old = gc.get_count()
    if young <= COLLECT_BETWEEN_REQUESTS_ABOVE:
        return
    _young_threshold, middle_threshold, old_threshold = gc.get_threshold()
    if old >= old_threshold:
        gc.collect(2)
    elif middle >= middle_threshold:
        gc.collect(1)
    else:
        gc.collect(0)


def post_request(_worker, _request, _environ, _response):
    collect_between_requests()


def post_worker_init(worker):
    gc.set_threshold(*GC_THRESHOLDS)
    threading.Thread(target=warm, args=(worker.wsgi,), name="warm-indexes",
                     daemon=True).start()
