"""The admin's page to hand a coach's whole caseload to a colleague of the same
organisation (``caseload_handover.py``), reached from the admin's page of that user.
It shows how many people move, not who. The request checks and records the handover;
a background job moves the people, and this page and the user's page say while it is
under way or when it stopped. Thin views, as in ``routes.py``."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from marketplace.accounts.models import User
from marketplace.accounts.permissions import Permission
from marketplace.accounts.roles import Role
from marketplace.candidates import caseload_handover, caseload_queries
from marketplace.candidates.blueprint import bp
from marketplace.candidates.caseload_forms import CaseloadHandoverForm
from marketplace.candidates.handovers import CaseloadHandover
from marketplace.candidates.jobs import hand_over_caseload_job
from marketplace.extensions import db
from marketplace.jobs.errors import describe_error
from marketplace.jobs.models import JobState
from marketplace.jobs.tasks import dispatch
from marketplace.security import requires


@bp.route("/caseloads/<int:coach_id>/handover", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def hand_over_caseload(coach_id: int):
    coach = db.session.get(User, coach_id)
    if coach is None or coach.role != Role.COACH:
        abort(404)
    colleagues = caseload_handover.colleagues_to_take_over(coach)
    form = CaseloadHandoverForm(coaches=colleagues)
    if form.validate_on_submit():
        try:
            handover = caseload_handover.request_caseload_handover(
                coach, to_coach=form.chosen_coach, note=form.note.data,
                expected=form.expected_count, by=current_user)
        except caseload_handover.CaseloadChanged as changed:
            db.session.rollback()
            form.form_errors.append(ngettext(
                "The caseload changed in the meantime: it now holds %(num)d person. "
                "Check the new coach and confirm again.",
                "The caseload changed in the meantime: it now holds %(num)d people. "
                "Check the new coach and confirm again.", changed.count))
            return _page(form, coach), 409
        except caseload_handover.HandoverUnderWay:
            db.session.rollback()
            return _page(form, coach), 409  # the page says it is under way
        run = dispatch(hand_over_caseload_job, handover.id, coach.id)  # commits it first
        _flash_started(handover, run.state)
        return redirect(url_for("admin.edit_user", user_id=coach.id))
    return _page(form, coach)


def _flash_started(handover: CaseloadHandover, state: str) -> None:
    """Say how the handover went: done at once (a quick worker, or the tests' queue
    that runs jobs in the request), under way, or not started."""
    coach = handover.to_coach.name
    if state == JobState.DONE:
        flash(ngettext("%(num)d person is now in the caseload of %(coach)s.",
                       "%(num)d people are now in the caseload of %(coach)s.",
                       handover.moved, coach=coach), "success")
    elif state == JobState.FAILED:
        flash(_("The handover could not be done: the background jobs page says why."),
              "error")
    else:
        flash(ngettext(
            "The handover of %(num)d person to %(coach)s has started and runs in the "
            "background. Follow it on this page or on the background jobs page.",
            "The handover of %(num)d people to %(coach)s has started and runs in the "
            "background. Follow it on this page or on the background jobs page.",
            handover.expected, coach=coach), "success")


@dataclass(frozen=True)
class HandoverState:
    """What a page says about a coach's caseload handover: one under way (with how
    many are still to move), or the latest one stopped on a failed job (its error in
    the reader's language where it can be)."""

    handover: CaseloadHandover
    left: int
    error: str | None = None
    error_is_data: bool = False


def handover_state(coach: User) -> HandoverState | None:
    under_way = caseload_handover.handover_under_way(coach)
    if under_way is not None:
        return HandoverState(under_way, left=caseload_queries.caseload_size(coach))
    failed = caseload_handover.latest_failed_handover(coach)
    if failed is None:
        return None
    handover, run = failed
    error = describe_error(run.error)
    return HandoverState(handover, left=caseload_queries.caseload_size(coach), error=error,
                         error_is_data=error == run.error)


@bp.app_context_processor
def _handover_state_helper():
    """The admin's page of a user (``admin/user_form.html``) says when a handover of the
    coach's caseload is under way or stopped; the accounts package cannot import this
    one."""
    return {"caseload_handover_state": handover_state}


def _page(form: CaseloadHandoverForm, coach: User):
    held = caseload_queries.caseload_size(coach)
    form.expected.data = str(held)  # what the admin confirms is what the page says
    return render_template("candidates/caseload_handover.html", form=form, coach=coach,
                           held=held, state=handover_state(coach))
