"""Admin pages of the ranking: the models, activating one (rolling back), back to cold
start. Each switch asks for a confirmation first."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.extensions import db
from marketplace.matching.scoring import COLD_START_VERSION
from marketplace.ranking import bp, operations, queries
from marketplace.ranking.forms import ConfirmSwitchForm
from marketplace.security import Permission, requires


@bp.get("/")
@requires(Permission.MANAGE_RANKING)
def models():
    return render_template(
        "ranking/models.html",
        models=queries.models_newest_first(),
        active_version=operations.active_version(),
        cold_start_version=COLD_START_VERSION,
    )


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
        "ranking/confirm.html", form=form, model=model, active_version=operations.active_version()
    )


@bp.route("/cold-start", methods=["GET", "POST"])
@requires(Permission.MANAGE_RANKING)
def cold_start():
    form = ConfirmSwitchForm()
    if form.validate_on_submit():
        operations.use_cold_start(current_user)
        db.session.commit()
        flash(_("The cold-start scorer ranks the suggestions now."), "success")
        return redirect(url_for("ranking.models"))
    return render_template(
        "ranking/confirm.html", form=form, model=None, active_version=operations.active_version()
    )
