"""``flask demo load``: fill an empty database with demo data."""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy import func, select

from marketplace.accounts.models import Organisation
from marketplace.commands import CommandGroup
from marketplace.demo.accounts import DEMO_PASSWORD, USERS, load_demo_accounts
from marketplace.demo.apitokens import load_demo_api_tokens
from marketplace.demo.barriers import load_demo_barriers
from marketplace.demo.candidates import load_demo_candidates
from marketplace.demo.esco import DemoDataError
from marketplace.demo.insights import load_demo_history
from marketplace.demo.news import load_demo_news
from marketplace.demo.opportunities import load_demo_opportunities
from marketplace.demo.proposals import load_demo_proposals
from marketplace.demo.ranking import load_demo_ranking_model
from marketplace.demo.suggestions import load_demo_suggestions
from marketplace.demo.training import load_demo_training
from marketplace.demo.trajectories import load_demo_trajectories
from marketplace.demo.tryouts import load_demo_tryouts
from marketplace.extensions import db
from marketplace.taxonomy.models import Postcode

demo_cli = CommandGroup("demo", help="Demo data for trying Werkbrug (never in production).")


@demo_cli.command("load")
def load_command():
    """Load demo organisations and users when the database has no organisations yet."""
    if current_app.config["ENVIRONMENT"] == "production":
        raise click.ClickException("Demo data is never loaded in production.")
    if not db.session.scalar(select(func.count()).select_from(Postcode)):
        raise click.ClickException("Load the taxonomy first: flask --app wsgi taxonomy load")
    if db.session.scalar(select(func.count()).select_from(Organisation)):
        click.echo("The database already holds organisations: demo data not loaded.")
        return
    organisations = load_demo_accounts()
    opportunities = load_demo_opportunities(organisations)
    opportunities += load_demo_history(organisations)
    try:
        candidates = load_demo_candidates()
    except DemoDataError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    proposals = load_demo_proposals()
    barriers = load_demo_barriers()
    steps = load_demo_trajectories()
    enrolments = load_demo_tryouts(organisations)
    load_demo_news()
    courses = load_demo_training()
    suggestion_lists = load_demo_suggestions()
    ranking_model = load_demo_ranking_model()
    api_keys = load_demo_api_tokens(organisations)
    db.session.commit()
    click.echo(f"Demo data loaded: {opportunities} opportunities and {courses} training "
               f"courses, {candidates} candidates "
               f"in the demo coaches' caseloads, {barriers} barriers, {proposals} proposals, "
               f"{steps} trajectory steps, 2 try-outs with {enrolments} enrolments, "
               f"{suggestion_lists} suggestion lists shown, ranking model {ranking_model} "
               f"(trained on simulated decisions, not in use).")
    click.echo("Demo accounts (demo only, never use these elsewhere):")
    for user in USERS:
        click.echo(f"  {user.role:<9} {user.email:<28} password: {DEMO_PASSWORD}")
    click.echo("Demo API keys (shown only now; see /api/v1/docs):")
    for name, secret in api_keys.items():
        click.echo(f"  {name}: {secret}")
