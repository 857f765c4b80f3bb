"""``flask backup dump FILE`` and ``flask backup restore FILE``."""

from __future__ import annotations

from pathlib import Path

import click

from marketplace.backup.archive import BackupError, Summary, dump_database, restore_database
from marketplace.commands import CommandGroup
from marketplace.extensions import db

backup_cli = CommandGroup("backup", help="Dump the database to a file and restore it.")


@backup_cli.command("dump")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def dump_command(path: Path):
    """Write every table to PATH (gzip JSON Lines; refuses to overwrite a file)."""
    if path.exists():
        raise click.ClickException(f"{path} exists already: choose a new file name.")
    try:
        summary = dump_database(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    finally:
        db.session.rollback()  # the dump only read: end its snapshot
    _report(f"Dumped to {path}", summary)


@backup_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(path: Path):
    """Load PATH into this database, which must be empty and migrated to the backup's
    revision; all or nothing."""
    try:
        summary = restore_database(path)
    except BackupError as error:
        db.session.rollback()
        raise click.ClickException(f"{error} Nothing was restored.") from None
    db.session.commit()
    _report(f"Restored {path}", summary)


def _report(what: str, summary: Summary) -> None:
    filled = sum(1 for count in summary.rows.values() if count)
    click.echo(f"{what}: {summary.total} rows in {filled} of {len(summary.rows)} tables, "
               f"schema revision {summary.revision}.")
