"""The small forms of a coach's caseload work: the caseload filter, consent and its
withdrawal, a handover to another coach (one person, or an admin's whole caseload),
erasure and the privacy search (the profile
form is in ``forms.py``, its rows in ``row_forms.py``)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SearchField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from marketplace.candidates.vocabularies import (
    EDITABLE_STATUSES,
)
from marketplace.db_types import local_today
from marketplace.web.forms import REQUIRED, SelectField, strip_filter, vocabulary_select
from marketplace.web.labels import LABELS, choices
from marketplace.web.select_options import data_choice, with_empty


class CaseloadFilterForm(FlaskForm):
    """The filters of the caseload page: a GET form whose unknown values are ignored
    (they can only come from an edited address, and filtering on them finds nothing)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Name or pseudonym"), filters=[strip_filter], render_kw={"maxlength": 100})
    status = SelectField(_l("Status"), validate_choice=False)
    dutch_level = SelectField(_l("Dutch level"), validate_choice=False)
    occupation = SelectField(_l("Wished occupation"), validate_choice=False)
    municipality = SelectField(_l("Municipality"), validate_choice=False)
    trajectory = SelectField(_l("Trajectory"), validate_choice=False)

    def __init__(self, *args, occupations=(), municipalities=(), **kwargs):
        """``occupations``: pairs of id and label in the user's language."""
        super().__init__(*args, **kwargs)
        everything = _l("(all)")
        self.status.choices = with_empty(
            [(str(s), str(LABELS["candidate_status"][s])) for s in EDITABLE_STATUSES], everything
        )
        self.dutch_level.choices = with_empty(choices("cefr"), everything)
        self.occupation.choices = with_empty(
            sorted(
                (data_choice(str(occupation_id), label) for occupation_id, label in occupations),
                key=lambda choice: choice[1].casefold(),
            ),
            everything,
        )
        self.municipality.choices = with_empty(
            [data_choice(m, m) for m in municipalities], everything
        )
        self.trajectory.choices = with_empty(choices("trajectory"), everything)

    def value(self, name: str):
        """The filter's value, or None when it is empty or not one of the choices."""
        field = self[name]
        if name == "q":
            return (field.data or "")[:100] or None
        known = {choice[0] for choice in field.choices}
        return field.data if field.data and field.data in known else None


# --- consent, handover, privacy -------------------------------------------------------


def _not_in_future(form, field):
    if field.data and field.data > local_today():
        raise ValidationError(_l("This date is in the future."))


class ConsentForm(FlaskForm):
    # Today by default: consent is mostly recorded on the day it is given.
    given_on = DateField(
        _l("Date of consent"), validators=[InputRequired(REQUIRED), _not_in_future],
        default=local_today,
    )
    method = vocabulary_select(
        _l("How the person gave consent"), "consent_method", required=True, empty=_l("(choose)")
    )


class WithdrawalForm(FlaskForm):
    withdrawn_on = DateField(
        _l("Date of withdrawal"), validators=[InputRequired(REQUIRED), _not_in_future],
        default=local_today,
    )

    def __init__(self, *args, given_on: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.given_on = given_on

    def validate_withdrawn_on(self, field):
        if field.data and self.given_on and field.data < self.given_on:
            raise ValidationError(_l("Consent cannot end before it was given."))


class HandoverForm(FlaskForm):
    to_coach = SelectField(
        _l("New coach"), validate_choice=False, validators=[InputRequired(REQUIRED)]
    )
    note = TextAreaField(
        _l("Note for the new coach"),
        validators=[Optional(), Length(max=2000)],
        filters=[strip_filter],
        description=_l("What the new coach needs to know. Both of you see this note."),
    )

    def __init__(self, *args, coaches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._coaches = {str(coach.id): coach for coach in coaches}
        self.to_coach.choices = with_empty(
            [data_choice(str(c.id), f"{c.name} ({c.organisation.name})") for c in coaches],
            _l("(choose)"),
        )

    @property
    def chosen_coach(self):
        return self._coaches.get(self.to_coach.data)

    def validate_to_coach(self, field):
        if field.data and self.chosen_coach is None:
            raise ValidationError(_l("Choose a coach from the list."))


class CaseloadHandoverForm(HandoverForm):
    """An admin hands a coach's whole caseload to a colleague. ``expected`` is how many
    people the page said would move: a caseload that changed since is confirmed again."""

    expected = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An admin writes it to the new coach; both coaches read it with each person.
        self.note.description = _l("What the new coach needs to know. Both coaches see "
                                   "this note with each person.")

    @property
    def expected_count(self) -> int | None:
        """The number the page showed, None when the field holds no such number."""
        text = (self.expected.data or "").strip()
        return int(text) if text.isdigit() and len(text) <= 9 else None


class ErasureForm(FlaskForm):
    reason = vocabulary_select(_l("Why"), "erasure_reason", required=True, empty=_l("(choose)"))
    confirm = BooleanField(
        _l("I checked that this is the right person. Erase all their personal data."),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


class PrivacySearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(
        _l("Pseudonym, e-mail address, number or reference"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=254)],
    )
