"""The admin's page to hand a coach's whole caseload to a colleague of the same
organisation (``caseload_handover.py``), reached from the admin's page of that user.
It shows how many people move, not who. Thin views, as in ``routes.py``."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import ngettext
from sqlalchemy.orm.exc import StaleDataError

from marketplace.accounts.models import User
from marketplace.accounts.permissions import Permission
from marketplace.accounts.roles import Role
from marketplace.candidates import caseload_handover, queries
from marketplace.candidates.blueprint import bp
from marketplace.candidates.caseload_forms import CaseloadHandoverForm
from marketplace.extensions import db
from marketplace.security import requires


@bp.route("/caseloads/<int:coach_id>/handover", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def hand_over_caseload(coach_id: int):
    coach = db.session.get(User, coach_id)
    if coach is None or coach.role != Role.COACH:
        abort(404)
    colleagues = caseload_handover.colleagues_to_take_over(coach)
    form = CaseloadHandoverForm(coaches=colleagues)
    held = queries.caseload_size(coach)
    if form.validate_on_submit():
        try:
            moved = caseload_handover.hand_over_caseload(
                coach, to_coach=form.chosen_coach, note=form.note.data,
                expected=form.expected_count)
        except (caseload_handover.CaseloadChanged, StaleDataError):
            db.session.rollback()
            held = queries.caseload_size(coach)
            form.form_errors.append(ngettext(
                "The caseload changed in the meantime: it now holds %(num)d person. "
                "Check the new coach and confirm again.",
                "The caseload changed in the meantime: it now holds %(num)d people. "
                "Check the new coach and confirm again.", held))
            return _page(form, coach, held), 409
        db.session.commit()
        flash(ngettext("%(num)d person is now in the caseload of %(coach)s.",
                       "%(num)d people are now in the caseload of %(coach)s.", moved,
                       coach=form.chosen_coach.name), "success")
        return redirect(url_for("admin.edit_user", user_id=coach.id))
    return _page(form, coach, held)


def _page(form: CaseloadHandoverForm, coach: User, held: int):
    form.expected.data = str(held)  # what the admin confirms is what the page says
    return render_template("candidates/caseload_handover.html", form=form, coach=coach,
                           held=held)
