"""``flask taxonomy``: load and check the reference data.

``flask --app wsgi taxonomy load [--data-dir DIR]`` reads and checks every file, then
inserts or updates the taxonomy tables in one transaction and commits once. On any
problem it writes nothing, prints what is wrong (file and line) and exits non-zero.

``flask --app wsgi taxonomy check [--data-dir DIR]`` only reads and checks the files.
"""

from __future__ import annotations

from pathlib import Path

import click

from marketplace.commands import CommandGroup
from marketplace.extensions import db
from marketplace.taxonomy.loader import load_taxonomy
from marketplace.taxonomy.reader import read_taxonomy
from marketplace.taxonomy.records import TaxonomyError
from marketplace.taxonomy.sources import resolve_data_dir

taxonomy_cli = CommandGroup(
    "taxonomy", help="Reference data: ESCO, ISCO, NACE, languages, postcodes."
)

_data_dir_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder with the *.csv.gz files (default: TAXONOMY_DATA_DIR or the package's data).",
)


@taxonomy_cli.command("load")
@_data_dir_option
def load_command(data_dir: Path | None) -> None:
    """Insert or update every taxonomy table from the data files (idempotent)."""
    try:
        summary = load_taxonomy(data_dir)
        db.session.commit()
    except TaxonomyError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    except Exception:
        db.session.rollback()
        raise
    click.echo(summary.report())


@taxonomy_cli.command("check")
@_data_dir_option
def check_command(data_dir: Path | None) -> None:
    """Read and check the data files without touching the database."""
    folder = resolve_data_dir(data_dir)
    try:
        data = read_taxonomy(folder)
    except TaxonomyError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{folder}: {len(data.postcodes)} postcodes, {len(data.isco_groups)} ISCO "
               f"groups, {len(data.occupations)} occupations, {len(data.skills)} skills: OK")
