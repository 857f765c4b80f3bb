"""``flask match ...``: rankings from the command line (all candidates, no viewer).

It lives outside ``marketplace/matching/`` because that package stays free of Flask
apart from its one bridge, ``operations.py``.
"""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.matching import operations
from marketplace.opportunities.models import Opportunity

match_cli = AppGroup("match", help="The matching engine.")


@match_cli.command("rank")
@click.argument("refs", nargs=-1)
@click.option("--all", "rank_all", is_flag=True, help="Rank every open opportunity.")
@click.option("--top", "top_k", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="One JSON object (the only output).")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
              help="Language of the reasons.")
def rank_command(refs, rank_all, top_k, as_json, lang):
    """The best candidates for opportunities given by REF (or --all), hard requirements
    applied: {"opportunity ref": [{"candidate", "score", "reasons"}, ...]}."""
    if rank_all == bool(refs):
        raise click.UsageError("Give opportunity refs, or --all (not both).")
    if rank_all:
        opportunities = db.session.scalars(
            select(Opportunity).where(Opportunity.id.in_(operations.open_opportunities_query()))
            .order_by(Opportunity.id)).all()
    else:
        found = {o.ref: o for o in db.session.scalars(
            select(Opportunity).where(Opportunity.ref.in_(refs)))}
        unknown = [ref for ref in refs if ref not in found]
        if unknown:
            raise click.ClickException("Unknown opportunity ref(s): " + ", ".join(unknown))
        opportunities = [found[ref] for ref in refs]
    with force_locale(lang):
        result = {_key(o.ref, "opportunity", o.id): _ranked(o, top_k) for o in opportunities}
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    for key, entries in result.items():
        click.echo(f"{key}:")
        for entry in entries:
            click.echo(f"  {entry['score']:.3f}  {entry['candidate']}")
            for reason in entry["reasons"]:
                click.echo(f"         - {reason}")


def _key(ref: str | None, kind: str, id_: int) -> str:
    return ref if ref else f"{kind}-{id_}"


def _ranked(opportunity: Opportunity, top_k: int) -> list[dict]:
    ranked = operations.suggest_candidates(opportunity, viewer=None, top_k=top_k)
    names = operations.names_for(ranked.explanations, "en" if _is_english() else "nl")
    rows = ranked.rows
    return [
        {
            "candidate": _key(rows.refs[rows.row_of[explanation.candidate_id]], "candidate",
                              explanation.candidate_id),
            "score": round(float(explanation.score), 4),
            "reasons": operations.explanation_sentences(explanation, names),
        }
        for explanation in ranked.explanations
    ]


def _is_english() -> bool:
    from marketplace.web.i18n import current_language

    return current_language() == "en"
