"""Load the reference data into the database: ``flask --app wsgi taxonomy load``.

The load runs in two phases:

1. **Read and check.** Every file in the data folder (``data/*.csv.gz``, see
   ``data/README.md``) is read and every row is checked before anything is written. A
   missing file, a broken gzip stream, a missing column or a bad row stops the load with
   a :class:`TaxonomyDataError` that names the file and line of each problem.
2. **Write.** Each table is compared in memory with what the database already holds;
   new rows are inserted and changed rows updated with executemany-style bulk
   statements. Nothing is deleted: other tables refer to occupations, skills,
   languages and postcodes, and a row that disappeared from a newer ESCO export is
   still what an old vacancy meant. Running the load twice changes nothing the second
   time.

:func:`load_taxonomy` only flushes; the caller commits (the CLI command commits once).

The files and fixed lists are described in ``sources.py``, reading and checking them
in ``records.py`` (the CSV records) and ``reader.py`` (each table's rows and where they
come from); this module writes them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert, inspect, select, update

from marketplace.extensions import db
from marketplace.taxonomy.models import (
    CefrLevel,
    IscoGroup,
    Language,
    NaceSection,
    Occupation,
    Postcode,
    Skill,
)
from marketplace.taxonomy.reader import read_taxonomy
from marketplace.taxonomy.records import TaxonomyError
from marketplace.taxonomy.sources import resolve_data_dir

TAXONOMY_MODELS = (CefrLevel, Language, NaceSection, Postcode, IscoGroup, Occupation, Skill)
"""Every table the load writes, in write order (ISCO groups before occupations)."""


class TaxonomyDatabaseError(TaxonomyError):
    """The database is not ready for the load (for example: not migrated)."""


@dataclass
class TableChange:
    """What the load did to one table."""

    table: str
    rows: int
    created: int = 0
    updated: int = 0

    @property
    def unchanged(self) -> int:
        return self.rows - self.created - self.updated


@dataclass
class LoadSummary:
    """What :func:`load_taxonomy` did, per table, and how long it took."""

    tables: list[TableChange] = field(default_factory=list)
    seconds: float = 0.0

    def __getitem__(self, table: str) -> TableChange:
        for change in self.tables:
            if change.table == table:
                return change
        raise KeyError(table)

    @property
    def created(self) -> int:
        return sum(change.created for change in self.tables)

    @property
    def updated(self) -> int:
        return sum(change.updated for change in self.tables)

    def report(self) -> str:
        """A short table for the terminal."""
        lines = [f"Taxonomy loaded in {self.seconds:.1f} s "
                 f"({self.created} created, {self.updated} updated):"]
        for change in self.tables:
            lines.append(f"  {change.table:<14} {change.rows:>6} rows  "
                         f"{change.created:>6} created  {change.updated:>6} updated")
        return "\n".join(lines)


# -- the entry point -------------------------------------------------------------------


def load_taxonomy(data_dir: str | Path | None = None) -> LoadSummary:
    """Read and check every file, then insert or update every taxonomy table.

    ``data_dir`` defaults to ``TAXONOMY_DATA_DIR`` or the package's ``data/`` folder.
    Needs an app context. Flushes, never commits. Raises :class:`TaxonomyDataError`
    (bad files) or :class:`TaxonomyDatabaseError` (tables missing) before writing
    anything.
    """
    started = time.perf_counter()
    data = read_taxonomy(resolve_data_dir(data_dir))
    check_tables()
    summary = LoadSummary(tables=[_upsert(m, key, rows) for m, key, rows in data.tables()])
    db.session.flush()
    _expire_loaded_objects()
    summary.seconds = time.perf_counter() - started
    return summary


# -- writing ---------------------------------------------------------------------------


def check_tables() -> None:
    """Raise :class:`TaxonomyDatabaseError` unless every taxonomy table exists."""
    inspector = inspect(db.session.connection())
    missing = [m.__tablename__ for m in TAXONOMY_MODELS if not inspector.has_table(m.__tablename__)]
    if missing:
        raise TaxonomyDatabaseError(
            f"The database has no table {', '.join(missing)}: it is not migrated. "
            "Run 'flask --app wsgi db upgrade' first; nothing was written."
        )


def _upsert(model: type, key: str, rows: list[dict]) -> TableChange:
    """Insert new rows and update changed ones, matched on the natural ``key``."""
    change = TableChange(model.__tablename__, len(rows))
    if not rows:
        return change
    primary_key = model.__mapper__.primary_key[0].key
    columns = list(rows[0])
    wanted = dict.fromkeys([primary_key, key, *columns])
    existing = {
        row[key]: row
        for row in db.session.execute(select(*(getattr(model, c) for c in wanted))).mappings()
    }
    inserts, updates = [], []
    for row in rows:
        old = existing.get(row[key])
        if old is None:
            inserts.append(row)
        elif any(old[c] != row[c] for c in columns):
            updates.append({**row, primary_key: old[primary_key]})
    if inserts:
        db.session.execute(insert(model), inserts)
    if updates:
        db.session.execute(update(model), updates)
    change.created, change.updated = len(inserts), len(updates)
    return change


def _expire_loaded_objects() -> None:
    """Bulk statements bypass the identity map; make loaded taxonomy objects reload."""
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, TAXONOMY_MODELS):
            db.session.expire(obj)
