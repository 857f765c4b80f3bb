"""``flask users ...`` and ``flask mail ...``: bootstrap an admin, deliver queued mail."""

from __future__ import annotations

import click
from sqlalchemy import select

from marketplace.accounts.models import Organisation, User
from marketplace.accounts.operations import account_link, find_user_by_email, normalise_email
from marketplace.accounts.roles import OrganisationKind, Role
from marketplace.accounts.throttle import prune_login_records
from marketplace.commands import CommandGroup
from marketplace.extensions import db
from marketplace.mail.operations import deliver_pending

users_cli = CommandGroup("users", help="Manage user accounts from the command line.")
mail_cli = CommandGroup("mail", help="Outgoing e-mail.")


@users_cli.command("create-admin")
@click.argument("email")
@click.argument("name")
@click.option(
    "--organisation",
    default="Werkbrug",
    show_default=True,
    help="Name of the administration body (created when missing).",
)
def create_admin(email: str, name: str, organisation: str):
    """Create the first admin and print a link to choose a password (valid 48 hours)."""
    if find_user_by_email(email):
        raise click.ClickException(f"A user with e-mail {email} already exists.")
    body = db.session.scalar(select(Organisation).where(Organisation.name == organisation))
    if body is None:
        body = Organisation(name=organisation, kind=OrganisationKind.ADMIN_BODY)
        db.session.add(body)
    elif body.kind != OrganisationKind.ADMIN_BODY:
        raise click.ClickException(f"{organisation} is not an administration body.")
    user = User(email=normalise_email(email), name=name, role=Role.ADMIN, organisation=body)
    db.session.add(user)
    db.session.flush()
    link = account_link(user)
    db.session.commit()
    click.echo(f"Admin {user.email} created. Choose a password within 48 hours at:\n{link}")


@users_cli.command("forget-logins")
def forget_logins():
    """Delete failed logins and reset requests older than the throttle window, and
    addresses that are no longer usual (run daily: the window only reads recent rows,
    but the old ones are still personal data)."""
    gone = prune_login_records()
    db.session.commit()
    click.echo(f"{gone} old login record(s) deleted.")


@mail_cli.command("send")
def send_mail():
    """Send queued messages through the configured SMTP server."""
    sent = deliver_pending()
    click.echo(f"{sent} message(s) sent.")
