"""Version stamps of data that processes cache, kept in the database, and the log of
which rows each raise of a stamp was about.

A model marks the cache it feeds with ``__data_version__ = "candidates"``. Whenever a
flush or a bulk statement writes such a model, the stamp of that name goes up by one,
in the same transaction. A process that cached derived data (the prepared matrices of
the matching engine, for instance) compares its stamp with ``current_version(name)``
before use: every worker and host sees a change at its next use, and nobody has to
remember to invalidate anything.

A stamp raised by a transaction that is later rolled back is raised again by the next
write, with other data behind it. So a process must not keep what it built inside a
transaction that has raised a stamp and not committed yet:
``has_uncommitted_stamps()`` tells the caches when to build without keeping.

Change log (``data_change``). A model that also names the row its change is about
(``__data_version_key__ = "candidate_id"``: the candidate whose skill it is) has every
raise of its stamp logged in the same transaction: one row per (version, key), or one
row with no key ("everything changed") for a bulk statement, which cannot say which
rows it wrote unless its caller names them (the execution option ``changed_rows``).
A model the caches read through a join, with many rows at once (an employer's sector,
read with each of its opportunities), says so with ``__data_version_key__ = None``:
its changes are logged as "everything changed".
A cache holding data of version v asks :func:`changes_since` and refreshes only those
rows instead of rebuilding everything. Every raise of a logged stamp writes at least
one row, so a version missing from the log (pruned, or raised by a writer that does not
log: a backup restore) is noticed and answered "everything". The log keeps the last
:data:`LOG_VERSIONS` versions of each stamp; older rows are deleted every
:data:`PRUNE_EVERY` versions by the writer that reaches them.

Writes that change nothing a stamp's caches read do not raise it: a model lists such
columns in ``__data_version_ignores__`` (a candidate's note, contact details and
timestamps), and an object whose only changes are there leaves the stamp alone. A
column of which the caches read only a coarser fact is named in
``__data_version_reads__`` with a function to that fact (a proposal's state, of which
the ranking reads only whether the candidate still counts as proposed): a change that
leaves the fact as it was leaves the stamp alone too.
"""

from __future__ import annotations

from sqlalchemy import Index, Integer, String, delete, event, func, inspect, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.base import NO_VALUE

from marketplace.extensions import db

LOG_VERSIONS = 2000
"""How many of a stamp's latest versions the change log keeps."""

PRUNE_EVERY = 100
"""The writer of every this many-th version deletes the log rows that are too old."""

CHANGED_ROWS = "changed_rows"
"""Execution option of a bulk statement: the keys of the rows it writes (else the log
says "everything changed")."""


class DataVersion(db.Model):
    __tablename__ = "data_version"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class DataChange(db.Model):
    """One row a raise of a stamp was about (``row_id`` None: every row)."""

    __tablename__ = "data_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    row_id: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_data_change_name_version", "name", "version"),)


def current_version(name: str, session: Session | None = None) -> int:
    """The stamp of ``name`` as this transaction sees it (0 before the first write);
    ``session`` reads it elsewhere (the read replica), default ``db.session``."""
    session = session if session is not None else db.session
    return session.scalar(select(DataVersion.version).where(DataVersion.name == name)) or 0


def version_subquery(name: str):
    """The stamp of ``name`` as ``current_version`` reads it (0 before the first write),
    as a column of a larger select: for a caller that reads several stamps, or a stamp
    and other small values, in one statement."""
    return func.coalesce(
        select(DataVersion.version).where(DataVersion.name == name).scalar_subquery(), 0
    )


def changes_since(name: str, since: int, until: int, limit: int) -> set[int] | None:
    """The keys of the rows that changed after version ``since`` up to ``until``, or None
    when the log cannot tell (a version missing, "everything", more than ``limit``
    keys, or ``until`` before ``since``): then the caller rebuilds everything."""
    if until < since or until - since > LOG_VERSIONS:
        return None
    if until == since:
        return set()
    table = DataChange.__table__
    keys: set[int] = set()
    versions: set[int] = set()
    for version, row_id in db.session.execute(
        select(table.c.version, table.c.row_id)
        .where(table.c.name == name, table.c.version > since, table.c.version <= until)
    ):
        if row_id is None:
            return None
        versions.add(version)
        keys.add(row_id)
        if len(keys) > limit:
            return None
    return keys if len(versions) == until - since else None


def _stamp_name(cls) -> str | None:
    return getattr(cls, "__data_version__", None)


_WRITTEN = "data_versions_written"
_PENDING = "data_versions_pending"


def has_uncommitted_stamps(session: Session | None = None) -> bool:
    """True while this session's transaction has raised a stamp it has not committed."""
    session = session if session is not None else db.session
    return bool(session.info.get(_WRITTEN))


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_written(session):
    session.info.pop(_WRITTEN, None)


def _bump(session: Session, names: set[str]) -> dict[str, int]:
    """Raise the stamps of ``names``; returns their new versions."""
    session.info.setdefault(_WRITTEN, set()).update(names)
    connection = session.connection()  # Core, so that no ORM event runs again
    table = DataVersion.__table__
    versions = {}
    for name in sorted(names):
        raised = connection.execute(
            update(table).where(table.c.name == name)
            .values(version=table.c.version + 1).returning(table.c.version)
        ).scalar()
        if raised is None:
            connection.execute(table.insert().values(name=name, version=1))
            raised = 1
        versions[name] = raised
    return versions


def _log(session: Session, versions: dict[str, int], keys: dict[str, set]) -> None:
    """Log the keys of each raised stamp that has a change log (``None``: everything)."""
    connection = session.connection()
    table = DataChange.__table__
    rows = [{"name": name, "version": versions[name], "row_id": key}
            for name, found in keys.items() for key in sorted(found, key=str)]
    if rows:
        connection.execute(table.insert(), rows)
    for name in keys:
        if versions[name] % PRUNE_EVERY == 0:
            connection.execute(delete(table).where(
                table.c.name == name, table.c.version <= versions[name] - LOG_VERSIONS))


def _changed(obj) -> bool:
    """Whether a dirty object changed anything its stamp's caches read."""
    cls = type(obj)
    ignored = getattr(cls, "__data_version_ignores__", ())
    coarse = getattr(cls, "__data_version_reads__", {})
    state = inspect(obj)
    for attribute in state.attrs:
        if attribute.key in ignored or _unwatched_collection(state.mapper, attribute.key):
            continue
        history = attribute.history
        if not history.has_changes():
            continue
        fact = coarse.get(attribute.key)
        if fact is None or not history.deleted:  # no old value known: assume it changed
            return True
        if {fact(value) for value in history.deleted} != {fact(value) for value in history.added}:
            return True
    return False


def _unwatched_collection(mapper, key: str) -> bool:
    """Whether ``key`` is a collection of rows no stamp watches (a proposal's events and
    interviews): no cache reads them, so a row added to or taken from it changes nothing
    a cache holds. A collection of watched rows still counts as a change of its parent:
    a row taken out of it is deleted as an orphan only during the flush, after the
    stamps are raised."""
    relationship = mapper.relationships.get(key)
    return (relationship is not None and relationship.uselist
            and _stamp_name(relationship.mapper.class_) is None)


def _keys_of(obj) -> set:
    """The row keys an object's change is about: its key now and, when it moved to
    another owner, the one it had (None when not known: everything)."""
    key = type(obj).__data_version_key__
    if key is None:  # read with many rows of the stamp: all of them changed
        return {None}
    attribute = inspect(obj).attrs[key]
    now = attribute.loaded_value  # never loads: the row may be gone
    return {None if now is NO_VALUE else now, *attribute.history.deleted}


@event.listens_for(Session, "before_flush")
def _bump_on_flush(session, _context, _instances):
    touched = [obj for obj in (*session.new, *session.deleted) if _stamp_name(type(obj))]
    touched += [obj for obj in session.dirty
                if _stamp_name(type(obj)) and obj not in session.deleted and _changed(obj)]
    names = {_stamp_name(type(obj)) for obj in touched}
    if not names:
        session.info.pop(_PENDING, None)
        return
    versions = _bump(session, names)
    # The keys of new rows are known only after the flush: logged in after_flush.
    session.info[_PENDING] = (versions, [obj for obj in touched
                                         if hasattr(type(obj), "__data_version_key__")])


@event.listens_for(Session, "after_flush")
def _log_after_flush(session, _context):
    pending = session.info.pop(_PENDING, None)
    if pending is None:
        return
    versions, logged = pending
    keys: dict[str, set] = {}
    for obj in logged:
        keys.setdefault(_stamp_name(type(obj)), set()).update(_keys_of(obj))
    _log(session, versions, {name: ({None} if None in found else found)
                             for name, found in keys.items()})


@event.listens_for(Session, "do_orm_execute")
def _bump_on_bulk_statement(state):
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    classes = [mapper.class_ for mapper in state.all_mappers if _stamp_name(mapper.class_)]
    if not classes:
        return
    versions = _bump(state.session, {_stamp_name(cls) for cls in classes})
    named = state.execution_options.get(CHANGED_ROWS)
    keys: dict[str, set] = {}
    for cls in classes:
        if hasattr(cls, "__data_version_key__"):
            own = {None} if named is None or cls.__data_version_key__ is None else set(named)
            keys.setdefault(_stamp_name(cls), set()).update(own)
    _log(state.session, versions, {name: ({None} if None in found else found)
                                   for name, found in keys.items()})
