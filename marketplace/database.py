"""Engine settings that make SQLite behave like a real server database.

SQLite gets WAL mode (readers do not block the writer), a busy timeout, foreign keys,
and transactions that SQLAlchemy controls itself, so SAVEPOINT works the same as on
PostgreSQL (the recipe from SQLAlchemy's pysqlite documentation).

Every SQLite transaction holds the write lock before it writes: from its start in a
request that is about to write (not GET, HEAD or OPTIONS), else from just before its
first write, so simultaneous saves queue on the busy timeout instead of failing with
"database is locked".

PostgreSQL cursors describe their results lazily (``marketplace/pg_cursor.py``): a
cached statement's result needs no column descriptions. A PostgreSQL connection taken
from the pool is checked before use without a round trip
when it can be (``check_connections_on_checkout``): SQLAlchemy's ``pool_pre_ping`` sent
a ``SELECT 1`` on every checkout, once per request.

A read replica (``DATABASE_REPLICA_URL``) gets its own engine whose transactions are
read-only (PostgreSQL ``SET TRANSACTION READ ONLY``; SQLite ``PRAGMA query_only``), so a
write sent there by mistake fails instead of being lost on a copy. ``read_session()``
hands it to read-only queries that may lag a moment behind the primary (the insights
dashboards); without a replica it is the ordinary session.
"""

from __future__ import annotations

import select
import time
from contextlib import contextmanager

from flask import Flask, current_app, g, has_app_context, has_request_context, request
from psycopg.pq import TransactionStatus
from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from marketplace.db_types import (
    SQLITE_LOCAL_DAY,
    SQLITE_LOCAL_MONTH,
    stored_local_day,
    stored_local_month,
)
from marketplace.extensions import db
from marketplace.pg_cursor import LazilyDescribedCursor

#: Requests that only read, as far as the person asking is concerned (they may still log
#: a view); every other request is about to write.
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Statements that never need the write lock (by their first word).
_READING_STATEMENTS = frozenset({"SELECT", "PRAGMA", "EXPLAIN", "WITH", "BEGIN", "COMMIT",
                                 "ROLLBACK", "SAVEPOINT", "RELEASE"})
#: ``connection.info`` key: True once the SQLite transaction holds the write lock.
_HOLDS_WRITE_LOCK = "werkbrug_holds_write_lock"
#: ``connection.info`` key: False while the PostgreSQL transaction has only read.
_HAS_WRITTEN = "werkbrug_has_written"


def configure_engine_events(engine: Engine, writable: bool = True) -> None:
    """SQLite's connection settings and transactions; PostgreSQL's prepared statements.

    ``writable`` (the primary, not a read replica) also makes every transaction take
    the write lock before its first write (see ``_take_write_lock``)."""
    if engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _describe_lazily)
        keep_prepared_statements(engine)
        check_connections_on_checkout(engine)
        return
    if engine.dialect.name != "sqlite":
        return
    busy_timeout_ms = int(current_app.config.get("SQLITE_BUSY_TIMEOUT_MS", 30000))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy emit BEGIN itself (pysqlite's own handling breaks SAVEPOINT).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        # SQLite has no time zones: Belgian months (``insights/sql.py``) and days
        # (``db_types.local_day``) come from Python.
        dbapi_connection.create_function(
            SQLITE_LOCAL_MONTH, 1, stored_local_month, deterministic=True)
        dbapi_connection.create_function(
            SQLITE_LOCAL_DAY, 1, stored_local_day, deterministic=True)
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # A request that will write takes the write lock first: simultaneous writers
        # then queue on the busy timeout and each reads what the one before committed.
        immediate = writable and has_request_context() and request.method not in READING_METHODS
        connection.info[_HOLDS_WRITE_LOCK] = immediate
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    if writable:
        event.listen(engine, "before_cursor_execute", _take_write_lock)


def _describe_lazily(dbapi_connection, _record) -> None:
    """Cursors that make a result's column descriptions only when read
    (``marketplace/pg_cursor.py``)."""
    dbapi_connection.cursor_factory = LazilyDescribedCursor


def keep_prepared_statements(engine: Engine) -> None:
    """Let psycopg's prepared statements outlive the request that made them.

    psycopg prepares a statement on its fifth run on a connection, so PostgreSQL plans
    it once instead of on every run (up to 20 ms for a join of ten tables, more than
    running it). But psycopg forgets them all on every ROLLBACK (one might have used a
    table the rolled-back transaction created), and every request that only read ends
    with one: the session closes, its transaction rolls back. So a transaction that
    sent nothing but reads ends with COMMIT instead, which for it is the same thing;
    the ROLLBACK that follows then finds no transaction and keeps the statements."""
    keep_prepared = int(current_app.config["POSTGRES_PREPARED_MAX"])

    @event.listens_for(engine, "connect")
    def _keep_many(dbapi_connection, _record):
        dbapi_connection.prepared_max = keep_prepared

    @event.listens_for(engine, "begin")
    def _only_read_so_far(connection):
        connection.info[_HAS_WRITTEN] = False

    @event.listens_for(engine, "before_cursor_execute")
    def _note_writes(connection, _cursor, statement, _parameters, context, _executemany):
        if not connection.info.get(_HAS_WRITTEN, True) and not _only_reads(statement, context):
            connection.info[_HAS_WRITTEN] = True

    @event.listens_for(engine, "rollback")
    def _commit_reads(connection):
        if connection.invalidated or connection.closed:  # lost: nothing to end
            return
        dbapi_connection = connection.connection.dbapi_connection
        if (not connection.info.get(_HAS_WRITTEN, True)
                and dbapi_connection.info.transaction_status == TransactionStatus.INTRANS):
            dbapi_connection.commit()


#: ``ConnectionRecord.info`` key: when the connection went back into the pool.
_IDLE_SINCE = "werkbrug_idle_since"


def check_connections_on_checkout(engine: Engine) -> None:
    """Hand out no pooled PostgreSQL connection the server has dropped, as
    ``pool_pre_ping`` did, mostly without its round trip.

    A server that ends a connection (a restart, ``pg_terminate_backend``,
    ``idle_session_timeout``, a proxy closing it) sends its reason and closes the
    socket, so the idle connection's socket has something to read: then it gets the
    real ping. A connection idle longer than ``POSTGRES_PING_AFTER_IDLE_SECONDS`` gets
    it too, since a firewall or NAT that forgot it says nothing until it is used.
    Otherwise, under load, where connections go back and forth within milliseconds,
    nothing is sent. A failed ping throws away every pooled connection and the pool
    connects anew, as ``pool_pre_ping`` does (one dropped usually means all were).
    """
    idle_limit = float(current_app.config["POSTGRES_PING_AFTER_IDLE_SECONDS"])
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _note_idle(_dbapi_connection, record):
        if record is not None:
            record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _check_alive(dbapi_connection, record, _proxy):
        idle_since = record.info.get(_IDLE_SINCE)
        if idle_since is None:  # just connected
            return
        if time.monotonic() - idle_since <= idle_limit and not _has_news(dbapi_connection):
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            raise exc.InvalidatePoolError() from error


def _has_news(dbapi_connection) -> bool:
    """True when an idle connection's socket can be read (the server said something,
    or closed it) or psycopg already knows it is closed: such a connection is pinged."""
    if dbapi_connection.closed:
        return True
    poller = select.poll()
    poller.register(dbapi_connection.fileno(), select.POLLIN)
    return bool(poller.poll(0))


def _take_write_lock(connection, _cursor, statement, _parameters, context, _executemany):
    """Before the first write of a transaction that began without the write lock (a GET
    that logs a view, a CLI command), end it and begin again with the lock.

    SQLite answers a transaction that has read and then writes after another
    connection's commit with "database is locked" at once (its snapshot is stale, so
    waiting cannot help). Nothing has been written yet, so ending it loses nothing; the
    rest of the transaction, this write included, sees the latest commits, as a
    PostgreSQL READ COMMITTED statement would.

    Inside a SAVEPOINT the transaction cannot be ended without losing it, so the write
    goes ahead as it is: only POST operations use savepoints (and they hold the lock
    from the start), and so do the tests, whose one connection has no rival."""
    if connection.info.get(_HOLDS_WRITE_LOCK, True) or _only_reads(statement, context):
        return
    connection.info[_HOLDS_WRITE_LOCK] = True
    if connection.in_nested_transaction():
        return
    dbapi_connection = connection.connection.dbapi_connection
    dbapi_connection.execute("COMMIT")
    dbapi_connection.execute("BEGIN IMMEDIATE")


def _only_reads(statement: str, context) -> bool:
    if context is not None and (context.isinsert or context.isupdate or context.isdelete
                                or context.isddl):
        return False
    words = statement.split(None, 1)
    return bool(words) and words[0].upper() in _READING_STATEMENTS


REPLICA_EXTENSION = "werkbrug_read_replica"


def install_read_replica(app: Flask) -> None:
    """Make the engine of ``DATABASE_REPLICA_URL`` when it is set, and close each
    request's replica session when the request ends."""
    url = app.config.get("DATABASE_REPLICA_URL")
    if not url:
        return
    engine = create_engine(url, **dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {}))
    with app.app_context():
        configure_engine_events(engine, writable=False)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _read_only(dbapi_connection, _record):
            dbapi_connection.execute("PRAGMA query_only=ON")

        reader = engine
    else:
        reader = engine.execution_options(postgresql_readonly=True)
    app.extensions[REPLICA_EXTENSION] = reader

    @app.teardown_appcontext
    def _close_replica_session(_error):
        session = g.pop("replica_session", None)
        if session is not None:
            session.close()


def read_session() -> Session:
    """The session for read-only queries that may lag behind the primary: the
    replica's (one per request) when ``DATABASE_REPLICA_URL`` is set, else
    ``db.session``. Never write with it."""
    engine = current_app.extensions.get(REPLICA_EXTENSION)
    if engine is None:
        return db.session
    if "replica_session" not in g:
        g.replica_session = Session(bind=engine, autoflush=False)
    return g.replica_session


def render_migration_item(type_, obj, autogen_context):
    """Write our column types as their plain SQL type in migrations, so that a revision
    never imports application code that may change later."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


class WritesForbidden(RuntimeError):
    """Something tried to write while writing was forbidden (see ``writes_forbidden``)."""


@contextmanager
def writes_forbidden():
    """Run code that must not change the database: any flush or DML statement raises
    ``WritesForbidden`` (for example when a form is shown again after a refused token)."""
    previous = g.get("writes_forbidden", False)
    g.writes_forbidden = True
    try:
        yield
    finally:
        g.writes_forbidden = previous


def _writes_are_forbidden() -> bool:
    return has_app_context() and g.get("writes_forbidden", False)


@event.listens_for(Session, "before_flush")
def _refuse_flush(session, _context, _instances):
    if _writes_are_forbidden() and (session.new or session.dirty or session.deleted):
        raise WritesForbidden("flush while writes are forbidden")


@event.listens_for(Session, "do_orm_execute")
def _refuse_dml(state):
    if _writes_are_forbidden() and (state.is_insert or state.is_update or state.is_delete):
        raise WritesForbidden("DML while writes are forbidden")
