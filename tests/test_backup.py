"""``flask backup dump`` and ``flask backup restore``: the demo data makes the round trip
with every row, also from one database to the other, and a restore that cannot be
complete writes nothing."""

from __future__ import annotations

import gzip
import hashlib
import json
import stat
from datetime import date, datetime, time
from pathlib import Path

import flask_migrate
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import func, select

from marketplace.extensions import db
from tests import databases, fresh

ROOT = Path(__file__).resolve().parent.parent

#: Tables whose every value is compared, besides the row counts of all tables.
CHECKSUMMED = ("user_account", "opportunity", "candidate", "consent_record", "proposal",
               "candidate_barrier", "trajectory_step", "tryout_enrolment",
               "audit_event", "suggestion_entry", "ranking_model")


@pytest.fixture(autouse=True)
def db_session():
    """These tests commit for real, in databases of their own."""
    yield None


def other_backend() -> str:
    return "sqlite" if databases.chosen_backend() == "postgresql" else "postgresql"


def run(app, *args):
    result = app.test_cli_runner().invoke(args=[str(arg) for arg in args])
    return result.exit_code, result.output


def build(app, *commands):
    for command in commands:
        code, output = run(app, *command.split())
        assert code == 0, output


def row_counts(app) -> dict[str, int]:
    with app.app_context():
        return {table.name: db.session.scalar(select(func.count()).select_from(table))
                for table in db.metadata.sorted_tables}


def checksum(app, name: str) -> str:
    """Every value of the table in key order, alike on SQLite and PostgreSQL."""

    def plain(value):
        if isinstance(value, datetime | date | time):
            return value.isoformat()
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)  # a decimal column reads 38 on SQLite, 38.0 elsewhere
        if isinstance(value, bytes | memoryview):
            return hashlib.sha256(value).hexdigest()
        return value

    digest = hashlib.sha256()
    with app.app_context():
        table = db.metadata.tables[name]
        for row in db.session.execute(select(table).order_by(*table.primary_key.columns)):
            digest.update(json.dumps([plain(v) for v in row], sort_keys=True).encode())
    return digest.hexdigest()


def backup_lines(path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return handle.readlines()


@pytest.fixture(scope="module")
def demo_backup(tmp_path_factory):
    """The demo data on this run's database, its counts and checksums, and its dump."""
    folder = tmp_path_factory.mktemp("backup")
    with fresh.migrated_database(folder, "source", users=False) as url:
        app = fresh.make_app(url)
        build(app, "demo load")
        path = folder / "werkbrug.backup.gz"
        code, output = run(app, "backup", "dump", path)
        assert code == 0, output
        counts = row_counts(app)
        sums = {name: checksum(app, name) for name in CHECKSUMMED}
        fresh.dispose(app)
        yield path, counts, sums, output


@pytest.fixture
def migrated_app(tmp_path):
    """A new database of this run's backend with the schema and nothing else."""
    with fresh.migrated_database(tmp_path, "target", taxonomy=False) as url:
        app = fresh.make_app(url)
        yield app
        fresh.dispose(app)


@pytest.mark.parametrize("target", ["same", "other"])
def test_a_dump_of_the_demo_restores_every_row_into_a_fresh_database(
    demo_backup, tmp_path, target
):
    path, counts, sums, dump_output = demo_backup
    assert "Dumped to" in dump_output and "schema revision" in dump_output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # it holds personal data
    backend = databases.chosen_backend() if target == "same" else other_backend()
    if backend == "postgresql":
        databases.require_postgres()
    with fresh.migrated_database(tmp_path, "restored", taxonomy=False, backend=backend) as url:
        app = fresh.make_app(url)
        code, output = run(app, "backup", "restore", path)
        assert code == 0, output
        assert f"{sum(counts.values())} rows" in output
        restored = row_counts(app)
        assert restored == counts
        assert counts["candidate"] > 100 and counts["proposal"] > 0
        assert {name: checksum(app, name) for name in CHECKSUMMED} == sums
        # New rows get new ids after the restored ones (PostgreSQL's sequences moved).
        with app.app_context():
            from marketplace.accounts.models import Organisation

            highest = db.session.scalar(select(func.max(Organisation.id)))
            added = Organisation(name="Na de restore", kind="employer", sector="H",
                                 postcode="2000")
            db.session.add(added)
            db.session.commit()
            assert added.id > highest
        fresh.dispose(app)


def test_restore_refuses_a_database_that_holds_data(demo_backup, migrated_app):
    path = demo_backup[0]
    build(migrated_app, "taxonomy load")
    before = row_counts(migrated_app)
    code, output = run(migrated_app, "backup", "restore", path)
    assert code != 0
    assert "This database is not empty" in output and "Nothing was restored." in output
    assert row_counts(migrated_app) == before


def test_restore_of_a_cut_off_file_writes_nothing(demo_backup, migrated_app, tmp_path):
    lines = backup_lines(demo_backup[0])
    cut = tmp_path / "cut.backup.gz"
    with gzip.open(cut, "wt", encoding="utf-8") as out:
        out.writelines(lines[:-1])  # every row, but not the last line
    before = row_counts(migrated_app)
    code, output = run(migrated_app, "backup", "restore", cut)
    assert code != 0
    assert "the file is incomplete" in output and "Nothing was restored." in output
    assert row_counts(migrated_app) == before


def test_restore_of_rows_that_break_a_foreign_key_writes_nothing(
    demo_backup, migrated_app, tmp_path
):
    lines = backup_lines(demo_backup[0])
    damaged = tmp_path / "damaged.backup.gz"
    with gzip.open(damaged, "wt", encoding="utf-8") as out:
        # Without its users, the audit events and candidates refer to nobody.
        out.writelines(line for line in lines if not line.startswith('["user_account",'))
    before = row_counts(migrated_app)
    code, output = run(migrated_app, "backup", "restore", damaged)
    assert code != 0
    assert "break a rule of the database" in output and "Nothing was restored." in output
    assert row_counts(migrated_app) == before


def test_restore_needs_the_revision_of_the_backup(demo_backup, tmp_path):
    with fresh.empty_database(tmp_path, "older") as url:
        app = fresh.make_app(url)
        with app.app_context():
            flask_migrate.upgrade(revision="0005")
        code, output = run(app, "backup", "restore", demo_backup[0])
        assert code != 0
        assert "this database is at 0005" in output
        head = ScriptDirectory(str(ROOT / "migrations")).get_current_head()
        assert head != "0005" and f"flask db upgrade {head}" in output
        fresh.dispose(app)


def test_restore_refuses_a_file_that_is_not_a_backup(migrated_app, tmp_path):
    plain = tmp_path / "notes.txt"
    plain.write_text("<script>alert(1)</script>\n")
    code, output = run(migrated_app, "backup", "restore", plain)
    assert code != 0
    assert "cannot be read as a Werkbrug backup" in output
    other = tmp_path / "other.jsonl.gz"
    with gzip.open(other, "wt") as out:
        out.write('{"type": "organisation", "ref": "x"}\n')
    code, output = run(migrated_app, "backup", "restore", other)
    assert code != 0
    assert "is not a Werkbrug backup" in output


def test_dump_never_overwrites_a_file(migrated_app, tmp_path):
    existing = tmp_path / "keep.backup.gz"
    existing.write_bytes(b"earlier backup")
    code, output = run(migrated_app, "backup", "dump", existing)
    assert code != 0
    assert "exists already" in output
    assert existing.read_bytes() == b"earlier backup"
