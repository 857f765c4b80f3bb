"""The fixture of tests whose requests commit for real on PostgreSQL, many at once:
races on unique constraints and row locks (a plugin of ``tests/conftest.py``).

``simultaneous_app`` is a fresh PostgreSQL database with the taxonomy and the test
users, with a connection for each simultaneous request (up to :data:`CONNECTIONS`), so
none waits for the pool; the SQLite run skips the tests that use it (SQLite lets one
writer in at a time). Such a module also turns the suite's rolled-back session off
with its own ``db_session`` fixture that does nothing.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests import fresh
from tests.conftest import login

CONNECTIONS = 22


@pytest.fixture(scope="module")
def simultaneous_app(tmp_path_factory):
    with fresh.committed_postgres_app(
        tmp_path_factory.mktemp("simultaneous"),
        "simultaneous writers need PostgreSQL: SQLite lets one writer in at a time (the "
        "PostgreSQL pass runs this)",
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "pool_size": CONNECTIONS,
                                   "max_overflow": 0},
    ) as app:
        yield app


def logged_in_clients(app, key: str, how_many: int) -> list:
    """``how_many`` test clients of ``app``, each logged in as ``key`` (a test user's key
    or e-mail address) in its own session."""
    clients = []
    for _ in range(how_many):
        client = app.test_client()
        assert login(client, key).status_code == 302
        clients.append(client)
    return clients


def all_at_once(requests) -> list:
    """Run the callables in threads released together; their results, in order."""
    barrier = threading.Barrier(len(requests))

    def run(request):
        barrier.wait(timeout=60)
        return request()

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(run, requests))
