"""Login, logout, invitation and password-reset links, and the user's own account."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts import operations, queries
from marketplace.accounts.forms import (
    ForgotPasswordForm,
    LoginForm,
    SetPasswordForm,
    WorkPhoneForm,
)
from marketplace.accounts.sessions import end_login_session, start_login_session
from marketplace.accounts.tokens import LinkProblem, check_account_link_token
from marketplace.extensions import db
from marketplace.security import login_only, public
from marketplace.web.i18n import read_in_language_of
from marketplace.web.urls import safe_next

bp = Blueprint("accounts", __name__)


@bp.app_context_processor
def _organisation_card_helper():
    """The homes of coaches, employers and analysts show the reader's organisation
    (``web/_organisation_card.html``)."""
    return {"organisation_card": queries.organisation_card}


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("web.start"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        result = operations.authenticate(
            form.email.data, form.password.data, request.remote_addr or "unknown"
        )
        if result.user is not None:
            start_login_session(result.user)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")))
        db.session.commit()  # keep the failed attempt: it counts towards throttling
        if result.throttled:
            waiting = _(
                "Too many failed attempts. Wait %(wait)s and try again, or ask for a "
                "new password. Until then no password is checked, not even the right one.",
                wait=format_timedelta(timedelta(seconds=result.wait)),
            )
            page = render_template("accounts/login.html", form=form, waiting=waiting)
            return _throttled(page, result.wait)
        status = 401
        form.form_errors.append(_("The e-mail address or the password is not right."))
    return render_template("accounts/login.html", form=form), status


def _throttled(page: str, wait: int):
    """The page again with 429 and how many seconds to wait (Retry-After)."""
    return page, 429, {"Retry-After": str(wait)}


@bp.post("/logout")
@login_only
def logout():
    end_login_session(current_user)
    db.session.commit()
    flash(_("You are logged out."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        wait = operations.request_password_reset(
            form.email.data, request.remote_addr or "unknown"
        )
        db.session.commit()
        if wait:
            waiting = _(
                "You already asked for a new link a few times. Wait %(wait)s and try "
                "again, and look in your spam folder too.",
                wait=format_timedelta(timedelta(seconds=wait)),
            )
            page = render_template("accounts/forgot_password.html", form=form, waiting=waiting)
            return _throttled(page, wait)
        # The same answer whether or not the address is known.
        return render_template("accounts/reset_requested.html")
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/set/<token>", methods=["GET", "POST"])
@public
def set_password(token: str):
    """Choose a password from an invitation or reset link (works once, for 48 hours)."""
    check = check_account_link_token(token)
    if check.problem is not None:
        return render_template(
            "accounts/link_problem.html", problem=check.problem, LinkProblem=LinkProblem
        ), 410 if check.problem != "invalid" else 404
    read_in_language_of(check.user)
    form = SetPasswordForm()
    if form.validate_on_submit():
        operations.set_password(check.user, form.password.data)
        start_login_session(check.user)
        db.session.commit()
        flash(_("Your password is saved. Welcome to Werkbrug."), "success")
        return redirect(url_for("web.start"))
    return render_template("accounts/set_password.html", form=form, user=check.user)


@bp.route("/account", methods=["GET", "POST"])
@login_only
def account():
    form = WorkPhoneForm(obj=current_user if request.method == "GET" else None)
    if form.validate_on_submit():
        operations.set_work_phone(current_user, form.work_phone.data)
        db.session.commit()
        flash(_("Your work phone is saved."), "success")
        return redirect(url_for("accounts.account"))
    return render_template("accounts/account.html", form=form)
