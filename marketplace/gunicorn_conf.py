"""Gunicorn settings: ``gunicorn -c python:marketplace.gunicorn_conf wsgi:app``.

Each worker builds its search indexes and maps the candidate pool snapshot (building it
when the host has none) in the background right after it starts, so the first person to
use an autocomplete or a suggestions page does not wait for it.
"""

from __future__ import annotations

import os
import threading

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


def post_worker_init(worker):
    app = worker.wsgi

    def warm():
        from marketplace.extensions import db
        from marketplace.matching.operations import candidate_rows
        from marketplace.taxonomy.queries import (
            occupation_index,
            skill_description_index,
            skill_index,
        )

        with app.app_context():
            try:
                occupation_index()
                skill_index()
                skill_description_index()
                candidate_rows()
            except Exception:  # an empty or unmigrated database: build on first use
                app.logger.warning("Search indexes and candidate pool not warmed",
                                   exc_info=True)
            finally:
                db.session.remove()

    threading.Thread(target=warm, name="warm-indexes", daemon=True).start()
