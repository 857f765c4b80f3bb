"""The coach's dismiss form and the admin's ranking switch."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from marketplace.web.forms import SelectField, strip_filter
from marketplace.web.labels import choices

MAX_NOTE = 2000


class DismissForm(FlaskForm):
    reason = SelectField(_l("Why do you set this suggestion aside?"), choices=(),
                         validate_choice=False)
    note = TextAreaField(
        _l("In your own words (optional)"),
        validators=[Optional(), Length(max=MAX_NOTE)], filters=[strip_filter],
        description=_l("Only you and the coaches who keep this person read this."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = [("", _l("Choose a reason")), *choices("dismiss_reason")]

    def validate_reason(self, field):
        if not field.data:
            raise ValidationError(_l("Choose why you set this suggestion aside."))
        if field.data not in dict(choices("dismiss_reason")):
            raise ValidationError(_l("Choose one of the options."))


class RankingForm(FlaskForm):
    enabled = RadioField(
        _l("Ranking of suggestions"), choices=(),
        validators=[InputRequired(_l("Choose one of the options."))],
    )
    confirm = BooleanField(
        _l("I understand that this changes the suggestions of every coach right away"),
        validators=[InputRequired(_l("Confirm the change first."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.enabled.choices = [
            ("on", _l("On: coaches see suggestions ranked by how well they fit")),
            ("off", _l("Off: coaches see everyone who meets the hard requirements, "
                       "unranked")),
        ]
