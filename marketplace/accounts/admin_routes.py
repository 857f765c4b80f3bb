"""Admin pages: organisations and users of the partnership."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup, escape

from marketplace.accounts import operations, queries
from marketplace.accounts.forms import EMAIL_TAKEN, NAME_TAKEN, OrganisationForm, UserForm
from marketplace.accounts.lifecycle import count_people_held, stop_what_waits_on
from marketplace.accounts.permissions import Permission
from marketplace.accounts.roles import Role
from marketplace.extensions import db
from marketplace.security import requires
from marketplace.taxonomy.queries import list_nace_sections
from marketplace.web.conflicts import (
    ConflictDescription,
    EditConflict,
    describe_conflict,
    take_saved_values,
)
from marketplace.web.i18n import as_data, current_language
from marketplace.web.labels import choice_label
from marketplace.web.numbers import bounded_int
from marketplace.web.pagination import paginate

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _sector_choices():
    return [(code, f"{code}: {label}") for code, label in list_nace_sections(current_language())]


def _readable_conflict(conflict: ConflictDescription) -> ConflictDescription:
    """An organisation's conflict with its values in words: the sector's name, not its
    letter; "Yes" or "No", not True or False; names and postcodes as data."""
    sectors = dict(list_nace_sections(current_language()))

    def words(field: str, value) -> Markup:
        if value is None or value == "":
            return Markup("-")
        if field == "is_active":
            return escape(_("Yes") if value else _("No"))
        if field == "sector":
            return escape(sectors.get(value, value))
        return as_data(value)

    return replace(conflict, values_marked=True, changes=[
        replace(change, old=words(change.field, change.old), new=words(change.field, change.new))
        for change in conflict.changes
    ])


@bp.get("/organisations")
@requires(Permission.MANAGE_ORGANISATIONS)
def organisations():
    search = request.args.get("q", "").strip()
    page = paginate(queries.organisations_matching(search), per_page=50)
    sectors = dict(list_nace_sections(current_language()))
    return render_template("admin/organisations.html", page=page, search=search,
                           sectors=sectors)


@bp.route("/organisations/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_ORGANISATIONS)
def new_organisation():
    form = OrganisationForm(sectors=_sector_choices())
    status = 200
    if form.validate_on_submit():
        try:
            organisation = operations.create_organisation(
                form.name.data, form.kind.data, form.sector.data, form.postcode.data
            )
        except operations.OrganisationNameTaken:
            status = _taken_meanwhile(form.name, NAME_TAKEN)
        else:
            db.session.commit()
            flash(_("Organisation %(name)s added.", name=organisation.name), "success")
            return redirect(url_for("admin.organisations"))
    return render_template("admin/organisation_form.html", form=form, organisation=None), status


def _taken_meanwhile(field, message: str) -> int:
    """A simultaneous send took the name or address a moment ago, after the form's own
    check: nothing is written, and the field says what the check would have said (409)."""
    db.session.rollback()
    field.errors = [*field.errors, message]
    return 409


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_ORGANISATIONS)
def edit_organisation(organisation_id: int):
    organisation = queries.organisation_or_404(organisation_id)
    form = OrganisationForm(obj=organisation, sectors=_sector_choices(), editing_id=organisation.id)
    form.kind.data = organisation.kind  # the kind is fixed once created
    form.kind.render_kw = {"disabled": True}
    conflict, status = None, 200
    if form.validate_on_submit():
        try:
            closed = operations.update_organisation(
                organisation,
                name=form.name.data,
                sector=form.sector.data,
                postcode=form.postcode.data,
                is_active=form.is_active.data,
                expected_version=form.version.data,
            )
        except EditConflict as error:
            db.session.rollback()
            saved = {name: getattr(organisation, name)
                     for name in ("name", "sector", "postcode", "is_active")}
            conflict = take_saved_values(form, describe_conflict(error), saved)
            conflict, status = _readable_conflict(conflict), 409
            form.version.data = error.current_version
        except operations.OrganisationNameTaken:
            status = _taken_meanwhile(form.name, NAME_TAKEN)
        except operations.PeopleStillHeld as error:
            db.session.rollback()
            form.is_active.errors = [*form.is_active.errors, ngettext(
                "The coaches of this organisation still have %(num)d person in their "
                "caseloads, who would be left with nobody. They first hand them over to a "
                "coach of another partner organisation (the “Hand over” button on the "
                "person's page); then you can deactivate the organisation.",
                "The coaches of this organisation still have %(num)d people in their "
                "caseloads, who would be left with nobody. They first hand them over to a "
                "coach of another partner organisation (the “Hand over” button on each "
                "person's page); then you can deactivate the organisation.", error.count)]
            status = 409
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            if closed:
                flash(ngettext("%(num)d open opportunity of this organisation was closed: "
                               "none of its users can answer a proposal any more.",
                               "%(num)d open opportunities of this organisation were "
                               "closed: none of its users can answer a proposal any more.",
                               closed), "notice")
            return redirect(url_for("admin.organisations"))
    _say_what_closes(form, organisation)
    users = db.session.scalars(queries.users_matching(organisation_id=organisation.id)).all()
    return render_template(
        "admin/organisation_form.html", form=form, organisation=organisation, users=users,
        conflict=conflict, field_labels={f.name: f.label.text for f in form},
    ), status


def _say_what_closes(form: OrganisationForm, organisation) -> None:
    """Beside "Active": how many open opportunities deactivating would close now, so the
    admin knows before saving."""
    if not organisation.is_active:
        return
    waiting = stop_what_waits_on(organisation, count_only=True)
    if waiting:
        form.is_active.description = " ".join((str(form.is_active.description), ngettext(
            "It has %(num)d published or paused opportunity now.",
            "It has %(num)d published or paused opportunities now.", waiting)))


@bp.get("/users")
@requires(Permission.MANAGE_USERS)
def users():
    search = request.args.get("q", "").strip()
    page = paginate(queries.users_matching(search), per_page=50)
    return render_template("admin/users.html", page=page, search=search)


@bp.route("/users/invite", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def invite_user():
    form = UserForm(organisations=queries.all_organisations())
    offered = bounded_int(request.args.get("organisation"), smallest=1)
    if request.method == "GET" and offered is not None:
        form.organisation.data = offered
    status = 200
    if form.validate_on_submit():
        try:
            user = operations.invite_user(
                form.email.data,
                form.name.data,
                form.chosen_organisation,
                form.role.data,
                invited_by=current_user,
                locale=current_language(),
            )
        except operations.EmailTaken:
            status = _taken_meanwhile(form.email, EMAIL_TAKEN)
        else:
            db.session.commit()
            flash(_("Invitation sent to %(email)s.", email=user.email), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def edit_user(user_id: int):
    user = queries.user_or_404(user_id)
    organisations = queries.all_organisations()
    form = UserForm(obj=user, organisations=organisations, inviting=False)
    if request.method == "GET":
        form.organisation.data = user.organisation_id
    conflict = None
    if form.validate_on_submit():
        try:
            operations.update_user(
                user, name=form.name.data, organisation=form.chosen_organisation,
                role=form.role.data, work_phone=form.work_phone.data,
                manages_api_tokens=form.manages_api_tokens.data,
                expected_version=form.version.data,
            )
        except EditConflict as error:
            db.session.rollback()
            conflict = take_saved_values(
                form, _user_conflict(describe_conflict(
                    error, form_names={"organisation_id": "organisation"}), organisations),
                {"name": user.name, "organisation": user.organisation_id, "role": user.role,
                 "work_phone": user.work_phone or "",
                 "manages_api_tokens": user.manages_api_tokens})
            form.version.data = error.current_version
            return _user_page(form, user, conflict), 409
        except operations.PeopleStillHeld as error:
            db.session.rollback()
            moved = form.organisation if form.organisation.data != user.organisation_id \
                else form.role
            moved.errors = [*moved.errors, ngettext(
                "This coach still has %(num)d person in their caseload. Hand the caseload "
                "over to a colleague first (“Hand over the caseload” on this page), or the "
                "coach hands the person over on their page.",
                "This coach still has %(num)d people in their caseload. Hand the caseload "
                "over to a colleague first (“Hand over the caseload” on this page), or the "
                "coach hands each person over on their page.", error.count)]
            return _user_page(form, user), 409
        db.session.commit()
        flash(_("Changes saved."), "success")
        return redirect(url_for("admin.users"))
    return _user_page(form, user)


def _user_page(form, user, conflict=None, deactivate_error=None):
    # A coach's page says how many people they hold, and links to handing them over.
    held = count_people_held(user) if user.role == Role.COACH else None
    return render_template("admin/user_form.html", form=form, user=user, conflict=conflict,
                           field_labels={f.name: f.label.text for f in form},
                           deactivate_error=deactivate_error, held=held)


def _user_conflict(conflict: ConflictDescription, organisations) -> ConflictDescription:
    """A user's conflict with its values in words, under the form's field names: the
    organisation's name, the role's label, yes or no."""
    names = {organisation.id: organisation.name for organisation in organisations}

    def words(field: str, value) -> Markup:
        if value is None or value == "":
            return Markup("-")
        if field == "organisation":
            return as_data(names.get(value, value))
        if field == "role":
            return escape(choice_label("role", value))
        if field == "manages_api_tokens":
            return escape(_("Yes") if value else _("No"))
        return as_data(value)

    return replace(conflict, values_marked=True, changes=[
        replace(change, old=words(change.field, change.old), new=words(change.field, change.new))
        for change in conflict.changes
    ])


@bp.post("/users/<int:user_id>/active")
@requires(Permission.MANAGE_USERS)
def set_user_active(user_id: int):
    user = queries.user_or_404(user_id)
    active = request.form.get("active") == "1"
    try:
        operations.set_user_active(user, active, by=current_user)
    except operations.PeopleStillHeld as error:
        db.session.rollback()
        form = UserForm(obj=user, organisations=queries.all_organisations(), inviting=False,
                        formdata=None)
        form.organisation.data = user.organisation_id
        refused = ngettext(
            "This coach still has %(num)d person in their caseload, who would be left with "
            "nobody. Hand the caseload over to a colleague first (“Hand over the caseload” "
            "on this page); then you can deactivate the account.",
            "This coach still has %(num)d people in their caseload, who would be left with "
            "nobody. Hand the caseload over to a colleague first (“Hand over the caseload” "
            "on this page); then you can deactivate the account.", error.count)
        return _user_page(form, user, deactivate_error=refused), 409
    except operations.AccountError:
        flash(_("You cannot deactivate your own account."), "error")
        return redirect(url_for("admin.edit_user", user_id=user.id))
    db.session.commit()
    if active:
        flash(_("%(name)s can log in again.", name=user.name), "success")
    else:
        flash(_("%(name)s can no longer log in.", name=user.name), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.post("/users/<int:user_id>/invitation")
@requires(Permission.MANAGE_USERS)
def resend_invitation(user_id: int):
    user = queries.user_or_404(user_id)
    operations.resend_invitation(user, invited_by=current_user)
    db.session.commit()
    flash(_("A new link was sent to %(email)s.", email=user.email), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))
