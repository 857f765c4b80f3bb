"""The coach's pages for a candidate's barriers: record one, change one (also to mark
it solved). Thin views: parse the form, call one operation, commit once, redirect.

Only the candidate's own coach records and changes barriers; coaches the candidate is
shared with read them on the profile (``templates/candidates/_barriers.html``).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

import marketplace.barriers.report_routes  # noqa: F401 - its pages join this blueprint
from marketplace.accounts.permissions import Permission
from marketplace.barriers import operations, queries
from marketplace.barriers.blueprint import bp
from marketplace.barriers.forms import BarrierForm, barrier_form_data
from marketplace.barriers.operations import BarrierProblems
from marketplace.barriers.vocab import BarrierStatus
from marketplace.candidates.queries import own_candidate_or_404
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.security import requires
from marketplace.web.conflicts import EditConflict, describe_conflict, take_saved_values

#: The form's labels by field name, for the conflict notice.
FIELD_LABELS = {
    "kind": _l("Barrier"),
    "status": _l("Status"),
    "noted_on": _l("Noted on"),
    "solved_on": _l("Solved on"),
    "support": _l("Support arranged"),
    "referral_organisation_id": _l("Referred to partner organisation"),
}


@bp.app_context_processor
def _barrier_helpers():
    """``candidate_barriers(candidate)`` for the profile's barriers section."""
    return {"candidate_barriers": queries.barrier_lines}


def _render(candidate, form, barrier=None, conflict=None, status=200):
    return render_template(
        "barriers/form.html",
        candidate=candidate,
        form=form,
        barrier=barrier,
        conflict=conflict,
        field_labels=FIELD_LABELS,
    ), status


def _to_profile(candidate):
    return redirect(url_for("candidates.profile", candidate_id=candidate.id) + "#barriers-heading")


@bp.route("/candidates/<int:candidate_id>/barriers/new", methods=["GET", "POST"])
@requires(Permission.KEEP_CASELOAD)
def new_barrier(candidate_id: int):
    candidate = own_candidate_or_404(candidate_id, current_user)
    form = BarrierForm(partners=queries.referral_partners())
    if not form.validate_on_submit():
        return _render(candidate, form, status=400 if request.method == "POST" else 200)
    try:
        operations.add_barrier(candidate, form.to_data(), recorded_by=current_user)
    except BarrierProblems as error:
        db.session.rollback()
        form.show_problems(error.problems)
        return _render(candidate, form, status=400)
    db.session.commit()
    flash(_("Barrier saved."), "success")
    return _to_profile(candidate)


@bp.route("/candidates/<int:candidate_id>/barriers/<int:barrier_id>/edit",
          methods=["GET", "POST"])
@requires(Permission.KEEP_CASELOAD)
def edit_barrier(candidate_id: int, barrier_id: int):
    candidate = own_candidate_or_404(candidate_id, current_user)
    barrier = queries.barrier_of_or_404(candidate, barrier_id)
    partners = queries.referral_partners()
    if request.method == "GET":
        data = barrier_form_data(barrier)
        if request.args.get("solve") and not barrier.is_solved:
            # "Mark as solved" opens the form ready to save, today as the day.
            data.update(status=BarrierStatus.SOLVED, solved_on=local_today())
        return _render(candidate, BarrierForm(data=data, partners=partners), barrier)
    form = BarrierForm(partners=partners)
    if not form.validate_on_submit():
        return _render(candidate, form, barrier, status=400)
    try:
        operations.change_barrier(barrier, form.to_data(), expected_version=form.version.data)
    except EditConflict as error:
        db.session.rollback()
        form.version.data = barrier.version  # reloaded: the version saved by the other
        conflict = take_saved_values(form, describe_conflict(error), barrier_form_data(barrier))
        return _render(candidate, form, barrier, conflict, 409)
    except BarrierProblems as error:
        db.session.rollback()
        form.show_problems(error.problems)
        return _render(candidate, form, barrier, status=400)
    db.session.commit()
    flash(_("Changes saved."), "success")
    return _to_profile(candidate)
