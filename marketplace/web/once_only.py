"""Create forms that make their record once, however often they are sent.

Without JavaScript nothing stops a second click on "save", or a reload after a slow
answer, from sending a create form again, and each send made one more opportunity,
candidate or step. So a create form carries a one-time token (``SubmissionTokenField``,
a hidden field named ``submission_token``): made when the form is shown, kept when it
is shown again with its errors. The view that makes the record calls ``remember``
before it commits, which stores the token with the user and the page of what was made
(``FormSubmission``) in the same transaction.

A second send of that token by the same user makes nothing: validating the form finds
the token (``refuse_repeat``) and raises ``AlreadySubmitted``, which the app answers
with a redirect to what the first send made and a calm notice. Two sends at the same
moment both pass that check; the unique (user, token) pair decides: the later one's
insert waits for the first to commit (PostgreSQL; on SQLite the write lock made them
one after the other already), fails, rolls back everything it did and gets the same
redirect. A token is looked up for its own user only, so another person's copy of it
never leads to their record: it makes its own.

A form without a token or with one that is no token (a page from before this, a
hand-made request) gets a fresh one: it is sent once like any other. Tokens are kept
``KEPT_FOR`` (the nightly ``web/jobs.py``), long past any reload or double click.

Usage::

    class StepForm(FlaskForm):
        submission_token = SubmissionTokenField()

    if form.validate_on_submit():          # a repeat raises AlreadySubmitted here
        step = operations.add_step(...)
        once_only.remember(form.submission_token.data, url_for(...step...))
        db.session.commit()

A button without a form class (``{{ submission_token_input() }}`` in the template)
calls ``refuse_repeat(sent_token(request.form))`` itself before it makes anything.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

from flask import Flask, flash, redirect
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from wtforms import HiddenField

from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.web.form_html import html_params
from marketplace.web.models import FormSubmission

FIELD_NAME = "submission_token"
#: How long a sent token is kept: a repeat after that makes a new record.
KEPT_FOR = timedelta(days=7)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


class AlreadySubmitted(Exception):
    """This user sent this form before; ``url`` is the page of what it made."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


def new_token() -> str:
    return secrets.token_urlsafe(24)  # 32 characters


def valid_token(value) -> str | None:
    """``value`` when it is a token as ``new_token`` makes them, else None."""
    return value if isinstance(value, str) and _TOKEN.fullmatch(value) else None


def sent_token(formdata) -> str | None:
    """The token a request's form sent, if it is one."""
    return valid_token(formdata.get(FIELD_NAME))


def refuse_repeat(token: str | None) -> None:
    """Raise ``AlreadySubmitted`` when the current user sent ``token`` before."""
    earlier = _earlier_result(token)
    if earlier is not None:
        raise AlreadySubmitted(earlier)


def remember(token: str | None, result_url: str) -> None:
    """Store the current user's ``token`` with the page of what their form made, in the
    transaction that made it (flushed here, so a simultaneous send of the token fails
    now). Raises ``AlreadySubmitted`` after rolling the whole transaction back when
    another send of the token got there first. Without a token it does nothing."""
    if token is None:
        return
    db.session.flush()  # what the operation made, so only the token can fail below
    db.session.add(FormSubmission(user_id=current_user.id, token=token, result_url=result_url))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        earlier = _earlier_result(token)
        if earlier is None:  # not the token's pair that failed
            raise
        raise AlreadySubmitted(earlier) from None


def _earlier_result(token: str | None) -> str | None:
    if token is None or not current_user.is_authenticated:
        return None
    return db.session.scalar(
        select(FormSubmission.result_url).where(
            FormSubmission.user_id == current_user.id, FormSubmission.token == token
        )
    )


def prune_submissions(now: datetime | None = None) -> int:
    """Forget tokens sent longer than ``KEPT_FOR`` ago; returns how many. Only flushes."""
    cutoff = (now or utcnow()) - KEPT_FOR
    result = db.session.execute(delete(FormSubmission).where(FormSubmission.sent_at < cutoff))
    return result.rowcount


class SubmissionTokenField(HiddenField):
    """The hidden one-time token of a create form (see the module's docstring): a fresh
    one when the form is shown, the sent one when it is shown again. Validating it
    raises ``AlreadySubmitted`` (not a validation error) when the form was sent before,
    before any other rule can complain about what the first send made."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("default", new_token)
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        token = valid_token(valuelist[0]) if valuelist else None
        if token is not None:
            self.data = token
        elif not self.data:
            self.data = new_token()

    def pre_validate(self, form):
        refuse_repeat(self.data)


def submission_token_input() -> Markup:
    """A hidden input with a fresh token, for a create button written without a form
    class (the opportunity's "duplicate")."""
    return Markup(f"<input {html_params(type='hidden', name=FIELD_NAME, value=new_token())}>")  # noqa: S704 - escaped


def install_once_only(app: Flask) -> None:
    """Answer a repeated create form with what its first send made."""

    @app.errorhandler(AlreadySubmitted)
    def _already_submitted(error: AlreadySubmitted):
        db.session.rollback()
        flash(
            _(
                "You had already sent this form, so nothing new was made. Here is what "
                "you made then."
            ),
            "notice",
        )
        return redirect(error.url, code=303)

    app.add_template_global(submission_token_input)
