"""The form for a new API token: a name, scopes (only those the organisation's role
can use), and an expiry date within a year."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import InputRequired, Length, ValidationError

from marketplace.apitokens.models import MAX_NAME
from marketplace.apitokens.scopes import SCOPE_LABELS, scopes_for_role
from marketplace.db_types import local_today
from marketplace.web.forms import REQUIRED, CheckboxesField, SingleLine, strip_filter
from marketplace.web.once_only import SubmissionTokenField

#: The furthest expiry date a form allows: a year from today.
MAX_DAYS = 365


class TokenForm(FlaskForm):
    #: One-time token: a second send of the form makes nothing (``web/once_only``).
    submission_token = SubmissionTokenField()

    name = StringField(
        _l("Name"), filters=[strip_filter],
        validators=[InputRequired(REQUIRED), SingleLine(), Length(max=MAX_NAME)],
        description=_l("Which system uses it, for example “ATS jobs”."))
    scopes = CheckboxesField(
        _l("What the key may do"), validate_choice=False,
        description=_l("Only what your organisation may do in Werkbrug can be chosen."))
    expires_on = DateField(
        _l("Valid until"), validators=[InputRequired(_l("Fill in a date."))],
        description=_l("At most a year from today. The key stops working after this day."))

    def __init__(self, *args, role, **kwargs):
        super().__init__(*args, **kwargs)
        self.scopes.choices = [(scope, SCOPE_LABELS[scope]) for scope in scopes_for_role(role)]
        if self.expires_on.data is None and not self.is_submitted():
            self.expires_on.data = local_today() + timedelta(days=90)

    def validate_scopes(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one thing the key may do."))
        allowed = {value for value, _label in self.scopes.choices}
        if not set(field.data) <= allowed:
            raise ValidationError(_l("Choose only from the list."))

    def validate_expires_on(self, field):
        if field.data is None:
            return
        today = local_today()
        if field.data <= today:
            raise ValidationError(_l("Choose a day after today."))
        if field.data > today + timedelta(days=MAX_DAYS):
            raise ValidationError(_l("Choose a day at most a year from today."))
