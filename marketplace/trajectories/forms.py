"""The coach's forms: a trajectory decision and a step. Labels and messages are
translatable; every field says what is wrong next to it.

Both forms know the candidate's day of registration and today (Belgian days), so a
date in the future or before the person was registered gets its message at the field.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from marketplace.insights.forms import PeriodForm
from marketplace.taxonomy.levels import Cefr
from marketplace.trajectories.models import NOTE_MAX, ORGANISATION_NAME_MAX
from marketplace.trajectories.operations import DecisionDetails, StepDetails
from marketplace.trajectories.report import ReportFilters
from marketplace.trajectories.vocab import StepKind
from marketplace.web.forms import REQUIRED, SelectField, SingleLine, strip_filter, vocabulary_select
from marketplace.web.i18n import format_day
from marketplace.web.once_only import SubmissionTokenField
from marketplace.web.select_options import data_choice, with_empty

#: The levels a Dutch course can reach.
COURSE_LEVELS = tuple(str(level) for level in Cefr if level != Cefr.NONE)

IN_FUTURE = _l("This date is in the future.")


class _DatedForm(FlaskForm):
    """A form whose dates lie between the person's registration and today."""

    def __init__(self, *args, registered_on: date, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.registered_on = registered_on
        self.today = today

    def check_day(self, day: date | None) -> None:
        """Refuse a day in the future or before the person was registered."""
        if day is None:
            return
        if day > self.today:
            raise ValidationError(IN_FUTURE)
        if day < self.registered_on:
            raise ValidationError(
                _l("This is before the person was registered (%(day)s).",
                   day=format_day(self.registered_on))
            )


class DecisionForm(_DatedForm):
    """The partners' decision: which trajectory, on which day, by which partner."""

    #: One-time token: a second send of the form makes nothing (``web/once_only``).
    submission_token = SubmissionTokenField()

    trajectory = vocabulary_select(
        _l("Trajectory"), "trajectory", required=True, empty=_l("(choose)")
    )
    decided_on = DateField(_l("Decided on"), validators=[InputRequired(REQUIRED)])
    partner = SelectField(
        _l("Decided by (partner organisation)"),
        validate_choice=False,
        validators=[InputRequired(REQUIRED)],
    )
    note = TextAreaField(
        _l("Note"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=NOTE_MAX)],
        description=_l("Short, for example: civic integration finished in March."),
    )

    def __init__(self, *args, partners=(), **kwargs):
        """``partners``: pairs of id and name of the partner organisations."""
        super().__init__(*args, **kwargs)
        self.partner.choices = with_empty(
            [data_choice(str(k), v) for k, v in partners], _l("(choose)")
        )
        self._partner_ids = {str(k) for k, _v in partners}

    def validate_decided_on(self, field):
        self.check_day(field.data)

    def validate_partner(self, field):
        if field.data and field.data not in self._partner_ids:
            raise ValidationError(_l("Choose one of the partner organisations."))

    def details(self) -> DecisionDetails:
        return DecisionDetails(
            trajectory=self.trajectory.data,
            decided_on=self.decided_on.data,
            partner_id=int(self.partner.data),
            note=self.note.data or None,
        )


class StepForm(_DatedForm):
    """A step of the timeline, written by the coach."""

    #: One-time token: a second send of the form makes nothing (``web/once_only``).
    submission_token = SubmissionTokenField()

    kind = vocabulary_select(_l("Step"), "step_kind", required=True, empty=_l("(choose)"))
    started_on = DateField(_l("Started on"), validators=[InputRequired(REQUIRED)])
    ended_on = DateField(
        _l("Ended on"), validators=[Optional()], description=_l("Empty while it goes on.")
    )
    # The choices are stripped: ``Optional`` takes a blank value for none and stops the
    # checks, so an unstripped " " reached ``int()`` in ``details`` (a 500).
    organisation = SelectField(
        _l("Organisation in Werkbrug"),
        validate_choice=False,
        validators=[Optional()],
        filters=[strip_filter],
    )
    organisation_name = StringField(
        _l("Or another organisation"),
        filters=[strip_filter],
        validators=[Optional(), SingleLine(), Length(max=ORGANISATION_NAME_MAX)],
        description=_l("For example CVO Crescendo or Atlas."),
    )
    dutch_level = SelectField(
        _l("Dutch level reached"),
        validate_choice=False,
        validators=[Optional()],
        filters=[strip_filter],
        description=_l("Only for a Dutch course."),
    )
    note = TextAreaField(_l("Note"), filters=[strip_filter],
                         validators=[Optional(), Length(max=NOTE_MAX)])
    #: The version of the step the form was opened on (changing a step only).
    version = HiddenField()

    def __init__(self, *args, organisations=(), **kwargs):
        """``organisations``: pairs of id and name of the organisations to choose from."""
        super().__init__(*args, **kwargs)
        self.organisation.choices = with_empty(
            [data_choice(str(k), v) for k, v in organisations], _l("(none)")
        )
        self._organisation_ids = {str(k) for k, _v in organisations}
        self.dutch_level.choices = with_empty([(v, v) for v in COURSE_LEVELS], _l("(none)"))

    def validate_started_on(self, field):
        self.check_day(field.data)

    def validate_ended_on(self, field):
        if field.data is None:
            return
        if self.started_on.data and field.data < self.started_on.data:
            raise ValidationError(_l("A step cannot end before it starts."))
        self.check_day(field.data)

    def validate_organisation(self, field):
        if field.data and field.data not in self._organisation_ids:
            raise ValidationError(_l("Choose one of the organisations in the list."))

    def validate_dutch_level(self, field):
        if not field.data:
            return
        if field.data not in COURSE_LEVELS:
            raise ValidationError(_l("Choose one of the levels."))
        if self.kind.data != StepKind.DUTCH_COURSE:
            raise ValidationError(_l("A level goes with a Dutch course only."))

    def details(self) -> StepDetails:
        return StepDetails(
            kind=self.kind.data,
            started_on=self.started_on.data,
            ended_on=self.ended_on.data,
            organisation_id=int(self.organisation.data) if self.organisation.data else None,
            organisation_name=self.organisation_name.data or None,
            dutch_level=self.dutch_level.data or None,
            note=self.note.data or None,
        )


class ReportFilterForm(PeriodForm):
    """The report's filters: the insights' period, and one partner organisation or all.
    A GET form: a bad value gets its message and is left out."""

    partner = SelectField(_l("Partner organisation"), validate_choice=False)

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.partner.choices = with_empty(
            [data_choice(str(k), v) for k, v in partners], _l("All partner organisations")
        )
        self._partner_ids = {str(k) for k, _v in partners}

    def validate_partner(self, field):
        if field.data and field.data not in self._partner_ids:
            raise ValidationError(_l("Choose one of the partner organisations."))

    def filters(self) -> ReportFilters:
        """The filters with a good value. Call after ``validate``."""
        start, end = self.period()
        partner = self.partner.data if not self.partner.errors and self.partner.data else None
        return ReportFilters(start=start, end=end, partner_id=int(partner) if partner else None)
