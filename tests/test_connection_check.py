"""A pooled PostgreSQL connection the server dropped is never handed out, and one that
came back from a request a moment ago is handed out without a ping.

``database.check_connections_on_checkout`` replaces ``pool_pre_ping``'s ``SELECT 1`` on
every checkout: it pings only when the socket has something to read (the server ended
the connection) or the connection sat idle past ``POSTGRES_PING_AFTER_IDLE_SECONDS``.
PostgreSQL only: an SQLite file has no connection to drop.
"""

from __future__ import annotations

import select

import psycopg
import pytest
from sqlalchemy import text

from marketplace.extensions import db
from tests import databases, fresh


@pytest.fixture(autouse=True)
def db_session():
    """The connections here are the app's own, in a database of their own."""
    yield None


@pytest.fixture(scope="module")
def own_database(tmp_path_factory):
    if databases.chosen_backend() != "postgresql":
        pytest.skip("connection checks are PostgreSQL's (the PostgreSQL pass runs this)")
    with fresh.empty_database(tmp_path_factory.mktemp("connections")) as url:
        yield url


def app_with_counted_pings(url, monkeypatch, **settings):
    app = fresh.make_app(url, **settings)
    pings = []
    with app.app_context():
        dialect = db.engine.dialect
        real_ping = dialect.do_ping

        def counted(dbapi_connection):
            pings.append(dbapi_connection)
            return real_ping(dbapi_connection)

        monkeypatch.setattr(dialect, "do_ping", counted)
    return app, pings


def backend_pid(app) -> int:
    with app.app_context(), db.engine.connect() as connection:
        return connection.scalar(text("SELECT pg_backend_pid()"))


def end_backend(url: str, pid: int) -> None:
    """End connection ``pid`` from the server's side, as a restart would."""
    plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


def test_a_connection_back_from_a_request_a_moment_ago_is_not_pinged(own_database,
                                                                      monkeypatch):
    app, pings = app_with_counted_pings(own_database, monkeypatch)
    first = backend_pid(app)
    assert [backend_pid(app) for _ in range(5)] == [first] * 5
    assert pings == []
    fresh.dispose(app)


def test_a_connection_the_server_ended_is_replaced_before_use(own_database, monkeypatch):
    app, pings = app_with_counted_pings(own_database, monkeypatch)
    with app.app_context():
        pooled = db.engine.raw_connection()
        ended = pooled.dbapi_connection.info.backend_pid
        socket = pooled.dbapi_connection.fileno()
        pooled.close()  # back into the pool
    end_backend(own_database, ended)
    select.select([socket], [], [], 5)  # the server's goodbye has arrived
    assert backend_pid(app) != ended
    assert len(pings) == 1
    fresh.dispose(app)


def test_a_connection_idle_past_the_limit_is_pinged(own_database, monkeypatch):
    app, pings = app_with_counted_pings(own_database, monkeypatch,
                                        POSTGRES_PING_AFTER_IDLE_SECONDS=0)
    first = backend_pid(app)
    assert backend_pid(app) == first
    assert len(pings) == 1
    fresh.dispose(app)
