"""The coach's proposal form and the employer's answer form."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from marketplace.opportunities.display import telling_detail
from marketplace.web.forms import strip_filter
from marketplace.web.labels import choices

REQUIRED = _l("Fill in this field.")
CHOOSE = _l("Choose one of the options.")
MAX_TEXT = 4000


class ProposeForm(FlaskForm):
    opportunity = SelectField(
        _l("Opportunity"), coerce=str, validate_choice=False,
        validators=[InputRequired(CHOOSE)],
        # The options are titles and employers' names: data, not interface text.
        render_kw={"translate": "no"},
    )
    motivation = TextAreaField(
        _l("Why this person fits (for the employer)"),
        validators=[InputRequired(REQUIRED), Length(max=MAX_TEXT)],
        filters=[strip_filter],
        description=_l("The employer reads this. Write about work, not about private life."),
    )
    candidate_agreed = BooleanField(
        _l("The candidate agreed to be put forward to this employer"),
        validators=[InputRequired(_l("Confirm that the candidate agreed first."))],
    )
    candidate_agreed_on = DateField(
        _l("Date the candidate agreed"), validators=[InputRequired(REQUIRED)],
        default=date.today,
    )
    #: The suggestion entry the coach came from (its rank is logged with the proposal).
    suggestion_entry = HiddenField()

    def __init__(self, *args, opportunities=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Titles repeat (three "Magazijnier" jobs): employer, place and closing date
        # tell them apart.
        self.opportunity.choices = [("", _l("Choose an opportunity"))] + [
            (str(o.id), opportunity_choice_label(o)) for o in opportunities
        ]
        self.known_ids = {str(o.id) for o in opportunities}

    def validate_opportunity(self, field):
        if field.data not in self.known_ids:
            raise ValidationError(_l("Choose an opportunity from the list."))

    def validate_candidate_agreed_on(self, field):
        if field.data and field.data > date.today():
            raise ValidationError(_l("This date is in the future."))


def opportunity_choice_label(opportunity) -> str:
    """"Magazijnier · Scheldepoort Logistics · 2030 · sluit 18 okt 2026"."""
    return f"{opportunity.title} · {telling_detail(opportunity)}"


class AnswerForm(FlaskForm):
    answer = RadioField(_l("Your answer"), choices=(), validators=[InputRequired(CHOOSE)])
    interview_on = DateField(
        _l("Interview date (optional)"), validators=[Optional()],
        description=_l("Only for an invitation."),
    )
    decline_reason = SelectField(
        _l("Reason for declining"), choices=(), validate_choice=False,
        description=_l("Only when you decline."),
    )
    decline_note = TextAreaField(
        _l("Explain in your own words (optional)"),
        validators=[Optional(), Length(max=MAX_TEXT)], filters=[strip_filter],
        description=_l("The coach reads this."),
    )
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.answer.choices = choices("employer_answer")
        self.decline_reason.choices = [("", _l("Choose a reason")), *choices("decline_reason")]

    def validate_decline_reason(self, field):
        if self.answer.data == "decline" and not field.data:
            raise ValidationError(_l("Choose why you decline."))
        if field.data and field.data not in dict(choices("decline_reason")):
            raise ValidationError(CHOOSE)

    def validate_interview_on(self, field):
        if field.data and field.data < date.today():
            raise ValidationError(_l("This date is in the past."))
