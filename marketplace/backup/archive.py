"""The backup file: gzip-compressed JSON Lines, the same on SQLite and PostgreSQL.

Line 1 is a header::

    {"format": "werkbrug-backup", "format_version": 1, "alembic_revision": "0006",
     "dialect": "postgresql", "created_at": "2026-11-24T15:00:00+00:00",
     "tables": {"cefr_level": ["code", "rank", ...], ...}}

naming the schema revision and, per table, its columns in the order the rows give
them. Then one line per row, ``["table", value, value, ...]``, table after table in
the order of their foreign keys (a table comes after the tables it refers to), rows in
primary key order. Dates and times are ISO 8601 text (times in UTC), exact decimals
text, binary values (a stored ranking model) base64 text, everything else plain JSON.
The last line is a trailer with the number of rows of every table,
``{"end": true, "rows": {"cefr_level": 7, ...}}``: a file without it was cut short.

The tables are read through the models' metadata (``db.metadata``), not with a
database's own tool, so a file made on SQLite restores into PostgreSQL and back. The
dump reads one consistent snapshot (PostgreSQL: a repeatable-read transaction; SQLite:
one read transaction in WAL mode).

A restore goes only into a database that ``flask db upgrade`` brought to the file's
revision and that holds no data yet (apart from the data version stamps that the
migrations create). Everything happens in the caller's one transaction: any problem
raises ``BackupError`` and the caller rolls back, so nothing is restored. After the
rows, PostgreSQL's id sequences are moved past the highest id, and every data version
stamp goes up by one, so no process serves answers it cached before the restore.

The file holds every personal detail in the database: it is created readable by its
owner only.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    Table,
    Time,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.types import TypeDecorator

import marketplace.models  # noqa: F401 - every model on db.metadata
from marketplace.data_versions import DataVersion
from marketplace.extensions import db

FORMAT = "werkbrug-backup"
FORMAT_VERSION = 1
BATCH_ROWS = 1000
#: Tables the migrations fill themselves; a restore replaces their rows.
SEEDED_BY_MIGRATIONS = frozenset({DataVersion.__tablename__})


class BackupError(Exception):
    """The dump or restore cannot go on; the message says why, for the operator."""


@dataclass
class Summary:
    """What a dump wrote or a restore loaded: the schema revision and rows per table."""

    revision: str
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def tables() -> list[Table]:
    """Every table of the models, each after the tables its foreign keys point to."""
    return list(db.metadata.sorted_tables)


def schema_revision(connection: Connection) -> str | None:
    """The Alembic revision of the database, or None when it was never migrated."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


# --- dump ----------------------------------------------------------------------------


def dump_database(path: Path) -> Summary:
    """Write every row of every table to ``path`` (which must not exist yet)."""
    connection = _snapshot_connection()
    revision = schema_revision(connection)
    if revision is None:
        raise BackupError("This database has no schema (run `flask db upgrade`): nothing to dump.")
    header = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "alembic_revision": revision,
        "dialect": connection.dialect.name, "created_at": datetime.now(UTC).isoformat(),
        "tables": {table.name: [column.name for column in table.columns] for table in tables()},
    }
    rows: dict[str, int] = {}
    partial = path.with_name(path.name + ".partial")
    try:
        # Owner-only from the start: the file holds personal data.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BackupError(f"{partial} exists: an earlier dump was interrupted. Delete it "
                          "and try again.") from None
    try:
        with os.fdopen(descriptor, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb") as out:
            out.write(_line(header))
            for table in tables():
                rows[table.name] = 0
                for row in _table_rows(connection, table):
                    out.write(_line([table.name, *map(_encode, row)]))
                    rows[table.name] += 1
            out.write(_line({"end": True, "rows": rows}))
        # Only a complete file gets the name asked for.
        if path.exists():
            raise BackupError(f"{path} appeared while dumping; the dump is kept as {partial}.")
        partial.rename(path)
    except BaseException:
        if partial.exists() and not path.exists():
            partial.unlink()
        raise
    return Summary(revision, rows)


def _snapshot_connection() -> Connection:
    """The session's connection, reading one snapshot of the whole database."""
    if db.engine.dialect.name == "postgresql":
        return db.session.connection(
            execution_options={"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
        )
    return db.session.connection()


def _table_rows(connection: Connection, table: Table) -> Iterator[tuple]:
    statement = select(table).order_by(*table.primary_key.columns)
    result = connection.execution_options(yield_per=BATCH_ROWS).execute(statement)
    for row in result:
        yield tuple(row)


def _line(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def _encode(value: Any) -> Any:
    if isinstance(value, date | time):  # datetime too
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(value).decode("ascii")
    return value


# --- restore -------------------------------------------------------------------------


def restore_database(path: Path) -> Summary:
    """Load the backup at ``path`` into this empty database at the same revision.

    Flushes into the session's transaction; the caller commits, or rolls back on
    ``BackupError`` (then nothing was restored).
    """
    connection = db.session.connection()
    lines = _read_lines(path)
    header = _header(next(lines, None), path)
    revision = schema_revision(connection)
    if revision is None:
        raise BackupError("This database has no schema yet. Run `flask db upgrade` first "
                          f"(to revision {header['alembic_revision']}).")
    if revision != header["alembic_revision"]:
        raise BackupError(
            f"The backup is of schema revision {header['alembic_revision']}, this database "
            f"is at {revision}. Restore into a database migrated to "
            f"{header['alembic_revision']} (`flask db upgrade {header['alembic_revision']}`), "
            "then upgrade it.")
    known = {table.name: table for table in tables()}
    _check_columns(header["tables"], known)
    _check_empty(connection, known.values())
    for name in SEEDED_BY_MIGRATIONS:
        connection.execute(known[name].delete())

    loader = _Loader(connection, known, header["tables"])
    trailer = None
    for number, line in enumerate(lines, start=2):
        if trailer is not None:
            raise BackupError(f"Line {number}: there is data after the end of the backup.")
        if isinstance(line, dict) and line.get("end") is True:
            trailer = line
            continue
        if not isinstance(line, list) or not line or line[0] not in known:
            raise BackupError(f"Line {number}: not a row of a known table.")
        loader.add(number, line[0], line[1:])
    if trailer is None:
        raise BackupError("The backup ends before its last line: the file is incomplete.")
    loader.finish()

    expected = trailer.get("rows")
    read = {name: loader.rows.get(name, 0) for name in known}
    if not isinstance(expected, dict) or {n: expected.get(n, 0) for n in known} != read:
        raise BackupError(f"The backup's last line counts other rows than the file holds "
                          f"({expected} against {read}): the file is damaged.")
    if _row_counts(connection, known.values()) != read:
        raise BackupError("After loading, the tables do not hold the rows of the backup.")
    _move_sequences(connection, known.values())
    connection.execute(update(DataVersion.__table__).values(version=DataVersion.version + 1))
    return Summary(revision, read)


def _read_lines(path: Path) -> Iterator[Any]:
    """The file's lines as JSON values; ``BackupError`` for anything unreadable."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                try:
                    yield json.loads(line)
                except json.JSONDecodeError:
                    raise BackupError(f"Line {number} is not JSON: the file is damaged.") from None
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as error:
        raise BackupError(f"{path} cannot be read as a Werkbrug backup ({error}).") from None


def _header(line: Any, path: Path) -> dict:
    if not isinstance(line, dict) or line.get("format") != FORMAT:
        raise BackupError(f"{path} is not a Werkbrug backup (its first line has no "
                          f'"format": "{FORMAT}").')
    if line.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{path} has backup format {line.get('format_version')}; this "
                          f"version of Werkbrug reads format {FORMAT_VERSION}.")
    if not isinstance(line.get("tables"), dict) or not line.get("alembic_revision"):
        raise BackupError(f"{path} has an incomplete header.")
    return line


def _check_columns(in_file: dict[str, list[str]], known: dict[str, Table]) -> None:
    """The same revision means the same tables and columns; say so if not."""
    if set(in_file) != set(known):
        different = sorted(set(in_file) ^ set(known))
        raise BackupError(f"The backup's tables differ from this database's: {different}.")
    for name, columns in in_file.items():
        if set(columns) != set(known[name].columns.keys()):
            raise BackupError(f"The columns of {name} in the backup differ from this database's.")


def _row_counts(connection: Connection, all_tables) -> dict[str, int]:
    return {table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in all_tables}


def _check_empty(connection: Connection, all_tables) -> None:
    for name, count in _row_counts(connection, all_tables).items():
        if count and name not in SEEDED_BY_MIGRATIONS:
            raise BackupError(f"This database is not empty ({name} has {count} rows). Restore "
                              "only into a new database after `flask db upgrade`.")


class _Loader:
    """Inserts rows in batches, table by table, converting values by column type.

    A column that refers to its own table (a user who invited another) is inserted
    empty and filled in once the whole table is in, so rows may come in any order.
    """

    def __init__(self, connection: Connection, known: dict[str, Table],
                 columns: dict[str, list[str]]):
        self.connection = connection
        self.known = known
        self.columns = columns
        self.rows: dict[str, int] = {}
        self.table: Table | None = None
        self.batch: list[dict] = []
        self.later: list[tuple[dict, dict]] = []  # (primary key, self references)
        self.decoders: dict[str, Callable[[Any], Any]] = {}
        self.self_refs: list[str] = []

    def add(self, number: int, name: str, values: list) -> None:
        if self.table is None or name != self.table.name:
            if name in self.rows:
                raise BackupError(f"Line {number}: rows of {name} come in two places.")
            self._flush_table()
            self._start(name)
        names = self.columns[name]
        if len(values) != len(names):
            raise BackupError(f"Line {number}: {name} has {len(names)} columns, the row "
                              f"{len(values)} values.")
        try:
            row = {column: self.decoders[column](value)
                   for column, value in zip(names, values, strict=True)}
        except (TypeError, ValueError, ArithmeticError) as error:
            raise BackupError(f"Line {number}: a value of {name} is wrong ({error}).") from None
        refs = {column: row[column] for column in self.self_refs if row[column] is not None}
        if refs:
            self.later.append(({c.name: row[c.name] for c in self.table.primary_key}, refs))
            row.update(dict.fromkeys(refs))
        self.batch.append(row)
        self.rows[name] += 1
        if len(self.batch) >= BATCH_ROWS:
            self._insert()

    def finish(self) -> None:
        self._flush_table()

    def _start(self, name: str) -> None:
        self.table = self.known[name]
        self.rows[name] = 0
        self.decoders = {column.name: _decoder(column) for column in self.table.columns}
        self.self_refs = [fk.parent.name for fk in self.table.foreign_keys
                          if fk.column.table is self.table]

    def _flush_table(self) -> None:
        if self.table is None:
            return
        self._insert()
        for key, refs in self.later:
            self._run(self.table.update().filter_by(**key).values(**refs))
        self.later = []

    def _insert(self) -> None:
        if self.batch:
            self._run(self.table.insert(), self.batch)
            self.batch = []

    def _run(self, statement, parameters=None) -> None:
        try:
            self.connection.execute(statement, parameters)
        except IntegrityError as error:
            raise BackupError(f"The rows of {self.table.name} break a rule of the database "
                              f"({error.orig}).") from None


def _decoder(column) -> Callable[[Any], Any]:
    """Turns a JSON value of ``column`` back into what its type binds."""
    kind = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
    if isinstance(kind, DateTime):
        return _optional(datetime.fromisoformat)
    if isinstance(kind, Date):
        return _optional(date.fromisoformat)
    if isinstance(kind, Time):
        return _optional(time.fromisoformat)
    if isinstance(kind, Float) or (isinstance(kind, Numeric) and not kind.asdecimal):
        return _optional(float)
    if isinstance(kind, Numeric):
        return _optional(Decimal)
    if isinstance(kind, LargeBinary):
        return _optional(base64.b64decode)
    return _same


def _optional(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else convert(value)


def _same(value: Any) -> Any:
    return value


def _move_sequences(connection: Connection, all_tables) -> None:
    """PostgreSQL: each id sequence continues after the highest restored id."""
    if connection.dialect.name != "postgresql":
        return  # SQLite takes the next rowid after the highest by itself
    for table in all_tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": table.name, "column": keys[0].name},
        ).scalar()
        if sequence is None:
            continue
        highest = connection.execute(select(func.max(keys[0]))).scalar()
        connection.execute(text("SELECT setval(:sequence, :value, :called)"), {
            "sequence": sequence, "value": highest or 1, "called": highest is not None})
