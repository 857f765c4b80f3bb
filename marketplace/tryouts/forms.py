"""The coach's enrolment form and cancel form, and the organiser's attendance form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField
from wtforms.validators import InputRequired, ValidationError

from marketplace.candidates.identity import repeated, second_detail
from marketplace.db_types import local_today
from marketplace.tryouts.vocab import MARKS
from marketplace.web.forms import SelectField
from marketplace.web.labels import choice_label


class EnrolForm(FlaskForm):
    """A coach enrols one of their own candidates in a try-out."""

    candidate = SelectField(
        _l("Candidate"), coerce=str, validate_choice=False,
        validators=[InputRequired(_l("Choose one of the options."))],
        render_kw={"translate": "no"},  # pseudonyms: data, not interface text
    )
    candidate_agreed = BooleanField(
        _l("The candidate wants to take part in this try-out"),
        validators=[InputRequired(_l("Confirm that the candidate wants to take part."))],
    )
    waiting_list = BooleanField(
        _l("If every seat is taken, put them on the waiting list"),
        description=_l("They move up when a seat comes free; you get a mail then."),
    )
    #: The suggestion entry the coach came from (its rank is logged with the enrolment).
    suggestion_entry = HiddenField()

    def __init__(self, *args, candidates=(), viewer_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Pseudonyms repeat (three "Fatoumata"): a second detail tells them apart.
        twice, today = repeated(c.pseudonym for c in candidates), local_today()
        self.candidate.choices = [("", _l("Choose a candidate"))] + [
            (str(c.id), f"{c.pseudonym} · {second_detail(c, viewer_id, today)}"
             if c.pseudonym in twice else c.pseudonym) for c in candidates
        ]
        self.known_ids = {str(candidate.id) for candidate in candidates}

    def validate_candidate(self, field):
        if field.data not in self.known_ids:
            raise ValidationError(_l("Choose a candidate from the list."))


class CancelForm(FlaskForm):
    """Cancel one enrolment; the version guards against a change in between."""

    version = HiddenField()


def attendance_form(enrolments, formdata=None) -> FlaskForm:
    """One radio group per enrolment that holds a seat (``mark_<id>``: came or did not
    come), filled with the marks already made."""

    class AttendanceForm(FlaskForm):
        def marks(self) -> dict[int, str]:
            """``{enrolment id: mark}`` of the groups that were answered."""
            return {int(f.name.removeprefix("mark_")): f.data for f in self
                    if f.name.startswith("mark_") and f.data}

    options = [(str(mark), choice_label("enrolment_status", mark)) for mark in MARKS]
    for enrolment in enrolments:
        setattr(AttendanceForm, f"mark_{enrolment.id}", RadioField(
            _l("Did this person come?"), choices=options, validate_choice=False,
            validators=[_known_mark],
            default=enrolment.status if enrolment.status in MARKS else None,
        ))
    return AttendanceForm(formdata=formdata)


def _known_mark(form, field):
    if field.data and field.data not in {str(mark) for mark in MARKS}:
        raise ValidationError(_l("Choose came or did not come."))
