"""The opportunity form: what an employer, a training provider or a sector federation
fills in. Every message is translatable and sits next to its field; what was typed
stays. Beside it: which kinds ask which field (``kind_fields``), the list of errors for
the summary (``form_problems``), the rows of languages and skills (``row_forms``), a
course's and a try-out's own fields; the browse filters are in ``browse_forms``.

Numbers and dates are text inputs parsed here rather than WTForms' number and date
fields, so that a Belgian "19,5" or "31/12/2026" is understood and every message is
our own, in the user's language.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from marketplace.opportunities.course_fields import CourseChecks, course_fields
from marketplace.opportunities.form_problems import FormProblems
from marketplace.opportunities.kind_fields import KindFields
from marketplace.opportunities.operations import (
    LanguageWish,
    OpportunityData,
    SkillWish,
    missing_for_publication,
)
from marketplace.opportunities.queries import (
    occupation_suggestions,
)
from marketplace.opportunities.row_forms import (
    MAX_LANGUAGE_ROWS,
    MAX_SKILL_ROWS,
    LanguageRowForm,
    RowLists,
    SkillRowForm,
)
from marketplace.opportunities.rules import asks_weekly_hours, timed_by_session
from marketplace.opportunities.tryout_fields import (
    TRYOUT_PUBLISH_MESSAGES,
    TryoutFields,
    tryout_form_data,
)
from marketplace.opportunities.typed_input import (
    format_number,
    parse_date,
    parse_number,
    parse_whole_number,
    schedule_fields,
)
from marketplace.opportunities.vocab import (
    LANGUAGE_LEVELS,
    MAX_HOURS,
    MAX_INTERNSHIP_WEEKS,
    MAX_PLACES,
    MIN_HOURS,
    SCHEDULE_COLUMNS,
    ContractType,
    OpportunityKind,
    is_member,
)
from marketplace.taxonomy.fields import OccupationField, PostcodeField
from marketplace.taxonomy.levels import Cefr
from marketplace.web.forms import REQUIRED, SelectField, SingleLine, strip_filter
from marketplace.web.labels import choices
from marketplace.web.once_only import SubmissionTokenField

# --- the opportunity form --------------------------------------------------------------


PUBLISH_MESSAGES = {
    "description": _l("Describe the work before you publish."),
    "closes_on": _l("Choose a closing date of today or later before you publish."),
    "contract_type": _l("Choose the kind of contract before you publish."),
    "internship_weeks": _l("Fill in how many weeks the internship lasts before you publish."),
    "starts_on": _l("Choose the start date of the course, today or later, before you publish."),
    "duration_weeks": _l("Fill in how many weeks the course lasts before you publish."),
    **TRYOUT_PUBLISH_MESSAGES,
}


class OpportunityForm(KindFields, FormProblems, CourseChecks, TryoutFields, RowLists,
                      FlaskForm):
    """What an employer fills in for a job, an internship or a volunteering place, a
    training provider for a course, and an employer or a sector federation for a
    try-out."""

    #: One-time token: a second send of the form makes nothing (``web/once_only``).
    submission_token = SubmissionTokenField()

    kind = RadioField(_l("What do you offer?"), choices=[], validate_choice=False)
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(REQUIRED),
            SingleLine(),
            Length(max=200, message=_l("Use at most 200 characters.")),
        ],
        filters=[strip_filter],
        description=_l("For example: forklift driver, night shift."),
    )
    occupation = OccupationField(
        _l("Occupation"),
        validators=[InputRequired(_l("Choose the occupation that fits best."))],
        description=_l("From the European list (ESCO). Type in Dutch or English."),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Length(max=5000, message=_l("Use at most 5,000 characters."))],
        filters=[strip_filter],
        description=_l("What will the person do? Short sentences help newcomers."),
    )
    postcode = PostcodeField(
        _l("Postcode of the workplace"),
        validators=[InputRequired(_l("Fill in the postcode of the workplace."))],
    )
    # Not asked of a try-out (one session: its day and times say it); see rules.py.
    hours_per_week = StringField(
        _l("Hours per week"),
        filters=[strip_filter],
        description=_l("For example 38, or 19,5."),
        render_kw={"inputmode": "decimal"},
    )
    works_day, works_evening, works_night, works_weekend, works_shifts = schedule_fields()
    contract_type = SelectField(
        _l("Contract"), choices=[], validate_choice=False, description=_l("Only for jobs.")
    )
    internship_weeks = StringField(
        _l("Length of the internship in weeks"),
        filters=[strip_filter],
        description=_l("Only for internships."),
        render_kw={"inputmode": "numeric"},
    )
    duration_weeks, schedule_note = course_fields()
    places = StringField(
        _l("Number of places"),
        default="1",
        filters=[strip_filter],
        render_kw={"inputmode": "numeric"},
    )
    starts_on = StringField(
        _l("Start date"),
        filters=[strip_filter],
        description=_l("Empty: as soon as possible."),
        render_kw={"type": "date"},
    )
    closes_on = StringField(
        _l("Closing date"),
        filters=[strip_filter],
        description=_l("Until when coaches can propose. Needed to publish."),
        render_kw={"type": "date"},
    )
    dutch_level = SelectField(
        _l("Dutch level needed"),
        choices=[],
        validate_choice=False,
        description=_l("What someone needs on the first day."),
    )
    language_support = BooleanField(
        _l("We offer language support on the job (a language coach or a buddy)"),
        description=_l("Then one level of Dutch lower will do."),
    )
    languages = FieldList(FormField(LanguageRowForm), max_entries=MAX_LANGUAGE_ROWS)
    skills = FieldList(FormField(SkillRowForm), max_entries=MAX_SKILL_ROWS)
    driving_licence = BooleanField(_l("A driving licence (B) is needed"))
    certificates = StringField(
        _l("Certificates asked"),
        validators=[SingleLine(), Length(max=500, message=_l("Use at most 500 characters."))],
        filters=[strip_filter],
        description=_l("For example: VCA basic safety. Leave empty if none."),
    )
    notes_for_coaches = TextAreaField(
        _l("Anything else a coach should know"),
        validators=[Length(max=5000, message=_l("Use at most 5,000 characters."))],
        filters=[strip_filter],
        description=_l("For example: hard to reach by public transport."),
    )
    version = HiddenField()

    def __init__(self, *args, languages=(), offered_kinds=tuple(OpportunityKind), **kwargs):
        super().__init__(*args, **kwargs)
        # Only the kinds the organisation offers (vocab.KINDS_FOR_ORGANISATION).
        self.offered_kinds = frozenset(str(kind) for kind in offered_kinds)
        self.kind.choices = [(value, label) for value, label in choices("opportunity_kind")
                             if value in self.offered_kinds]
        if not all(asks_weekly_hours(kind) for kind in self.offered_kinds):
            # Without JavaScript the field shows for every kind: say which it is not for.
            self.hours_per_week.description = _l("For example 38, or 19,5. Not for try-outs.")
        if any(timed_by_session(kind) for kind in self.offered_kinds):
            self.starts_on.description = _l("Empty: as soon as possible. Not for try-outs: "
                                            "they start on the day of the try-out.")
        if self.offered_kinds == {OpportunityKind.TRYOUT}:
            self.describe_for_tryouts_only()
        self.contract_type.choices = [("", _l("(choose a contract)")),
                                      *choices("contract_type")]
        self.dutch_level.choices = [("", _l("(choose a level)")), *choices("cefr")]
        self.language_names = {code: name for code, name in languages if code != "nl"}
        self.language_choices = [("", _l("(no language)")), *self.language_names.items()]
        self.level_choices = [("", _l("(level)")),
                              *((str(v), str(v)) for v in LANGUAGE_LEVELS)]
        self.fill_row_choices()
        self.parsed: dict[str, object] = {}

    # -- checks --------------------------------------------------------------------------

    def validate_kind(self, field):
        if field.data not in self.offered_kinds:
            raise ValidationError(_l("Choose one of the kinds your organisation offers."))

    def validate_hours_per_week(self, field):
        if not asks_weekly_hours(self.kind.data):
            return  # ignored, as a field of another kind: the stored hours stay
        message = _l("Fill in a number of hours between %(min)d and %(max)d.",
                     min=MIN_HOURS, max=MAX_HOURS)
        try:
            hours = parse_number(field.data)
        except ValueError:
            raise ValidationError(message) from None
        if hours is None or not MIN_HOURS <= hours <= MAX_HOURS:
            raise ValidationError(message)
        self.parsed["hours_per_week"] = hours

    def validate_works_day(self, field):
        if timed_by_session(self.kind.data):
            return  # ignored: the session's day and times say it (rules.py)
        if not any(self[column].data for column in SCHEDULE_COLUMNS.values()):
            raise ValidationError(_l("Choose at least one moment."))

    def validate_contract_type(self, field):
        if not self.applies("contract_type"):
            return
        if field.data and not is_member(field.data, ContractType):
            raise ValidationError(_l("Choose a contract from the list."))

    def validate_internship_weeks(self, field):
        if not self.applies("internship_weeks"):
            self.parsed["internship_weeks"] = None
            return
        message = _l("Fill in a number of weeks between 1 and %(max)d.", max=MAX_INTERNSHIP_WEEKS)
        try:
            weeks = parse_whole_number(field.data)
        except ValueError:
            raise ValidationError(message) from None
        if weeks is not None and not 1 <= weeks <= MAX_INTERNSHIP_WEEKS:
            raise ValidationError(message)
        self.parsed["internship_weeks"] = weeks

    def validate_places(self, field):
        message = _l("Fill in a number of places between 1 and %(max)d.", max=MAX_PLACES)
        try:
            places = parse_whole_number(field.data)
        except ValueError:
            raise ValidationError(message) from None
        if places is None or not 1 <= places <= MAX_PLACES:
            raise ValidationError(message)
        self.parsed["places"] = places

    def validate_starts_on(self, field):
        if timed_by_session(self.kind.data):
            self.parsed["starts_on"] = None  # ignored: the session's day (rules.py)
            return
        self.parsed["starts_on"] = self._date(field)

    def validate_closes_on(self, field):
        closes_on = self._date(field)
        self.parsed["closes_on"] = closes_on
        if timed_by_session(self.kind.data):
            return  # a try-out closes on its day at the latest: check_tryout_closing
        try:
            starts_on = parse_date(self.starts_on.data)
        except ValueError:
            return  # the start date has its own message
        if closes_on and starts_on and closes_on < starts_on:
            raise ValidationError(_l("The closing date cannot be before the start date."))

    @staticmethod
    def _date(field) -> date | None:
        try:
            return parse_date(field.data)
        except ValueError:
            raise ValidationError(_l("Write a date like 31/12/2026.")) from None

    def validate_dutch_level(self, field):
        if not is_member(field.data, Cefr):
            raise ValidationError(
                _l("Choose a level from the list: none, A1, A2, B1, B2, C1 or C2.")
            )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        self.check_tryout_closing()
        self._suggest_occupation_from_title()
        self._check_duplicates(self.languages, lambda row: row.language_code.data,
                               "language_code", _l("This language is already in the list."))
        self._check_duplicates(self.skills,
                               lambda row: row.skill.data.id if row.skill.data else None,
                               "skill", _l("This skill is already in the list."))
        return valid and not self.problems()

    def _suggest_occupation_from_title(self) -> None:
        """Without JavaScript nobody saw the live suggestions: name them in the message."""
        if self.occupation.typed_text or not self.title.data:
            return
        labels = [result.label for result in occupation_suggestions(self.title.data)]
        if labels:
            self.occupation.errors = [
                *self.occupation.errors,
                _l("Suggestions from the title: %(names)s.", names=", ".join(labels)),
            ]

    @staticmethod
    def _check_duplicates(field_list, key, subfield, message) -> None:
        seen = set()
        for row in field_list:
            value = key(row.form)
            if value is None or value == "":
                continue
            if value in seen:
                row.form[subfield].errors = [*row.form[subfield].errors, message]
            seen.add(value)

    def check_publishable(self) -> bool:
        """Add the messages that keep this opportunity from being published; True when
        there are none. Call after ``validate``."""
        missing = missing_for_publication(self.to_data())
        for name in missing:
            if not self[name].errors:  # a field with a typing error says so already
                self[name].errors = [PUBLISH_MESSAGES[name]]
        return not missing

    # -- to and from the operations -----------------------------------------------------

    def to_data(self) -> OpportunityData:
        """The checked values, for ``operations``. Call after ``validate``."""
        return OpportunityData(
            kind=self.kind.data,
            title=self.title.data or "",
            occupation=self.occupation.data,
            postcode=self.postcode.data,
            hours_per_week=self.parsed.get("hours_per_week"),
            schedule={moment for moment, column in SCHEDULE_COLUMNS.items()
                      if self[column].data},
            places=self.parsed.get("places"),
            dutch_level=self.dutch_level.data,
            description=self.description.data or "",
            contract_type=(self.contract_type.data or None) if self.applies("contract_type")
            else None,
            internship_weeks=self.parsed.get("internship_weeks"),
            **self.course_data(),
            starts_on=self.parsed.get("starts_on"),
            closes_on=self.parsed.get("closes_on"),
            language_support=self.language_support.data,
            driving_licence=self.driving_licence.data,
            certificates=self.certificates.data or "",
            notes_for_coaches=self.notes_for_coaches.data or "",
            languages=[
                LanguageWish(row.form.language_code.data, row.form.level.data,
                             row.form.required.data == "required")
                for row in self.languages if row.form.language_code.data
            ],
            skills=[
                SkillWish(row.form.skill.data, row.form.required.data == "must")
                for row in self.skills if row.form.skill.data is not None
            ],
            **self.tryout_data(),
        )


def form_data_of(opportunity) -> dict:
    """The values of ``opportunity`` as the form shows them, to open it for editing."""
    data = {
        "kind": opportunity.kind,
        "title": opportunity.title,
        "occupation": opportunity.occupation,
        "description": opportunity.description,
        "postcode": opportunity.postcode,
        # A try-out's stored hours are not asked: a change of kind asks them anew.
        "hours_per_week": format_number(opportunity.hours_per_week)
        if asks_weekly_hours(opportunity.kind) else "",
        "contract_type": opportunity.contract_type or "",
        "internship_weeks": str(opportunity.internship_weeks or ""),
        "duration_weeks": str(opportunity.duration_weeks or ""),
        "schedule_note": opportunity.schedule_note or "",
        "places": str(opportunity.places),
        # A try-out's start date and working time are its session's: not shown, so a
        # change of kind asks them anew.
        "starts_on": opportunity.starts_on.isoformat()
        if opportunity.starts_on and not timed_by_session(opportunity.kind) else "",
        "closes_on": opportunity.closes_on.isoformat() if opportunity.closes_on else "",
        "dutch_level": opportunity.dutch_level,
        "language_support": opportunity.language_support,
        "driving_licence": opportunity.driving_licence,
        "certificates": opportunity.certificates,
        "notes_for_coaches": opportunity.notes_for_coaches,
        "version": opportunity.version,
        "languages": [
            {"language_code": row.language_code, "level": row.level,
             "required": "required" if row.required else "advantage"}
            for row in opportunity.languages
        ],
        "skills": [
            {"skill": row.skill, "required": "must" if row.required else "nice"}
            for row in opportunity.skills
        ],
    }
    for column in SCHEDULE_COLUMNS.values():
        data[column] = getattr(opportunity, column) and not timed_by_session(opportunity.kind)
    data.update(tryout_form_data(opportunity))
    return data
