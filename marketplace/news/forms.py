"""The coach's news settings, on their account page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField
from wtforms.validators import InputRequired, ValidationError

from marketplace.accounts.models import MAX_UNANSWERED_DAYS, MIN_UNANSWERED_DAYS


class NewsSettingsForm(FlaskForm):
    wants_daily_digest = BooleanField(
        _l("Send me an e-mail every morning when there is news about my candidates"))
    unanswered_after_days = IntegerField(
        _l("A proposal waits too long after this many days without an answer"),
        validators=[InputRequired(_l("Fill in this field."))],
        description=_l("From %(min)d to %(max)d days. It is then listed on your home page "
                       "until the employer answers.", min=MIN_UNANSWERED_DAYS,
                       max=MAX_UNANSWERED_DAYS),
        render_kw={"inputmode": "numeric"},
    )

    def validate_unanswered_after_days(self, field):
        # A text that is no number already has the field's own message: one is enough.
        if field.data is not None and not MIN_UNANSWERED_DAYS <= field.data <= MAX_UNANSWERED_DAYS:
            raise ValidationError(_l("Fill in a number of days from %(min)d to %(max)d.",
                                     min=MIN_UNANSWERED_DAYS, max=MAX_UNANSWERED_DAYS))


def settings_form_of(user) -> NewsSettingsForm:
    """The form filled with ``user``'s current settings."""
    return NewsSettingsForm(formdata=None, data={
        "wants_daily_digest": user.wants_daily_digest,
        "unanswered_after_days": user.unanswered_after_days,
    })
