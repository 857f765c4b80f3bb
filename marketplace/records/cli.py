"""``flask records import FILE``, ``flask records export [FILE]`` and ``flask records schema``."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from sqlalchemy.exc import DataError, IntegrityError
from tqdm import tqdm

from marketplace.commands import CommandGroup
from marketplace.extensions import db
from marketplace.jobs.tasks import dispatch
from marketplace.records.exporter import export_lines
from marketplace.records.importer import RecordsRejected, import_records
from marketplace.records.jobs import import_records_job
from marketplace.records.operations import store_upload
from marketplace.records.reader import parse_lines
from marketplace.records.schema import SCHEMA_PATH, write_schema

records_cli = CommandGroup("records", help="Bulk records in the JSON Lines interchange format.")


@records_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--background", is_flag=True,
              help="Keep the file in the database and import it as a job (see the "
                   "imports page, /admin/imports/).")
def import_command(path: Path, background: bool):
    """Check the whole file, then write it all, or nothing when any line is wrong."""
    if background:
        _queue_import(path)
        return
    started = time.perf_counter()
    # Bytes, so that the reader names the line that is not UTF-8 instead of the whole
    # file failing to decode.
    with path.open("rb") as handle:
        parsed = parse_lines(handle)
    if parsed.count == 0 and not parsed.problems:
        raise click.ClickException(f"{path} holds no records: nothing was imported.")
    on_terminal = sys.stderr.isatty()
    with tqdm(total=parsed.count, unit="record", disable=not on_terminal,
              desc="importing", file=sys.stderr) as bar:
        try:
            summary = import_records(parsed, progress=bar.update)
        except RecordsRejected as rejected:
            db.session.rollback()
            for problem in rejected.problems:
                click.echo(str(problem), err=True)
            raise click.ClickException(
                f"{len(rejected.problems)} problem(s) in {path}: nothing was imported."
            ) from None
        except (IntegrityError, DataError) as error:
            # The checks above should leave the database nothing to refuse; if it still
            # does, say so in one line, never with a traceback.
            db.session.rollback()
            reason = str(error.orig).strip().splitlines()[0]
            click.echo(f"the database refused the file: {reason}", err=True)
            raise click.ClickException(f"1 problem(s) in {path}: nothing was imported.") from None
        db.session.commit()
    for warning in summary.warnings:
        click.echo(f"warning: {warning}", err=True)
    seconds = time.perf_counter() - started
    click.echo(f"Imported {parsed.count} records from {path} in {seconds:.1f} s:")
    for line in summary.lines():
        click.echo(f"  {line}")


def _queue_import(path: Path) -> None:
    """The same job as an upload in the site: the worker may run on another host."""
    data = path.read_bytes()
    if not data.strip():
        raise click.ClickException(f"{path} holds no records: nothing was imported.")
    record = store_upload(path.name, data)
    run = dispatch(import_records_job, record.id)  # commits the stored file first
    click.echo(f"Import {record.id} of {path.name} queued as job run {run.id} ({run.state}); "
               f"its result is on /admin/imports/{record.id}.")


@records_cli.command("export")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
def export_command(path: Path | None):
    """Write every organisation, coach, opportunity and live candidate, the history
    (their proposals, imported suggestion lists), then their barriers, trajectory
    decisions, try-out enrolments and trajectory steps; to stdout when no PATH is
    given."""
    if path is None:
        for line in export_lines():
            click.echo(line)
        return
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for line in export_lines():
            handle.write(line + "\n")
            count += 1
    click.echo(f"Exported {count} records to {path}.", err=True)


@records_cli.command("schema")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
def schema_command(path: Path | None):
    """Write the JSON Schema of the format (made from the record models) to PATH, by
    default docs/records.schema.json."""
    written = write_schema(path or SCHEMA_PATH)
    click.echo(f"Wrote the JSON Schema of the records to {written}.")
