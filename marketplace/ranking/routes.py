"""The admins' one place for the ranking (``ranking.models``): whether the ranking is
switched on (the switch itself is ``suggestions.ranking``), the trained models with
activating one (rolling back) and going back to cold start, each after a confirmation,
training a new model as a background job, and the blind-trust figures for a period
(``oversight.py``); and the fairness report per period and partner organisation, on a
page and as CSV (``fairness.py``)."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from marketplace.accounts.permissions import Permission
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.insights.forms import PeriodForm
from marketplace.insights.outcomes import HIRE_KINDS_NOTE
from marketplace.insights.queries import InsightFilters
from marketplace.jobs.models import JobState
from marketplace.jobs.tasks import dispatch
from marketplace.matching import training
from marketplace.matching.scoring import COLD_START_VERSION
from marketplace.ranking import fairness_export, in_use, operations, oversight, queries
from marketplace.ranking.fairness import STAGES, fairness_report
from marketplace.ranking.forms import ConfirmSwitchForm, FairnessForm
from marketplace.ranking.jobs import train_ranking_model_job
from marketplace.ranking.model_card import KNOWN_LIMITS, NEVER_USED, markdown_text, model_card
from marketplace.ranking.train import DEFAULT_MIN_ROWS, MIN_PROMOTION_LISTS
from marketplace.security import requires
from marketplace.suggestions.operations import ranking_enabled, ranking_setting
from marketplace.web.i18n import as_data, current_language

bp = Blueprint("ranking", __name__, url_prefix="/admin/ranking")

#: The rows of the tables of where proposals and try-out enrolments come from
#: (``oversight.ORIGINS``).
ORIGIN_LABELS = {
    "rank_1": _l("The top suggestion"),
    "rank_2_3": _l("Suggestion 2 or 3"),
    "rank_4_10": _l("Suggestion 4 to 10"),
    "below_10": _l("Below suggestion 10"),
    "unranked": _l("A suggestion of an unranked list"),
    "not_suggested": _l("Not from a suggestion"),
}


def percent(share: float | None) -> str:
    """A share as a percentage in the reader's language; "none" without a total."""
    return _("none") if share is None else format_percent(share, "#,##0.0%")


def score(value: float) -> str:
    """An NDCG@10 figure with three decimals in the reader's language (0,910 in Dutch)."""
    return format_decimal(value, "0.000")


def ranking_name(version: str) -> Markup:
    """A version as admins read it: the cold-start scorer is "the basic ranking" (words of
    the interface); a trained model's version is data, marked so."""
    if version == COLD_START_VERSION:
        return Markup.escape(_("the basic ranking"))
    return as_data(version)


@bp.get("/")
@requires(Permission.MANAGE_RANKING)
def models():
    form = PeriodForm(formdata=request.args, today=local_today())
    form.validate()
    start, end = form.period()
    filters = InsightFilters(start=start, end=end)
    models = queries.models_newest_first()
    return render_template(
        "ranking/models.html",
        models=models,
        in_use=in_use.ranking_in_use(models),
        statuses=in_use.model_statuses(models),
        margin=score(training.PROMOTION_MARGIN),
        min_lists=MIN_PROMOTION_LISTS,
        cold_start_version=COLD_START_VERSION,
        enabled=ranking_enabled(),
        setting=ranking_setting(),
        form=form,
        filters=filters,
        origins=oversight.proposal_origins(filters),
        enrolment_origins=oversight.enrolment_origins(filters),
        top_dismissals=oversight.top_dismissals(filters),
        origin_labels=ORIGIN_LABELS,
        percent=percent,
        score=score,
        ranking_name=ranking_name,
    )


@bp.post("/train")
@requires(Permission.MANAGE_RANKING)
def train():
    """Hand a training run to the job queue (the form's token is checked by CSRFProtect);
    the admin follows it on the jobs page."""
    run = dispatch(
        train_ranking_model_job, current_user.id, DEFAULT_MIN_ROWS, training.DEFAULT_FOLDS, 0
    )
    if run.state == JobState.FAILED:
        flash(_("The training failed or could not be handed to the queue: the jobs page "
                "says why."), "error")
    elif run.state == JobState.DONE:
        flash(_("The training is done: the new model is in the list."), "success")
    else:
        flash(_("The training is queued. You can follow it on the jobs page."), "success")
    return redirect(url_for("ranking.models"))


@bp.route("/<int:model_id>/activate", methods=["GET", "POST"])
@requires(Permission.MANAGE_RANKING)
def activate(model_id: int):
    model = queries.model_or_404(model_id)
    form = ConfirmSwitchForm()
    if form.validate_on_submit():
        operations.activate_model(model, current_user)
        db.session.commit()
        flash(_("Model %(version)s ranks the suggestions now.", version=model.version), "success")
        return redirect(url_for("ranking.models"))
    return render_template(
        "ranking/confirm.html", form=form, model=model,
        in_use_name=ranking_name(operations.active_version()),
    )


def _card_context(model_id: int) -> dict:
    return {
        "card": model_card(queries.model_or_404(model_id)),
        "never_used": NEVER_USED,
        "known_limits": KNOWN_LIMITS,
        "score": score,
        "ranking_name": ranking_name,
        "margin": score(training.PROMOTION_MARGIN),
        "min_lists": MIN_PROMOTION_LISTS,
        "cold_start_version": COLD_START_VERSION,
    }


@bp.get("/models/<int:model_id>/card")
@requires(Permission.MANAGE_RANKING)
def model_card_page(model_id: int):
    return render_template("ranking/model_card.html", **_card_context(model_id))


@bp.get("/models/<int:model_id>/card.md")
@requires(Permission.MANAGE_RANKING)
def model_card_markdown(model_id: int):
    context = _card_context(model_id)
    filename = f"werkbrug-model-card-{context['card'].model.version}.md"
    return Response(
        render_template("ranking/model_card.md", md=markdown_text, **context),
        mimetype="text/markdown",
        headers={"Content-Disposition": f'attachment; filename="{filename}"',
                 "Content-Language": current_language()},
    )


@bp.route("/cold-start", methods=["GET", "POST"])
@requires(Permission.MANAGE_RANKING)
def cold_start():
    form = ConfirmSwitchForm()
    if form.validate_on_submit():
        operations.use_cold_start(current_user)
        db.session.commit()
        flash(_("The basic ranking (without training) ranks the suggestions now."), "success")
        return redirect(url_for("ranking.models"))
    return render_template(
        "ranking/confirm.html", form=form, model=None,
        in_use_name=ranking_name(operations.active_version()),
    )


def _fairness_filters() -> tuple[FairnessForm, InsightFilters, int | None]:
    form = FairnessForm(
        formdata=request.args, partners=queries.partner_organisations(), today=local_today()
    )
    form.validate()
    start, end = form.period()
    return form, InsightFilters(start=start, end=end), form.organisation_id()


@bp.get("/fairness")
@requires(Permission.MANAGE_RANKING)
def fairness():
    form, filters, organisation_id = _fairness_filters()
    report = fairness_report(queries.fairness_counts(filters, organisation_id), filters.end)
    return render_template(
        "ranking/fairness.html",
        form=form,
        filters=filters,
        report=report,
        stages=STAGES,
        dimension_labels=fairness_export.DIMENSION_LABELS,
        stage_labels=fairness_export.STAGE_LABELS,
        kinds_note=HIRE_KINDS_NOTE,
        group_label=fairness_export.group_labeller(current_language()),
        rate=fairness_export.rate_text,
        ratio=fairness_export.ratio_text,
        skew=fairness_export.skew_text,
        origins=oversight.proposal_origins(filters, organisation_id),
        enrolment_origins=oversight.enrolment_origins(filters, organisation_id),
        top_dismissals=oversight.top_dismissals(filters, organisation_id),
        percent=percent,
    )


@bp.get("/fairness.csv")
@requires(Permission.MANAGE_RANKING)
def fairness_csv():
    _form, filters, organisation_id = _fairness_filters()
    report = fairness_report(queries.fairness_counts(filters, organisation_id), filters.end)
    parts = ["werkbrug-fairness", filters.start.isoformat(), filters.end.isoformat()]
    if organisation_id is not None:
        parts += ["organisation", str(organisation_id)]
    return Response(
        fairness_export.fairness_csv(report, current_language()),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{"-".join(parts)}.csv"',
                 "Content-Language": current_language()},
    )
