"""The coach's caseload pages: the caseload, a profile and its history, consent and
handover (the privacy pages are in ``privacy_routes.py``, an admin's handover of a
whole caseload in ``handover_routes.py``). Thin views: parse the form,
call one operation, commit once, render or redirect. Every view of a profile is written
to the audit log before the page shows.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

# The admin's caseload handover and the privacy pages join this blueprint.
import marketplace.candidates.handover_routes
import marketplace.candidates.privacy_routes  # noqa: F401
from marketplace.accounts.permissions import Permission
from marketplace.candidates import (
    caseload_queries,
    form_html,
    history_html,
    identity,
    operations,
    placement,
    queries,
)
from marketplace.candidates.blueprint import bp
from marketplace.candidates.caseload_forms import (
    CaseloadFilterForm,
    ConsentForm,
    HandoverForm,
    WithdrawalForm,
)
from marketplace.candidates.form_choices import country_names
from marketplace.candidates.form_labels import field_labels
from marketplace.candidates.forms import CandidateForm, candidate_form_data, error_items
from marketplace.candidates.profile_queries import profile_details
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.security import requires
from marketplace.web import once_only
from marketplace.web.conflicts import EditConflict, describe_conflict, take_saved_values
from marketplace.web.i18n import as_data, current_language
from marketplace.web.pagination import paginate

#: What each audit action about a candidate means, for the history and the export.
ACTION_LABELS = {
    "candidate_created": _l("Profile created"),
    "candidate_changed": _l("Profile changed"),
    "consent_given": _l("Consent recorded"),
    "consent_withdrawn": _l("Consent withdrawn"),
    "candidate_handed_over": _l("Handed over to another coach"),
    "candidate_viewed": _l("Profile viewed"),
    "candidate_exported": _l("Data exported"),
    "candidate_placed": _l("Placed: hired by an employer"),
    "candidate_placement_undone": _l("Placement undone"),
    "trajectory_decided": _l("Trajectory decided"),
    "trajectory_step_added": _l("Step added to the trajectory"),
    "trajectory_step_changed": _l("Step of the trajectory changed"),
    "trajectory_step_removed": _l("Step removed from the trajectory"),
    "trajectory_step_recorded": _l("Step added by Werkbrug (a hire)"),
    "trajectory_step_withdrawn": _l("Step of an undone hire removed"),
}

#: Audit actions that belong in the history shown on the profile page.
HISTORY_ACTIONS = (
    "candidate_created",
    "candidate_changed",
    "consent_given",
    "consent_withdrawn",
    "candidate_handed_over",
    "candidate_placed",
    "candidate_placement_undone",
    "trajectory_decided",
    "trajectory_step_added",
    "trajectory_step_changed",
    "trajectory_step_removed",
    "trajectory_step_recorded",
    "trajectory_step_withdrawn",
)
#: How many of the newest history lines the profile shows; the history page has all.
HISTORY_ON_PROFILE = 10
#: History lines per page of the history page.
HISTORY_PER_PAGE = 25


@bp.context_processor
def _template_helpers():
    return {
        "action_labels": ACTION_LABELS,
        "country_name": lambda code: country_names().get(code, code or ""),
        "years": format_decimal,
    }


@bp.app_context_processor
def _identity_helpers():
    """Lists show a second detail beside a pseudonym that repeats on them."""
    return {
        "repeated": identity.repeated,
        "candidate_second_detail": lambda candidate: identity.second_detail(
            candidate, current_user.id, local_today()
        ),
    }


@bp.app_context_processor
def _caseload_summary_helper():
    """The coach's home page (``web/home_coach.html``) shows a summary of the caseload;
    a callable, so the counts are only read where a template asks for them."""
    return {"caseload_summary": lambda: caseload_queries.caseload_summary(current_user)}


# --- caseload ---------------------------------------------------------------------------


@bp.get("/")
@requires(Permission.KEEP_CASELOAD)
def caseload():
    shared = request.args.get("scope") == caseload_queries.SHARED
    scope = caseload_queries.SHARED if shared else caseload_queries.MINE
    options = caseload_queries.caseload_filter_options(current_user, scope, current_language())
    form = CaseloadFilterForm(
        request.args, occupations=options.occupations, municipalities=options.municipalities
    )
    occupation = form.value("occupation")
    filters = caseload_queries.CaseloadFilters(
        q=form.value("q"),
        status=form.value("status"),
        dutch_level=form.value("dutch_level"),
        occupation_id=int(occupation) if occupation else None,
        municipality=form.value("municipality"),
        trajectory=form.value("trajectory"),
    )
    # Unfiltered, the list holds the candidates the filter's statement counted.
    unfiltered = filters == caseload_queries.CaseloadFilters()
    page = paginate(caseload_queries.caseload(current_user, filters, scope), per_page=25,
                    total=options.total if unfiltered else None)
    names = caseload_queries.caseload_page_details(page.items, current_user, current_language())
    # Each row's names marked as data and joined here, as ``|map('data')|join(', ')``
    # wrote them: those filters cost more than the rest of a row.
    wished = {candidate_id: Markup(", ").join([as_data(name) for name in wished_names])
              for candidate_id, wished_names in names.items()}
    handed_over = queries.handed_over_by(current_user) if scope == caseload_queries.MINE else []
    return render_template(
        "candidates/caseload.html", form=form, page=page, scope=scope, handed_over=handed_over,
        wished=wished,
    )


# --- the profile ------------------------------------------------------------------------

#: The profile form's pickers and checkbox groups, written as their macros write them
#: (``form_html``; its fields are written by the template global ``field_html``).
bp.add_app_template_global(form_html.picker, "candidate_picker")
bp.add_app_template_global(form_html.checkbox_group, "candidate_checkbox_group")
#: The lines of the history tables of the profile and the history page.
bp.add_app_template_global(history_html.rows, "candidate_history_rows")


def _render_form(form, candidate=None, conflict=None, status=200):
    return render_template(
        "candidates/candidate_form.html",
        form=form,
        candidate=candidate,
        conflict=conflict,
        field_labels=field_labels(),
        errors=error_items(form),
    ), status


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.KEEP_CASELOAD)
def new_candidate():
    form = CandidateForm(creating=True)
    if request.method == "POST" and form.change_rows(request.form):
        return _render_form(form)
    if form.validate_on_submit():
        candidate = operations.create_candidate(current_user, form.to_profile())
        once_only.remember(form.submission_token.data,
                           url_for("candidates.profile", candidate_id=candidate.id))
        db.session.commit()
        flash(
            _("%(name)s is in your caseload. Now record their consent.", name=candidate.pseudonym),
            "success",
        )
        return redirect(url_for("candidates.consent", candidate_id=candidate.id))
    return _render_form(form)


@bp.get("/<int:candidate_id>")
@requires(Permission.KEEP_CASELOAD)
def profile(candidate_id: int):
    candidate = queries.visible_candidate_or_404(candidate_id, current_user)
    owner = candidate.coach_id == current_user.id
    operations.record_view(candidate, "profile" if owner else "shared_profile")
    # The newest lines only, with their number in all: a profile saved hundreds of
    # times reads no more than ten.
    history = (queries.recent_history(candidate.id, HISTORY_ACTIONS, HISTORY_ON_PROFILE)
               if owner else None)
    details = profile_details(candidate, owner, current_language())
    page = render_template(
        "candidates/profile.html",
        candidate=candidate,
        owner=owner,
        details=details,
        history=history,
        handovers=details.handovers,
        field_labels=field_labels(),
    )
    return _committed(page)


@bp.get("/<int:candidate_id>/history")
@requires(Permission.KEEP_CASELOAD)
def history(candidate_id: int):
    """The whole history of a candidate's profile, newest first, a page at a time. Only
    the candidate's own coach reads it, as only they see it on the profile; the view
    is audited as the profile's is."""
    candidate = queries.own_candidate_or_404(candidate_id, current_user)
    operations.record_view(candidate, "history")
    page = paginate(queries.history_newest_first(candidate.id, HISTORY_ACTIONS),
                    per_page=HISTORY_PER_PAGE)
    return _committed(render_template(
        "candidates/history.html", candidate=candidate, page=page,
        field_labels=field_labels(),
    ))


def _committed(page: str) -> str:
    """Commit the view's audit event once its page is written, and return the page.

    The page still goes out only once the event is saved; committing first would
    expire every object loaded so far, and the page would read them all again."""
    db.session.commit()
    return page


@bp.post("/<int:candidate_id>/undo-placement")
@requires(Permission.KEEP_CASELOAD)
def undo_placement(candidate_id: int):
    """Put a placed candidate back on the status they had (the button on the profile)."""
    candidate = queries.own_candidate_or_404(candidate_id, current_user)
    try:
        restored = placement.undo_placement(candidate, by=current_user,
                                            expected_version=request.form.get("version"))
    except (EditConflict, placement.NotPlaced):
        db.session.rollback()
        flash(_("The profile changed in the meantime, so nothing was undone. Look at its "
                "status now."), "error")
        return redirect(url_for("candidates.profile", candidate_id=candidate_id))
    db.session.commit()
    flash(_placement_undone_notice(candidate.pseudonym, restored,
                                   candidate.has_active_consent), "success")
    return redirect(url_for("candidates.profile", candidate_id=candidate.id))


def _placement_undone_notice(name: str, restored: str, has_consent: bool) -> str:
    """The notice after "Undo placed", by the status the undo restored: only an active
    person with consent is suggested and proposed, so a paused or stopped one, or an
    active one without consent, is told so."""
    if restored == CandidateStatus.PAUSED:
        return _("%(name)s is no longer placed and is paused again, so they are not "
                 "suggested or proposed. Set their status to active when they may be.",
                 name=name)
    if restored == CandidateStatus.LEFT:
        return _("%(name)s is no longer placed and has left the trajectory again, so they "
                 "are not suggested or proposed.", name=name)
    if not has_consent:
        return _("%(name)s is no longer placed. They are suggested and proposed again once "
                 "their consent is recorded.", name=name)
    return _("%(name)s is no longer placed and can be suggested and proposed again.",
             name=name)


@bp.route("/<int:candidate_id>/edit", methods=["GET", "POST"])
@requires(Permission.KEEP_CASELOAD)
def edit_candidate(candidate_id: int):
    candidate = queries.own_candidate_or_404(candidate_id, current_user)
    # The EXISTS column read with the candidate's row (the same question as "an open
    # consent record"): no statement for the records with their recorders' accounts.
    has_consent = candidate.has_active_consent
    if request.method == "GET":
        form = CandidateForm(data=candidate_form_data(candidate), has_consent=has_consent)
        operations.record_view(candidate, "edit")
        page, status = _render_form(form, candidate)
        return _committed(page), status
    form = CandidateForm(has_consent=has_consent, saved_id=candidate_id)
    if form.change_rows(request.form):
        return _render_form(form, candidate)
    if not form.validate_on_submit():
        return _render_form(form, candidate)
    was_placed = candidate.status == CandidateStatus.PLACED
    try:
        operations.update_candidate(candidate, form.to_profile(),
                                    expected_version=form.version.data, rows=form.saved_rows)
    except EditConflict as error:
        db.session.rollback()
        form.version.data = candidate.version  # reloaded: the version saved by the other
        conflict = take_saved_values(form, describe_conflict(error),
                                     candidate_form_data(candidate))
        return _render_form(form, candidate, conflict, 409)
    db.session.commit()
    if was_placed and form.status.data != CandidateStatus.PLACED:
        # Another status ended the placement as the undo button does (update_candidate).
        flash(_("Changes saved. %(name)s is no longer placed: the placement was undone.",
                name=form.pseudonym.data), "success")
    else:
        flash(_("Changes saved."), "success")
    # The id from the URL: the commit expired the candidate, reading it reloads the row.
    return redirect(url_for("candidates.profile", candidate_id=candidate_id))


# --- consent ----------------------------------------------------------------------------


def _render_consent(candidate, form, status=200):
    return render_template("candidates/consent.html", candidate=candidate, form=form), status


@bp.route("/<int:candidate_id>/consent", methods=["GET", "POST"])
@requires(Permission.KEEP_CASELOAD)
def consent(candidate_id: int):
    """The consent history, with the form to record consent or its withdrawal."""
    candidate = queries.own_candidate_or_404(candidate_id, current_user)
    active = next((r for r in candidate.consent_records if r.is_active), None)
    if active is not None:
        if request.method == "POST":
            flash(_("Consent was already recorded."), "error")
            return redirect(url_for("candidates.consent", candidate_id=candidate.id))
        operations.record_view(candidate, "consent")
        db.session.commit()
        return _render_consent(candidate, WithdrawalForm(given_on=active.given_on))
    form = ConsentForm()
    if form.validate_on_submit():
        operations.give_consent(
            candidate,
            given_on=form.given_on.data,
            method=form.method.data,
            recorded_by=current_user,
        )
        db.session.commit()
        flash(_("Consent recorded."), "success")
        return redirect(url_for("candidates.profile", candidate_id=candidate.id))
    if request.method == "GET":
        operations.record_view(candidate, "consent")
        db.session.commit()
    return _render_consent(candidate, form)


@bp.post("/<int:candidate_id>/consent/withdrawal")
@requires(Permission.KEEP_CASELOAD)
def withdraw_consent(candidate_id: int):
    candidate = queries.own_candidate_or_404(candidate_id, current_user)
    active = next((r for r in candidate.consent_records if r.is_active), None)
    if active is None:
        flash(_("There is no consent to withdraw."), "error")
        return redirect(url_for("candidates.consent", candidate_id=candidate.id))
    form = WithdrawalForm(given_on=active.given_on)
    if not form.validate_on_submit():
        return _render_consent(candidate, form)
    operations.withdraw_consent(
        candidate, withdrawn_on=form.withdrawn_on.data, recorded_by=current_user
    )
    db.session.commit()
    flash(_("Withdrawal recorded. The person is no longer suggested or proposed."), "success")
    return redirect(url_for("candidates.profile", candidate_id=candidate.id))


# --- handover ---------------------------------------------------------------------------


@bp.route("/<int:candidate_id>/handover", methods=["GET", "POST"])
@requires(Permission.KEEP_CASELOAD)
def handover(candidate_id: int):
    candidate = queries.own_candidate_or_404(candidate_id, current_user)
    form = HandoverForm(coaches=queries.coaches_for_handover(current_user))
    if form.validate_on_submit():
        to_coach = form.chosen_coach
        operations.hand_over_candidate(candidate, to_coach=to_coach, note=form.note.data)
        db.session.commit()
        flash(
            _(
                "%(name)s is now in the caseload of %(coach)s.",
                name=candidate.pseudonym,
                coach=to_coach.name,
            ),
            "success",
        )
        return redirect(url_for("candidates.caseload"))
    if request.method == "GET":
        operations.record_view(candidate, "handover")
        db.session.commit()
    return render_template("candidates/handover.html", candidate=candidate, form=form)
