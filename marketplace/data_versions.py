"""Version stamps of data that processes cache, kept in the database.

A model marks the cache it feeds with ``__data_version__ = "candidates"``. Whenever a
flush or a bulk statement writes such a model, the stamp of that name goes up by one,
in the same transaction. A process that cached derived data (the prepared matrices of
the matching engine, for instance) compares its stamp with ``current_version(name)``
before use: every worker and host sees a change at its next use, and nobody has to
remember to invalidate anything.
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


def _bump(session: Session, names: set[str]) -> None:
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
