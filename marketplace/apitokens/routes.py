"""The site's pages for API keys (``/api-keys``): the list, a new key (its secret
shown once, on the answer to the form), and revoking one.

The partnership's admins manage every organisation's keys; a user whose admin ticked
"manages API keys" manages their own organisation's (``queries.py`` scopes both).
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.permissions import Permission
from marketplace.accounts.roles import ROLES_FOR_KIND, OrganisationKind
from marketplace.apitokens import queries
from marketplace.apitokens.forms import TokenForm
from marketplace.apitokens.operations import create_token, revoke_token
from marketplace.apitokens.scopes import SCOPE_LABELS
from marketplace.db_types import local_midnight, utcnow
from marketplace.extensions import db
from marketplace.security import requires
from marketplace.web import once_only
from marketplace.web.numbers import bounded_int
from marketplace.web.pagination import paginate

bp = Blueprint("apitokens", __name__, url_prefix="/api-keys")


@bp.get("/")
@requires(Permission.MANAGE_API_TOKENS)
def tokens():
    page = paginate(queries.managed_tokens(current_user), per_page=50)
    return render_template(
        "apitokens/list.html", page=page, now=utcnow(), scope_labels=SCOPE_LABELS,
        organisations=queries.managed_organisations(current_user),
        every_organisation=queries.manages_every_organisation(current_user))


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_API_TOKENS)
def new_token():
    organisation = queries.managed_organisation_or_404(
        bounded_int(request.args.get("organisation")), current_user)
    role = ROLES_FOR_KIND[OrganisationKind(organisation.kind)][0]
    form = TokenForm(role=role)
    if form.validate_on_submit():
        token, secret = create_token(
            organisation, name=form.name.data, scopes=form.scopes.data,
            expires_at=local_midnight(form.expires_on.data + timedelta(days=1)),
            created_by=current_user)
        # A second send finds the key in the list (its secret is shown only once).
        once_only.remember(form.submission_token.data, url_for("apitokens.tokens"))
        db.session.commit()
        # The secret is in this answer only (never in a redirect, a flash or a log).
        return render_template("apitokens/created.html", token=token, secret=secret,
                               scope_labels=SCOPE_LABELS)
    return render_template("apitokens/new.html", form=form, organisation=organisation)


@bp.route("/<int:token_id>/revoke", methods=["GET", "POST"])
@requires(Permission.MANAGE_API_TOKENS)
def revoke(token_id: int):
    token = queries.managed_token_or_404(token_id, current_user)
    if request.method == "POST":
        if revoke_token(token, revoked_by=current_user):
            db.session.commit()
            flash(_("The key %(name)s no longer works.", name=token.name), "success")
        else:
            flash(_("This key was already revoked."), "notice")
        return redirect(url_for("apitokens.tokens"))
    return render_template("apitokens/revoke.html", token=token, scope_labels=SCOPE_LABELS)
