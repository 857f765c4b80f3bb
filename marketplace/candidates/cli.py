"""``flask candidates ...``: the retention review.

``flask --app wsgi candidates inactive [--days N]`` lists the candidates without any
activity (a change, consent, handover) for more than N days, default
``CANDIDATE_RETENTION_DAYS``, oldest first, so that their coaches can review whether
the data may still be kept. It shows no personal details beyond the pseudonym, changes
nothing, and writes one audit event for the listing.
"""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup

from marketplace.candidates.operations import record_retention_review
from marketplace.candidates.queries import inactive_candidates
from marketplace.db_types import utcnow
from marketplace.extensions import db

candidates_cli = AppGroup("candidates", help="Candidates: retention review.")


@candidates_cli.command("inactive")
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=None,
    help="Inactive for more than this many days (default: CANDIDATE_RETENTION_DAYS).",
)
def inactive_command(days: int | None) -> None:
    """List candidates inactive longer than the retention period, for review."""
    days = days or int(current_app.config["CANDIDATE_RETENTION_DAYS"])
    found = inactive_candidates(utcnow() - timedelta(days=days))
    record_retention_review(days, len(found))
    db.session.commit()
    if not found:
        click.echo(f"No candidates inactive for more than {days} days.")
        return
    click.echo(f"{len(found)} candidate(s) inactive for more than {days} days:")
    click.echo(f"{'id':>6}  {'last activity':<13} {'coach':<30} {'organisation':<30} pseudonym")
    for candidate in found:
        click.echo(
            f"{candidate.id:>6}  {candidate.last_activity_at:%Y-%m-%d}    "
            f"{candidate.coach.email:<30} {candidate.organisation.name:<30} "
            f"{candidate.pseudonym}"
        )
