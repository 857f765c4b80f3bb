"""The coach's trajectory pages (a decision, adding, changing and removing manual
steps) and the partnership's report. Thin views: parse the form, call one operation,
commit once, redirect or render.

The profile shows the trajectory through ``templates/candidates/_trajectory.html``,
which reads its rows through the template global ``trajectory_panel``.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.permissions import Permission
from marketplace.candidates.models import Candidate
from marketplace.candidates.queries import own_candidate_or_404
from marketplace.db_types import local_date, local_today
from marketplace.extensions import db
from marketplace.insights.export import csv_download
from marketplace.insights.tables import hidden_note
from marketplace.security import requires
from marketplace.trajectories import operations, queries
from marketplace.trajectories.forms import DecisionForm, ReportFilterForm, StepForm
from marketplace.trajectories.models import TrajectoryStep
from marketplace.trajectories.panel import DecisionLine, StepLine, panel_rows
from marketplace.trajectories.report import report_tables
from marketplace.web import once_only
from marketplace.web.conflicts import (
    ConflictDescription,
    EditConflict,
    describe_conflict,
    take_saved_values,
)
from marketplace.web.i18n import current_language

bp = Blueprint("trajectories", __name__)

PREFIX = "/candidates/<int:candidate_id>/trajectory"


def _dates(candidate: Candidate) -> dict:
    return {"registered_on": local_date(candidate.created_at), "today": local_today()}


def _decision_form(candidate: Candidate, partners=None, **kwargs) -> DecisionForm:
    """The decision form; ``partners`` when they were read already (else read here)."""
    if partners is None:
        partners = queries.partner_choices()
    return DecisionForm(partners=partners, **_dates(candidate), **kwargs)


def _step_form(candidate: Candidate, **kwargs) -> StepForm:
    return StepForm(organisations=queries.organisation_choices(), **_dates(candidate), **kwargs)


def _profile_url(candidate: Candidate) -> str:
    return url_for("candidates.profile", candidate_id=candidate.id, _anchor="trajectory")


def _to_profile(candidate: Candidate):
    return redirect(_profile_url(candidate))


@dataclass(frozen=True)
class TrajectoryPanel:
    """What the profile's trajectory section shows."""

    decisions: list[DecisionLine]
    steps: list[StepLine]
    decision_form: DecisionForm | None


@bp.app_template_global("trajectory_panel")
def trajectory_panel(candidate: Candidate, owner: bool) -> TrajectoryPanel:
    """The decisions and the timeline of a candidate the profile view already let the
    user see; the decision form for their own coach."""
    rows = panel_rows(candidate.id, with_partners=owner)
    return TrajectoryPanel(
        decisions=rows.decisions,
        steps=rows.steps,
        decision_form=_decision_form(candidate, partners=rows.partners, formdata=None,
                                     decided_on=local_today())
        if owner else None,
    )


@bp.route(f"{PREFIX}/decision", methods=["GET", "POST"])
@requires(Permission.KEEP_CASELOAD)
def decide(candidate_id: int):
    """Record a decision of the partners (the form is on the profile too)."""
    candidate = own_candidate_or_404(candidate_id, current_user)
    form = _decision_form(candidate, decided_on=local_today())
    if form.validate_on_submit():
        try:
            operations.record_decision(candidate, form.details(), by=current_user)
        except operations.NotAPartner:
            db.session.rollback()
            form.partner.errors.append(_("Choose one of the partner organisations."))
        else:
            once_only.remember(form.submission_token.data, _profile_url(candidate))
            db.session.commit()
            flash(_("The decision is saved."), "success")
            return _to_profile(candidate)
    return render_template("trajectories/decision.html", candidate=candidate, form=form)


@bp.route(f"{PREFIX}/steps/new", methods=["GET", "POST"])
@requires(Permission.KEEP_CASELOAD)
def add_step(candidate_id: int):
    candidate = own_candidate_or_404(candidate_id, current_user)
    form = _step_form(candidate)
    if form.validate_on_submit():
        operations.add_step(candidate, form.details(), by=current_user)
        once_only.remember(form.submission_token.data, _profile_url(candidate))
        db.session.commit()
        flash(_("The step is added to the timeline."), "success")
        return _to_profile(candidate)
    return render_template("trajectories/step.html", candidate=candidate, form=form, step=None)


def _step_data(step: TrajectoryStep) -> dict:
    """The step as the form's values."""
    return {
        "kind": step.kind,
        "started_on": step.started_on,
        "ended_on": step.ended_on,
        "organisation": str(step.organisation_id or ""),
        "organisation_name": step.organisation_name or "",
        "dutch_level": step.dutch_level or "",
        "note": step.note or "",
        "version": step.version,
    }


def _step_conflict(error: EditConflict, candidate: Candidate) -> ConflictDescription:
    """What the other save changed, under the form's field names (the step's events are
    logged on the candidate, by field name only: a note is about a person)."""
    return describe_conflict(error, logged_under=(operations.SUBJECT, candidate.id),
                             named_as="step", form_names={"organisation_id": "organisation"})


@bp.route(f"{PREFIX}/steps/<int:step_id>/edit", methods=["GET", "POST"])
@requires(Permission.KEEP_CASELOAD)
def edit_step(candidate_id: int, step_id: int):
    candidate = own_candidate_or_404(candidate_id, current_user)
    step = queries.manual_step_or_404(candidate, step_id)
    conflict, status = None, 200
    if request.method == "GET":
        form = _step_form(candidate, data=_step_data(step))
    else:
        form = _step_form(candidate)
        if form.validate_on_submit():
            try:
                operations.change_step(step, form.details(), by=current_user,
                                       expected_version=form.version.data)
            except EditConflict as error:
                db.session.rollback()
                step = queries.manual_step_or_404(candidate, step_id)  # as saved now
                form.version.data = step.version
                conflict = take_saved_values(form, _step_conflict(error, candidate),
                                             _step_data(step))
                status = 409
            else:
                db.session.commit()
                flash(_("The step is saved."), "success")
                return _to_profile(candidate)
    return render_template("trajectories/step.html", candidate=candidate, form=form, step=step,
                           conflict=conflict,
                           field_labels={f.name: f.label.text for f in form}), status


@bp.post(f"{PREFIX}/steps/<int:step_id>/remove")
@requires(Permission.KEEP_CASELOAD)
def remove_step(candidate_id: int, step_id: int):
    candidate = own_candidate_or_404(candidate_id, current_user)
    step = queries.manual_step_or_404(candidate, step_id)
    operations.remove_step(step, by=current_user)
    db.session.commit()
    flash(_("The step is removed from the timeline."), "success")
    return _to_profile(candidate)


# --- the partnership's report -----------------------------------------------------------


def _report_form() -> ReportFilterForm:
    form = ReportFilterForm(
        formdata=request.args, partners=queries.partner_choices(), today=local_today()
    )
    form.validate()
    return form


@bp.get("/insights/trajectories")
@requires(Permission.VIEW_SUPPLY_INSIGHTS)
def report():
    form = _report_form()
    filters = form.filters()
    return render_template(
        "trajectories/report.html",
        form=form,
        filters=filters,
        tables=list(report_tables(filters, local_today()).values()),
        hidden_note=hidden_note(),
    )


@bp.get("/insights/trajectories/<key>.csv")
@requires(Permission.VIEW_SUPPLY_INSIGHTS)
def report_csv(key: str):
    form = _report_form()
    filters = form.filters()
    table = report_tables(filters, local_today()).get(key)
    if table is None:
        abort(404)
    parts = ["werkbrug-trajectories", key, filters.start.isoformat(), filters.end.isoformat()]
    if filters.partner_id is not None:
        parts += ["partner", str(filters.partner_id)]
    return Response(
        csv_download(table, current_language()),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{"-".join(parts)}.csv"',
                 "Content-Language": current_language()},
    )
