"""``flask match ...``: rankings from the command line (all candidates, no viewer), and
``match train``: a new ranking model from the suggestion logs.

It lives outside ``marketplace/matching/`` because that package stays free of Flask
apart from its one bridge, ``operations.py``.
"""

from __future__ import annotations

import json
import time

import click
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import load_only

from marketplace.candidates.models import Candidate
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.commands import CommandGroup
from marketplace.extensions import db
from marketplace.jobs.tasks import dispatch
from marketplace.matching import operations, training
from marketplace.opportunities.models import Opportunity
from marketplace.ranking.jobs import train_ranking_model_job
from marketplace.ranking.train import (
    DEFAULT_MIN_ROWS,
    MIN_PROMOTION_LISTS,
    NothingToCompare,
    TooLittleData,
    train_new_model,
)
from marketplace.suggestions import sentences
from marketplace.suggestions.ranking import candidates_for, opportunities_for
from marketplace.web.i18n import current_language

match_cli = CommandGroup("match", help="The matching engine.")


@match_cli.command("rank")
@click.argument("refs", nargs=-1)
@click.option("--for", "subject", type=click.Choice(["opportunity", "candidate"]),
              default="opportunity", show_default=True,
              help="Rank candidates for opportunities, or opportunities for candidates.")
@click.option("--all", "rank_all", is_flag=True,
              help="Every open opportunity (or every active candidate).")
@click.option("--top", "top_k", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="One JSON object (the only output).")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
              help="Language of the reasons.")
def rank_command(refs, subject, rank_all, top_k, as_json, lang):
    """The best candidates for the opportunities given by REF (or --all), hard
    requirements applied: {"opportunity ref": [{"candidate", "score", "reasons"}, ...]};
    with --for candidate, the best open opportunities for the candidates given by REF
    (or every active candidate): {"candidate ref": [{"opportunity", "score",
    "reasons"}, ...]}. Best first; an unknown ref stops the command (exit code 1)."""
    if rank_all == bool(refs):
        raise click.UsageError(f"Give {subject} refs, or --all (not both).")
    with force_locale(lang):
        if subject == "candidate":
            result = {_key(c.ref, "candidate", c.id): _opportunities_ranked(c, top_k)
                      for c in _candidates(refs, rank_all)}
        else:
            result = {_key(o.ref, "opportunity", o.id): _ranked(o, top_k)
                      for o in _opportunities(refs, rank_all)}
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    other = "opportunity" if subject == "candidate" else "candidate"
    for key, entries in result.items():
        click.echo(f"{key}:")
        for entry in entries:
            click.echo(f"  {entry['score']:.3f}  {entry[other]}")
            for reason in entry["reasons"]:
                click.echo(f"         - {reason}")


def _opportunities(refs, rank_all: bool) -> list[Opportunity]:
    """The open opportunities (``rank_all``) or those with ``refs``, in that order."""
    if rank_all:
        return db.session.scalars(
            select(Opportunity).where(Opportunity.id.in_(operations.open_opportunities_query()))
            .order_by(Opportunity.id)).all()
    found = {o.ref: o for o in db.session.scalars(
        select(Opportunity).where(Opportunity.ref.in_(refs)))}
    return [found[ref] for ref in _known(refs, found, "opportunity")]


def _candidates(refs, rank_all: bool) -> list[Candidate]:
    """The active candidates, those in the ranking's pool (``rank_all``), or those
    with ``refs``, in that order (one who is not active gets an empty list)."""
    if rank_all:
        return db.session.scalars(
            select(Candidate).options(load_only(Candidate.id, Candidate.ref))
            .where(Candidate.status == CandidateStatus.ACTIVE).order_by(Candidate.id)).all()
    found = {c.ref: c for c in db.session.scalars(
        select(Candidate).options(load_only(Candidate.id, Candidate.ref))
        .where(Candidate.ref.in_(refs)))}
    return [found[ref] for ref in _known(refs, found, "candidate")]


def _known(refs, found: dict, kind: str) -> list[str]:
    """``refs`` without repeats; a ``ClickException`` (exit code 1) naming every ref
    that is not in ``found``."""
    unknown = [ref for ref in dict.fromkeys(refs) if ref not in found]
    if unknown:
        raise click.ClickException(f"Unknown {kind} ref(s): " + ", ".join(unknown))
    return list(dict.fromkeys(refs))


def _key(ref: str | None, kind: str, id_: int) -> str:
    return ref if ref else f"{kind}-{id_}"


def _ranked(opportunity: Opportunity, top_k: int) -> list[dict]:
    """The same ranking as the pages (``suggestions.ranking``), without their deadline."""
    result = candidates_for(opportunity, None, enabled=True, top_k=top_k, deadline=False)
    rows = operations.candidate_rows()
    return [
        {"candidate": _key(rows.refs[rows.row_of[entry.candidate_id]], "candidate",
                           entry.candidate_id), **fields}
        for entry, fields in _scored(result.entries)
    ]


def _opportunities_ranked(candidate: Candidate, top_k: int) -> list[dict]:
    """The open opportunities for ``candidate`` as the candidate's page ranks them
    (``suggestions.ranking.opportunities_for``), without its deadline."""
    result = opportunities_for(candidate, enabled=True, top_k=top_k, deadline=False)
    rows = operations.opportunity_rows()
    return [
        {"opportunity": _key(rows.refs[rows.row_of[entry.opportunity_id]], "opportunity",
                             entry.opportunity_id), **fields}
        for entry, fields in _scored(result.entries)
    ]


def _scored(entries) -> list[tuple[object, dict]]:
    """Each entry with its score and its reasons in the current language."""
    explanations = [entry.explanation for entry in entries]
    names = sentences.names_for(explanations, "en" if current_language() == "en" else "nl")
    return [
        (entry, {"score": round(float(entry.score), 4),
                 "reasons": sentences.explanation_sentences(entry.explanation, names)})
        for entry in entries
    ]


@match_cli.command("train")
@click.option("--min-rows", default=DEFAULT_MIN_ROWS, show_default=True, type=click.IntRange(1),
              help="Train only with at least this many shown entries.")
@click.option("--folds", default=training.DEFAULT_FOLDS, show_default=True,
              type=click.IntRange(2, 20), help="Folds of held-out opportunities.")
@click.option("--seed", default=0, show_default=True, type=int, help="Seed of the pair sampling.")
@click.option("--dry-run", is_flag=True, help="Train and report, but store nothing.")
@click.option("--background", is_flag=True,
              help="Hand the training to the job queue instead (see /admin/jobs/).")
def train_command(min_rows, folds, seed, dry_run, background):
    """Train a ranking model on the suggestion logs (only shown entries count) and the
    imported history (proposals, and the lists a partner showed), compare
    it with the scorer in use on held-out opportunities (NDCG@10) and promote it only
    when it is better by at least the margin; a short report at the end."""
    if background:
        if dry_run:
            raise click.UsageError("--dry-run cannot be combined with --background.")
        run = dispatch(train_ranking_model_job, 0, min_rows, folds, seed)
        click.echo(f"Training queued as job run {run.id} ({run.state}).")
        return
    try:
        outcome = train_new_model(min_rows=min_rows, folds=folds, seed=seed, dry_run=dry_run,
                                  progress=_Steps())
    except (TooLittleData, NothingToCompare) as error:
        with force_locale("en"):
            click.echo(error.explain())
        return
    db.session.commit()
    evaluation = outcome.evaluation
    current = outcome.current_version
    decision = "promoted" if outcome.promote else "kept " + current
    if not outcome.promote and training.should_promote(evaluation) \
            and outcome.lists < MIN_PROMOTION_LISTS:
        decision += f" (better, but learned from only {outcome.lists} lists: too few)"
    version = outcome.model.version if outcome.model else "(dry run, not stored)"
    click.echo("")
    click.echo("Training report")
    click.echo(f"  data:      {outcome.rows} entries, {outcome.lists} lists, "
               f"{outcome.positives} chosen")
    click.echo(f"  new model: NDCG@10 {evaluation.ndcg_new:.3f}  {version}")
    click.echo(f"  current:   NDCG@10 {evaluation.ndcg_current:.3f}  {current}")
    click.echo(f"  folds:     {evaluation.folds} (held-out opportunities)")
    click.echo(f"  decision:  {decision} (margin {training.PROMOTION_MARGIN})")


class _Steps:
    """Progress lines with the time since the start (on a terminal and in logs)."""

    def __init__(self):
        self.started = time.monotonic()

    def __call__(self, message: str) -> None:
        click.echo(f"[{time.monotonic() - self.started:6.1f}s] {message}", err=True)
