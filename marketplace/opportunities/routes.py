"""The opportunity pages: the employer's list, form, life cycle and history; the browse
page for coaches and admins; one opportunity's page for all three.

Views stay thin: parse the request, call one operation or query, commit once, then
render or redirect. Which opportunities a user reaches is decided in ``queries``.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from marketplace.accounts.permissions import Permission, has_permission
from marketplace.accounts.roles import Role
from marketplace.extensions import db
from marketplace.opportunities import browse_queries, operations, queries, rules
from marketplace.opportunities.browse_forms import BrowseForm
from marketplace.opportunities.browse_results import browse_results
from marketplace.opportunities.display import (
    field_labels,
    readable_conflict,
    shown_conflict,
    telling_detail,
)
from marketplace.opportunities.employer_list import listed_rows
from marketplace.opportunities.forms import OpportunityForm, form_data_of
from marketplace.opportunities.found import found_line, kinds_line
from marketplace.opportunities.history import opportunity_history
from marketplace.opportunities.jsonld import structured_data
from marketplace.opportunities.typed_input import format_number
from marketplace.opportunities.vocab import OpportunityStatus, is_member, kinds_for
from marketplace.security import requires
from marketplace.taxonomy.queries import list_languages, list_nace_sections
from marketplace.web import once_only
from marketplace.web.conflicts import EditConflict, describe_conflict, take_saved_values
from marketplace.web.i18n import current_language
from marketplace.web.labels import kind_label
from marketplace.web.pagination import paginate

bp = Blueprint("opportunities", __name__, url_prefix="/opportunities")

DONE_MESSAGES = {
    "publish": lambda: _("Published. Coaches can see it now."),
    "pause": lambda: _("Paused. Coaches no longer see it until you publish it again."),
    "fill": lambda: _("Marked as filled. Coaches no longer see it."),
    "close": lambda: _("Closed. Coaches no longer see it."),
}


# --- the employer's side -----------------------------------------------------------------


@bp.get("/")
@requires(Permission.MANAGE_OPPORTUNITIES)
def mine():
    status = request.args.get("status", "")
    status = status if is_member(status, OpportunityStatus) else None
    organisation_id = current_user.organisation_id
    counts, kinds = queries.list_counts(organisation_id, status)
    # The counts per status are the list's length: no count of its own.
    total = counts[status] if status else sum(counts.values())
    page = paginate(queries.listed_opportunities(organisation_id, status), per_page=25,
                    total=total)
    return render_template(
        "opportunities/mine.html",
        page=page,
        status=status,
        counts=counts,
        kinds_found=kinds_line(kinds),
        offered_kinds=[str(kind) for kind in kinds_for(current_user.organisation.kind)],
        listed_rows=listed_rows,
    )


def _opportunity_form(**kwargs) -> OpportunityForm:
    return OpportunityForm(languages=list_languages(current_language()),
                           offered_kinds=kinds_for(current_user.organisation.kind), **kwargs)


def _publishing() -> bool:
    return "publish" in request.form


def _checked(form: OpportunityForm, must_be_publishable: bool) -> bool:
    """Validate a sent form; the publication rules too when it is (to be) published."""
    if not form.is_submitted():
        return False
    valid = form.validate()
    if must_be_publishable:
        valid = form.check_publishable() and valid
    return valid


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_OPPORTUNITIES)
def new():
    form = _opportunity_form()
    if request.method == "GET":
        kind = request.args.get("kind", "")
        form.kind.data = kind if kind in form.offered_kinds else form.kind.choices[0][0]
    elif form.change_rows(request.form):
        return _render_form(form, None)
    if _checked(form, must_be_publishable=_publishing()):
        opportunity = operations.create_opportunity(
            current_user.organisation, form.to_data(), publish=_publishing()
        )
        once_only.remember(form.submission_token.data,
                           url_for("opportunities.detail", opportunity_id=opportunity.id))
        db.session.commit()
        saved = "published" if opportunity.status == OpportunityStatus.PUBLISHED else "draft"
        flash(kind_label("opportunity_saved", saved, opportunity.kind), "success")
        return redirect(url_for("opportunities.detail", opportunity_id=opportunity.id))
    return _render_form(form, None)


@bp.route("/<int:opportunity_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_OPPORTUNITIES)
def edit(opportunity_id: int):
    opportunity = queries.managed_opportunity_or_404(opportunity_id, current_user)
    if request.method == "GET":
        form = _opportunity_form(data=form_data_of(opportunity))
    else:
        form = _opportunity_form()
        if form.change_rows(request.form):
            return _render_form(form, opportunity)
    stays_public = opportunity.status == OpportunityStatus.PUBLISHED
    publishing = _publishing() and opportunity.status in operations.TRANSITIONS["publish"].sources
    if _checked(form, must_be_publishable=stays_public or publishing):
        try:
            operations.update_opportunity(
                opportunity, form.to_data(), expected_version=form.version.data,
                publish=publishing,
            )
        except (EditConflict, StaleDataError) as error:
            db.session.rollback()
            conflict = _as_conflict(error, opportunity, form.version.data)
            form.version.data = conflict.current_version
            described = take_saved_values(
                form, shown_conflict(describe_conflict(conflict), opportunity.kind),
                form_data_of(opportunity))
            return _render_form(form, opportunity, readable_conflict(described))
        db.session.commit()
        flash(_("Changes saved."), "success")
        return redirect(url_for("opportunities.detail", opportunity_id=opportunity.id))
    return _render_form(form, opportunity)


def _as_conflict(error, opportunity, expected_version) -> EditConflict:
    """SQLAlchemy's own version check (someone saved between our check and our write)
    means the same as ours."""
    if isinstance(error, EditConflict):
        return error
    db.session.refresh(opportunity)
    try:
        since = int(expected_version)
    except (TypeError, ValueError):
        since = None
    return EditConflict(operations.SUBJECT, opportunity.id, since, opportunity.version)


def _render_form(form, opportunity, conflict=None):
    form.prepare_rows()
    return render_template(
        "opportunities/form.html",
        form=form,
        opportunity=opportunity,
        conflict=conflict,
        field_labels=field_labels(),
        problems=form.problems(),
    ), (409 if conflict else 200)


@bp.post("/<int:opportunity_id>/status")
@requires(Permission.MANAGE_OPPORTUNITIES)
def change_status(opportunity_id: int):
    opportunity = queries.managed_opportunity_or_404(opportunity_id, current_user)
    action = request.form.get("action", "")
    try:
        status = operations.apply_transition(
            opportunity, action, expected_version=request.form.get("version")
        )
    except (EditConflict, StaleDataError) as error:
        db.session.rollback()
        conflict = _as_conflict(error, opportunity, request.form.get("version"))
        described = shown_conflict(describe_conflict(conflict), opportunity.kind)
        return _render_detail(opportunity, readable_conflict(described))
    except operations.NotReadyToPublish as error:
        db.session.rollback()
        labels = field_labels()
        flash(_("Not published yet. First fill in: %(fields)s.",
                fields=", ".join(labels[name] for name in error.missing)), "error")
        return redirect(url_for("opportunities.detail", opportunity_id=opportunity.id))
    except operations.TransitionNotAllowed:
        db.session.rollback()
        flash(_("That is not possible in the opportunity's current status."), "error")
        return redirect(url_for("opportunities.detail", opportunity_id=opportunity.id))
    db.session.commit()
    if action == "reopen":
        if status == OpportunityStatus.PUBLISHED:
            flash(_("Reopened and published. Coaches can see it again."), "success")
        else:
            flash(_("Reopened as a draft. Choose a new closing date, then publish it."), "success")
    else:
        flash(DONE_MESSAGES[action](), "success")
    return redirect(url_for("opportunities.detail", opportunity_id=opportunity.id))


@bp.post("/<int:opportunity_id>/duplicate")
@requires(Permission.MANAGE_OPPORTUNITIES)
def duplicate(opportunity_id: int):
    opportunity = queries.managed_opportunity_or_404(opportunity_id, current_user)
    token = once_only.sent_token(request.form)
    once_only.refuse_repeat(token)
    copy = operations.duplicate_opportunity(opportunity, _("(copy)"))
    once_only.remember(token, url_for("opportunities.edit", opportunity_id=copy.id))
    db.session.commit()
    flash(_("This is a copy, saved as a draft. Change what you need, then publish it."),
          "success")
    return redirect(url_for("opportunities.edit", opportunity_id=copy.id))


@bp.get("/occupation-suggestions")
@requires(Permission.MANAGE_OPPORTUNITIES)
def occupation_suggestions():
    """htmx fragment: occupations that fit the title typed so far."""
    results = queries.occupation_suggestions(request.args.get("title", ""))
    return render_template("opportunities/_occupation_suggestions.html", results=results)


# --- one opportunity -------------------------------------------------------------------


@bp.get("/<int:opportunity_id>")
@requires(Permission.VIEW_OPPORTUNITY)
def detail(opportunity_id: int):
    opportunity = queries.visible_opportunity_or_404(opportunity_id, current_user)
    return _render_detail(opportunity)


def _render_detail(opportunity, conflict=None):
    # Queries let employers and federations reach only their own organisation's.
    owner = current_user.role in (Role.EMPLOYER, Role.ANALYST)
    return render_template(
        "opportunities/detail.html",
        opportunity=opportunity,
        owner=owner,
        actions=operations.available_actions(opportunity) if owner else [],
        missing=operations.missing_for_publication(opportunity) if owner else [],
        field_labels=field_labels(),
        posting=structured_data(opportunity),
        can_read_history=has_permission(current_user, Permission.READ_OPPORTUNITY_HISTORY),
        can_see_suggestions=has_permission(current_user, Permission.USE_SUGGESTIONS),
        conflict=conflict,
    ), (409 if conflict else 200)


@bp.get("/<int:opportunity_id>/history")
@requires(Permission.READ_OPPORTUNITY_HISTORY)
def history(opportunity_id: int):
    opportunity = queries.visible_opportunity_or_404(opportunity_id, current_user)
    return render_template(
        "opportunities/history.html",
        opportunity=opportunity,
        entries=opportunity_history(opportunity.id, opportunity.kind),
    )


# --- browsing ---------------------------------------------------------------------------


@bp.get("/browse")
@requires(Permission.BROWSE_OPPORTUNITIES)
def browse():
    sectors = list_nace_sections(current_language())
    form = BrowseForm(
        formdata=request.args,
        sectors=[(code, f"{code}: {label}") for code, label in sectors],
        with_status=current_user.role == Role.ADMIN,
    )
    form.validate()
    filters = form.filters()
    query = browse_queries.browse_opportunities(current_user, filters)
    counts = browse_queries.kind_counts(query)  # the count line names the kinds; and the total
    page = paginate(query, per_page=20, total=sum(counts.values()))
    return render_template(
        "opportunities/browse.html", form=form, page=page, found=found_line(counts, filters.kind),
        results=browse_results(page.items))


@bp.app_context_processor
def _employer_summary():
    """``opportunity_summary()`` for the employer's home page; ``offered``: the kinds
    the organisation offers, so a training provider reads about its courses."""

    def opportunity_summary():
        organisation_id = current_user.organisation_id
        counts, places = queries.status_summary(organisation_id)
        return {"counts": counts, "open_places": places,
                "recent": queries.recent_opportunities(organisation_id, 5),
                "offered": [str(kind) for kind in kinds_for(current_user.organisation.kind)]}

    return {"opportunity_summary": opportunity_summary}


@bp.app_template_global("opportunity_telling_detail")
def _telling_detail(opportunity, with_employer: bool = True) -> str:
    """Employer, postcode and closing date, beside a title that repeats on a list."""
    return telling_detail(opportunity, with_employer)


@bp.app_template_global("asks_weekly_hours")
def _asks_weekly_hours(kind: str) -> bool:
    """False for a kind whose hours per week the pages never show (a try-out)."""
    return rules.asks_weekly_hours(kind)


@bp.app_template_global("format_hours")
def _format_hours(value) -> str:
    """Hours as people write them: 38, or 19,5 in Dutch."""
    return format_number(value)
