"""The try-out pages: a coach enrols a candidate and cancels; the organiser sees who
is enrolled and marks who came.

Thin views: parse the form, call one operation, commit once, render or redirect.
The try-out's own page is the opportunity's (``opportunities.detail``); it shows this
package's panel (``tryouts/_panel.html``) through ``tryout_panel``.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from marketplace.accounts.permissions import Permission, has_permission
from marketplace.candidates.models import Candidate
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities.vocab import OpportunityKind
from marketplace.security import requires
from marketplace.suggestions.queries import entry_for_proposal
from marketplace.tryouts import operations, queries
from marketplace.tryouts.forms import CancelForm, EnrolForm, attendance_form
from marketplace.tryouts.profile_rows import profile_tryouts
from marketplace.tryouts.vocab import CANCELLABLE, MARKABLE
from marketplace.web.conflicts import EditConflict

bp = Blueprint("tryouts", __name__, url_prefix="/tryouts")

#: Why an enrolment was refused, in the coach's words.
REFUSALS = {
    operations.NotATryout: lambda: _("This is not a try-out."),
    operations.CandidateNotActive: lambda: _(
        "This person is not active in your caseload, so you cannot enrol them."),
    operations.NoActiveConsent: lambda: _(
        "This person has no active consent. Record their consent first."),
    operations.TryoutNotOpen: lambda: _(
        "This try-out is no longer open: it is not published or enrolments have closed."),
    operations.SessionOver: lambda: _(
        "The day of this try-out has passed. Nobody can enrol any more."),
    operations.TryoutFull: lambda: _(
        "Every seat of this try-out is taken. Nothing was saved. Tick the waiting list "
        "to put this person on it."),
    operations.AlreadyEnrolled: lambda: _(
        "This person is already enrolled in this try-out or on its waiting list. "
        "Nothing was saved again."),
}


# --- the coach's side ------------------------------------------------------------------


@bp.route("/<int:opportunity_id>/enrol", methods=["GET", "POST"])
@requires(Permission.ENROL_IN_TRYOUTS)
def enrol(opportunity_id: int):
    opportunity = queries.enrollable_tryout_or_404(opportunity_id)
    candidates = queries.enrollable_candidates(current_user)
    form = EnrolForm(candidates=candidates, viewer_id=current_user.id)
    if request.method == "GET":
        form.candidate.data = request.args.get("candidate", "")
        form.suggestion_entry.data = request.args.get("entry", "")
    if form.validate_on_submit():
        candidate = db.session.get(Candidate, int(form.candidate.data))
        # Linked only when shown to this coach for this very pair: another coach's entry
        # or one of another person (the coach chose someone else) is left out.
        entry = entry_for_proposal(form.suggestion_entry.data, current_user, candidate.id,
                                   opportunity.id)
        try:
            enrolment = operations.enrol_candidate(
                current_user, candidate, opportunity, waiting_list=form.waiting_list.data,
                suggestion_entry_id=entry.id if entry else None)
        except operations.TryoutError as error:
            db.session.rollback()
            form.candidate.errors = [*form.candidate.errors, REFUSALS[type(error)]()]
            return _enrol_page(form, opportunity, 409)
        db.session.commit()
        if enrolment.status == "waiting":
            flash(_("Every seat is taken, so %(candidate)s is on the waiting list. You get "
                    "a mail when a seat comes free.", candidate=candidate.pseudonym), "success")
        else:
            flash(_("%(candidate)s is enrolled in the try-out.", candidate=candidate.pseudonym),
                  "success")
        return redirect(url_for("candidates.profile", candidate_id=candidate.id))
    return _enrol_page(form, opportunity, 200)


def _enrol_page(form, opportunity, status: int):
    return render_template(
        "tryouts/enrol.html", form=form, opportunity=opportunity,
        seats=queries.seats(opportunity),
    ), status


@bp.post("/enrolments/<int:enrolment_id>/cancel")
@requires(Permission.ENROL_IN_TRYOUTS)
def cancel(enrolment_id: int):
    enrolment = queries.own_enrolment_or_404(enrolment_id, current_user)
    form = CancelForm()
    back = url_for("candidates.profile", candidate_id=enrolment.candidate_id)
    if not form.validate_on_submit():
        flash(_("This form has expired. Check what you typed and send it again."), "error")
        return redirect(back)
    try:
        operations.cancel_enrolment(enrolment, by=current_user,
                                    expected_version=form.version.data)
    except (EditConflict, StaleDataError):
        db.session.rollback()
        flash(_("Someone changed this enrolment in the meantime. Look at it again."),
              "error")
        return redirect(back)
    except operations.NotCancellable:
        db.session.rollback()
        flash(_("This enrolment can no longer be cancelled: the try-out has begun or "
                "is over."), "error")
        return redirect(back)
    db.session.commit()
    flash(_("Cancelled. The seat is free for someone else."), "success")
    return redirect(back)


# --- the organiser's side --------------------------------------------------------------


@bp.route("/<int:opportunity_id>/attendance", methods=["GET", "POST"])
@requires(Permission.ORGANISE_TRYOUTS)
def attendance(opportunity_id: int):
    opportunity = queries.organised_tryout_or_404(opportunity_id, current_user)
    enrolments = queries.session_enrolments(opportunity)
    markable = [row for row in enrolments if row.status in MARKABLE]
    form = attendance_form(markable, formdata=request.form if request.method == "POST"
                           else None)
    status = 200
    if request.method == "POST" and form.validate():
        try:
            changed = operations.mark_attendance(opportunity, form.marks(), by=current_user)
        except operations.TooEarlyToMark:
            db.session.rollback()
            form.form_errors.append(_(
                "You can mark who came on the day of the try-out or after it."))
            status = 409
        else:
            db.session.commit()
            flash(ngettext("Saved. %(num)d mark changed.", "Saved. %(num)d marks changed.",
                           changed), "success")
            return redirect(url_for("tryouts.attendance", opportunity_id=opportunity.id))
    return render_template(
        "tryouts/attendance.html", opportunity=opportunity, form=form,
        rows=[queries.organiser_view(row) for row in enrolments],
        can_mark=opportunity.session_on is not None
        and opportunity.session_on <= local_today(),
        seats=queries.seats(opportunity),
    ), status


# --- panels on other domains' pages ----------------------------------------------------


@bp.app_context_processor
def _tryout_helpers():
    """The try-out's page (``opportunities/detail.html``) and the candidate's profile
    (``candidates/profile.html``) show this domain's panels; those packages cannot
    import this one."""

    def tryout_panel(opportunity):
        if opportunity.kind != OpportunityKind.TRYOUT:
            return None
        return {
            "seats": queries.seats(opportunity),
            "can_enrol": has_permission(current_user, Permission.ENROL_IN_TRYOUTS),
            "own_enrolments": queries.coach_enrolments_of(opportunity, current_user)
            if has_permission(current_user, Permission.ENROL_IN_TRYOUTS) else [],
            "can_mark": has_permission(current_user, Permission.ORGANISE_TRYOUTS),
        }

    def candidate_tryouts(candidate):
        # only an active person is offered try-outs: no try-outs coming up for others
        return profile_tryouts(candidate.id, with_coming=candidate.status == CandidateStatus.ACTIVE)

    return {"tryout_panel": tryout_panel, "candidate_tryouts": candidate_tryouts,
            "tryout_cancellable": lambda enrolment: enrolment.status in CANCELLABLE and (
                enrolment.session_on is None or enrolment.session_on > local_today())}
