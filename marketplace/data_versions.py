"""Version stamps of data that processes cache, kept in the database.

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
"""

from __future__ import annotations

from sqlalchemy import Integer, String, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from marketplace.extensions import db


class DataVersion(db.Model):
    __tablename__ = "data_version"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


def current_version(name: str, session: Session | None = None) -> int:
    """The stamp of ``name`` as this transaction sees it (0 before the first write);
    ``session`` reads it elsewhere (the read replica), default ``db.session``."""
    session = session if session is not None else db.session
    return session.scalar(select(DataVersion.version).where(DataVersion.name == name)) or 0


def _stamp_name(cls) -> str | None:
    return getattr(cls, "__data_version__", None)


_WRITTEN = "data_versions_written"


def has_uncommitted_stamps(session: Session | None = None) -> bool:
    """True while this session's transaction has raised a stamp it has not committed."""
    session = session if session is not None else db.session
    return bool(session.info.get(_WRITTEN))


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_written(session):
    session.info.pop(_WRITTEN, None)


def _bump(session: Session, names: set[str]) -> None:
    session.info.setdefault(_WRITTEN, set()).update(names)
    connection = session.connection()  # Core, so that no ORM event runs again
    for name in sorted(names):
        result = connection.execute(
            update(DataVersion.__table__)
            .where(DataVersion.__table__.c.name == name)
            .values(version=DataVersion.__table__.c.version + 1)
        )
        if not result.rowcount:
            connection.execute(DataVersion.__table__.insert().values(name=name, version=1))


@event.listens_for(Session, "before_flush")
def _bump_on_flush(session, _context, _instances):
    touched = session.new | session.dirty | session.deleted
    names = {name for obj in touched if (name := _stamp_name(type(obj)))}
    if names:
        _bump(session, names)


@event.listens_for(Session, "do_orm_execute")
def _bump_on_bulk_statement(state):
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    names = {name for mapper in state.all_mappers if (name := _stamp_name(mapper.class_))}
    if names:
        _bump(state.session, names)
