"""``flask candidates ...``: the retention review.

``flask --app wsgi candidates inactive [--days N]`` lists the candidates without any
activity (``activity.last_activity``: a change of the profile, consent or coach, or
coaching recorded about them) for more than N days, default
``CANDIDATE_RETENTION_DAYS``, oldest first, so that their coaches can review whether
the data may still be kept. It shows no personal details beyond the pseudonym, changes
nothing, and writes one audit event for the listing. A daily job does the same review
(``candidates.retention``) and mails the admins a link to their list.
"""

from __future__ import annotations

import click

from marketplace.candidates.retention import review_retention
from marketplace.commands import CommandGroup
from marketplace.extensions import db

candidates_cli = CommandGroup("candidates", help="Candidates: retention review.")


@candidates_cli.command("inactive")
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=None,
    help="Inactive for more than this many days (default: CANDIDATE_RETENTION_DAYS).",
)
def inactive_command(days: int | None) -> None:
    """List candidates inactive longer than the retention period, for review."""
    review = review_retention(days)
    db.session.commit()
    days, found = review.days, review.candidates
    if not found:
        click.echo(f"No candidates inactive for more than {days} days.")
        return
    click.echo(f"{len(found)} candidate(s) inactive for more than {days} days:")
    click.echo(f"{'id':>6}  {'last activity':<13} {'coach':<30} {'organisation':<30} pseudonym")
    for candidate in found:
        click.echo(
            f"{candidate.id:>6}  {candidate.latest_activity_at:%Y-%m-%d}    "
            f"{candidate.coach.email:<30} {candidate.organisation.name:<30} "
            f"{candidate.pseudonym}"
        )
