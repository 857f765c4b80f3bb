"""Forms of the candidates domain; labels and messages are translatable.

The profile form holds lists (languages, experience, skills, wished occupations) as
``FieldList``s of small row forms. A button "add a row" sends the form and gets it back
with one more row (works without JavaScript); a row left empty is ignored.
"""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal

from babel import Locale
from flask import g
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    EmailField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.core import UnboundField
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from marketplace.candidates.models import (
    KIND_COLUMNS,
    MAX_COMMUTE_KM,
    MAX_EXPERIENCE_YEARS,
    MAX_HOURS_PER_WEEK,
    Candidate,
)
from marketplace.candidates.operations import CandidateProfile, ExperienceEntry, profile_of
from marketplace.candidates.profile_rules import (
    MAX_NOTE_LENGTH,
    OLDEST_BIRTH_YEAR,
    YOUNGEST_AGE,
    available_from_too_old,
    is_phone_number,
)
from marketplace.candidates.vocabularies import (
    EDITABLE_STATUSES,
    CandidateStatus,
)
from marketplace.db_types import local_today
from marketplace.taxonomy.fields import OccupationField, PostcodeField, SkillField
from marketplace.taxonomy.levels import Cefr
from marketplace.taxonomy.queries import list_languages, list_nace_sections, resolve_occupation
from marketplace.web.forms import SingleLine, strip_filter, with_empty
from marketplace.web.i18n import current_language
from marketplace.web.labels import LABELS, choices

REQUIRED = _l("Fill in this field.")
CHOOSE = _l("Choose one of the options.")
NOT_KNOWN = _l("(not known)")
EXPIRED = _l("This form has expired. Check what you typed and send it again.")
DUTCH = "nl"
#: Levels of another language; a language spoken at level "none" is simply not listed.
LANGUAGE_LEVELS = tuple(str(level) for level in Cefr if level != Cefr.NONE)
# Codes babel lists as territories that are not countries (EU, UN, unknown, ...).
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})


def _per_request(key: str, build):
    """``build()`` once per request: choice lists are read once, not once per row."""
    cache = g.setdefault("candidate_form_choices", {})
    if key not in cache:
        cache[key] = build()
    return cache[key]


def language_choices() -> list[tuple[str, str]]:
    """Languages other than Dutch, named in the user's language."""
    locale = current_language()
    return _per_request(
        f"languages-{locale}",
        lambda: [(code, name) for code, name in list_languages(locale) if code != DUTCH],
    )


def country_choices() -> list[tuple[str, str]]:
    """ISO 3166 alpha-2 countries named in the user's language (Kosovo included as XK)."""
    locale = current_language()

    def build():
        territories = Locale.parse(locale).territories
        countries = [
            (code, name)
            for code, name in territories.items()
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
        ]
        return sorted(countries, key=lambda pair: pair[1].casefold())

    return _per_request(f"countries-{locale}", build)


def sector_choices() -> list[tuple[str, str]]:
    locale = current_language()
    return _per_request(
        f"sectors-{locale}",
        lambda: [(code, f"{code}: {label}") for code, label in list_nace_sections(locale)],
    )


def vocabulary_select(
    label,
    vocabulary: str,
    *,
    required: bool = False,
    values=None,
    empty=NOT_KNOWN,
    message=CHOOSE,
    **kwargs,
) -> SelectField:
    """A select of a fixed vocabulary (see ``web/labels.py``) that refuses any other
    value with ``message``. ``values`` limits the choices; ``empty`` labels the empty
    first option (None: no empty option)."""
    allowed = [str(v) for v in (values or LABELS[vocabulary])]

    def options():
        pairs = [(v, str(LABELS[vocabulary][v])) for v in allowed]
        return pairs if empty is None else with_empty(pairs, empty)

    presence = InputRequired(REQUIRED) if required else Optional()
    return SelectField(
        label,
        choices=options,
        validate_choice=False,
        validators=[presence, AnyOf(allowed, message=message)],
        **kwargs,
    )


class RowForm(FlaskForm):
    """A row of a ``FieldList``: no CSRF token of its own, but messages translated like
    those of the whole form."""

    class Meta:
        csrf = False


class Between(NumberRange):
    """``NumberRange`` that stays silent when the text was no number at all: the field
    already says that, and one message is enough."""

    def __call__(self, form, field):
        if field.data is not None:
            super().__call__(form, field)


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (a fieldset in the template)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class YearsField(DecimalField):
    """A number of years; a decimal comma (2,5) is read like a point. A text input,
    because a browser's number input refuses the comma that Dutch uses."""

    widget = TextInput()

    def process_formdata(self, valuelist):
        super().process_formdata([v.replace(",", ".").strip() for v in valuelist])

    def _value(self):
        if self.raw_data or self.data is None:
            return super()._value()
        return format_decimal(self.data)  # 3,5 in Dutch, 3.5 in English


# --- rows of the profile form ---------------------------------------------------------


class LanguageRow(RowForm):
    language = SelectField(
        _l("Language"),
        choices=lambda: with_empty(language_choices(), _l("(choose a language)")),
        validate_choice=False,
    )
    level = SelectField(
        _l("Level"),
        choices=lambda: with_empty(
            [pair for pair in choices("cefr") if pair[0] in LANGUAGE_LEVELS], _l("(choose a level)")
        ),
        validate_choice=False,
    )

    #: Set by the profile form when an earlier row has the same language.
    duplicate = False

    @property
    def is_blank(self) -> bool:
        return not self.language.data and not self.level.data

    def validate_language(self, field):
        if self.is_blank:
            return
        if field.data == DUTCH:
            raise ValidationError(_l("Dutch has its own field above."))
        if not field.data:
            raise ValidationError(_l("Choose a language."))
        if field.data not in dict(language_choices()):
            raise ValidationError(_l("Choose a language from the list."))
        if self.duplicate:
            raise ValidationError(_l("This language is already in the list."))

    def validate_level(self, field):
        if self.is_blank:
            return
        if not field.data:
            raise ValidationError(_l("Choose a level."))
        if field.data not in LANGUAGE_LEVELS:
            raise ValidationError(_l("Choose a CEFR level: A1, A2, B1, B2, C1 or C2."))


class ExperienceRow(RowForm):
    occupation = OccupationField(
        _l("Occupation"),
        description=_l("Type the job in Dutch or English and choose from the suggestions."),
    )
    title_as_said = StringField(
        _l("Job title as the person says it"),
        validators=[SingleLine(), Length(max=200)],
        filters=[strip_filter],
    )
    years = YearsField(
        _l("Years"),
        places=1,
        validators=[
            Optional(),
            Between(
                min=0,
                max=MAX_EXPERIENCE_YEARS,
                message=_l(
                    "Fill in a number of years from 0 to %(max)d.", max=MAX_EXPERIENCE_YEARS
                ),
            ),
        ],
    )
    country = SelectField(
        _l("Country"),
        choices=lambda: with_empty(country_choices(), _l("(choose a country)")),
        validate_choice=False,
    )

    @property
    def is_blank(self) -> bool:
        return not (
            self.occupation.typed_text
            or self.title_as_said.data
            or (self.years.raw_data and self.years.raw_data[0])
            or self.country.data
        )

    def validate_country(self, field):
        if field.data and field.data not in dict(country_choices()):
            raise ValidationError(_l("Choose a country from the list."))

    def validate(self, extra_validators=None):
        """A filled-in row needs an occupation and years. Without an occupation, the
        title as said is looked up in ESCO; when it names no occupation exactly, the
        error suggests the closest ones."""
        valid = super().validate(extra_validators)
        if self.is_blank:
            return valid
        if self.occupation.data is None and not self.occupation.errors:
            valid = self._occupation_from_title() and valid
        if self.years.data is None and not self.years.errors:
            self.years.errors.append(_l("Fill in the number of years."))
            valid = False
        return valid

    def _occupation_from_title(self) -> bool:
        title = self.title_as_said.data
        found, suggestions = resolve_occupation(title, current_language()) if title else (None, [])
        if found is not None:
            self.occupation.data = found
            self.occupation.typed_text = found.label(current_language())
            return True
        message = str(_l("Choose the occupation from ESCO that fits best."))
        if suggestions:
            message += " " + str(_l("Did you mean: %(names)s?", names=", ".join(suggestions)))
        self.occupation.errors.append(message)
        return False


class SkillRow(RowForm):
    skill = SkillField(_l("Skill"), description=_l("Type a skill in Dutch or English."))


class WishedOccupationRow(RowForm):
    occupation = OccupationField(_l("Occupation"))


# --- the profile form -----------------------------------------------------------------

#: Row lists of the profile form, and the buttons that add a row to each.
ROW_LISTS = ("languages", "experiences", "skills", "wished_occupations")


class CandidateForm(FlaskForm):
    pseudonym = StringField(
        _l("First name or pseudonym"),
        validators=[DataRequired(REQUIRED), SingleLine(), Length(max=100)],
        filters=[strip_filter],
        description=_l(
            "Only what the person agrees to. Employers see this name when you propose the person."
        ),
    )
    email = EmailField(
        _l("E-mail address"),
        validators=[Optional(), Email(_l("This is not an e-mail address.")), Length(max=254)],
        filters=[strip_filter],
    )
    phone = StringField(
        _l("Phone number"),
        validators=[Optional(), Length(max=40)],
        filters=[strip_filter],
        render_kw={"inputmode": "tel", "autocomplete": "off"},
    )
    postcode = PostcodeField(
        _l("Postcode"),
        validators=[DataRequired(REQUIRED)],
        description=_l("Where the person lives. Used for the distance to work."),
    )

    dutch_level = vocabulary_select(
        _l("Dutch level"),
        "cefr",
        required=True,
        empty=_l("(choose a level)"),
        message=_l("Choose a CEFR level: A1, A2, B1, B2, C1 or C2."),
    )
    dutch_level_assessed_on = DateField(_l("Date of this level"), validators=[Optional()])
    dutch_level_source = vocabulary_select(_l("Source of this level"), "dutch_level_source")

    languages = FieldList(FormField(LanguageRow), label=_l("Other languages"), min_entries=1)

    education_level = vocabulary_select(_l("Highest education finished"), "education_level")
    diploma_recognition = vocabulary_select(
        _l("Diploma from abroad recognised"), "diploma_recognition"
    )

    experiences = FieldList(FormField(ExperienceRow), label=_l("Work experience"), min_entries=1)
    skills = FieldList(FormField(SkillRow), label=_l("Skills"), min_entries=1)

    wished_occupations = FieldList(
        FormField(WishedOccupationRow), label=_l("Wished occupations"), min_entries=1
    )
    wished_kinds = MultiCheckboxField(
        _l("Looking for"),
        choices=lambda: [(kind, label) for kind, label in choices("opportunity_kind")
                         if kind in KIND_COLUMNS],
        description=_l("Tick nothing when every kind is fine."),
    )
    wished_sectors = MultiCheckboxField(_l("Wished sectors"), choices=sector_choices)
    hours_per_week = IntegerField(
        _l("Hours per week"),
        validators=[
            Optional(),
            Between(
                min=1,
                max=MAX_HOURS_PER_WEEK,
                message=_l("Fill in a number of hours from 1 to %(max)d.", max=MAX_HOURS_PER_WEEK),
            ),
        ],
    )
    day_parts = MultiCheckboxField(
        _l("Can work"),
        choices=lambda: choices("day_part"),
        description=_l(
            "For example only afternoons because of Dutch class. Tick nothing "
            "when every moment is fine."
        ),
    )
    max_commute_km = IntegerField(
        _l("Longest trip to work (km)"),
        validators=[
            Optional(),
            Between(
                min=0,
                max=MAX_COMMUTE_KM,
                message=_l("Fill in a distance from 0 to %(max)d km.", max=MAX_COMMUTE_KM),
            ),
        ],
    )
    commute_means = vocabulary_select(_l("Travels by"), "commute_means")
    driving_licence = BooleanField(_l("Has a driving licence"))
    available_from = DateField(_l("Available from"), validators=[Optional()])

    allowed_to_work = vocabulary_select(
        _l("Allowed to work in Belgium"), "work_permission", required=True, empty=_l("(choose)")
    )
    trajectory = vocabulary_select(
        _l("Trajectory"), "trajectory", required=True, empty=_l("(choose)")
    )
    status = vocabulary_select(
        _l("Status"),
        "candidate_status",
        required=True,
        values=EDITABLE_STATUSES,
        empty=None,
        default=CandidateStatus.ACTIVE,
    )
    shared_with_partnership = BooleanField(
        _l("Share with the partnership"),
        description=_l(
            "Coaches of every partner can then see this profile, without contact "
            "details, note, gender and birth year. Needs the person's consent."
        ),
    )
    coach_note = TextAreaField(
        _l("Note for yourself"),
        validators=[Optional(), Length(max=MAX_NOTE_LENGTH)],
        filters=[strip_filter],
        description=_l("Only you see this note. Write facts, no opinions about the person."),
    )

    gender = vocabulary_select(_l("Gender (as the person says)"), "gender", empty=_l("(not given)"))
    birth_year = IntegerField(_l("Birth year"), validators=[Optional()])
    version = HiddenField()

    def __init__(self, *args, has_consent: bool = False, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_consent = has_consent
        if creating:  # a new candidate has no consent yet, so cannot be shared yet
            del self.shared_with_partnership

    # -- rows --------------------------------------------------------------------------

    def change_rows(self, form_data) -> bool:
        """Apply an "add a row" or "remove this row" button, if one was pressed.

        Returns True when one was: the view then shows the form again, unsaved.
        """
        added = form_data.get("add_row")
        if added in ROW_LISTS:
            getattr(self, added).append_entry()
            return True
        removed = form_data.get("remove_row", "")
        for name in ROW_LISTS:
            rows = getattr(self, name)
            for entry in list(rows.entries):
                if entry.name == removed:
                    rows.entries.remove(entry)
                    if not rows.entries:
                        rows.append_entry()
                    return True
        return False

    # -- validation --------------------------------------------------------------------

    def validate(self, extra_validators=None):
        seen = set()
        for entry in self.languages:
            code = entry.form.language.data
            entry.form.duplicate = bool(code) and code in seen
            seen.add(code)
        return super().validate(extra_validators)

    def validate_phone(self, field):
        if field.data and not is_phone_number(field.data):
            raise ValidationError(
                _l("Use digits, spaces and a + only, for example +32 470 12 34 56.")
            )

    def validate_dutch_level_assessed_on(self, field):
        if field.data and field.data > local_today():
            raise ValidationError(_l("This date is in the future."))

    def validate_available_from(self, field):
        if field.data and available_from_too_old(field.data, local_today()):
            raise ValidationError(
                _l(
                    "This date is more than a year ago. Fill in from when the person can start, "
                    "or leave it empty if they can start now."
                )
            )

    def validate_birth_year(self, field):
        if field.data is None:
            return
        this_year = local_today().year
        if field.data > this_year:
            raise ValidationError(_l("This year is in the future."))
        if field.data < OLDEST_BIRTH_YEAR:
            raise ValidationError(_l("Check the year: use four digits, for example 1990."))
        if field.data > this_year - YOUNGEST_AGE:
            raise ValidationError(
                _l("Candidates are at least %(age)d years old. Check the year.", age=YOUNGEST_AGE)
            )

    def validate_shared_with_partnership(self, field):
        if field.data and not self.has_consent:
            raise ValidationError(
                _l("First record the person's consent: sharing with the partnership needs it.")
            )

    # -- to and from the model ---------------------------------------------------------

    def to_profile(self) -> CandidateProfile:
        """The validated form as a profile (empty rows left out, repeats once)."""
        return CandidateProfile(
            pseudonym=self.pseudonym.data,
            email=self.email.data or None,
            phone=self.phone.data or None,
            postcode=self.postcode.data,
            dutch_level=self.dutch_level.data,
            dutch_level_assessed_on=self.dutch_level_assessed_on.data,
            dutch_level_source=self.dutch_level_source.data or None,
            languages={
                row.form.language.data: row.form.level.data
                for row in self.languages
                if not row.form.is_blank
            },
            education_level=self.education_level.data or None,
            diploma_recognition=self.diploma_recognition.data or None,
            experiences=[
                ExperienceEntry(
                    occupation_id=row.form.occupation.data.id,
                    title_as_said=row.form.title_as_said.data or None,
                    years=float(row.form.years.data),
                    country=row.form.country.data or None,
                )
                for row in self.experiences
                if not row.form.is_blank
            ],
            skills=frozenset(row.form.skill.data.id for row in self.skills if row.form.skill.data),
            wished_occupations=frozenset(
                row.form.occupation.data.id
                for row in self.wished_occupations
                if row.form.occupation.data
            ),
            wished_kinds=frozenset(self.wished_kinds.data or ()),
            wished_sectors=frozenset(self.wished_sectors.data or ()),
            hours_per_week=self.hours_per_week.data,
            day_parts=frozenset(self.day_parts.data or ()),
            max_commute_km=self.max_commute_km.data,
            commute_means=self.commute_means.data or None,
            driving_licence=bool(self.driving_licence.data),
            available_from=self.available_from.data,
            allowed_to_work=self.allowed_to_work.data,
            trajectory=self.trajectory.data,
            status=self.status.data,
            shared_with_partnership=bool(
                "shared_with_partnership" in self and self.shared_with_partnership.data
            ),
            coach_note=self.coach_note.data or None,
            gender=self.gender.data or None,
            birth_year=self.birth_year.data,
        )


def profile_field_labels() -> dict[str, str]:
    """The profile form's labels by field name, in the user's language, read from the
    form class (no form is built for it)."""
    labels = {}
    for name, unbound in vars(CandidateForm).items():
        if isinstance(unbound, UnboundField):
            # A FieldList gets its label as a keyword; its first argument is the row.
            label = unbound.kwargs.get("label") or (unbound.args[0] if unbound.args else None)
            if label is not None:
                labels[name] = str(label)
    return labels


def candidate_form_data(candidate: Candidate) -> dict:
    """The form's initial data for editing ``candidate``: its profile, with the
    taxonomy entries as objects so that the pickers show their names."""
    profile = profile_of(candidate)
    return {
        **{f.name: getattr(profile, f.name) for f in fields(CandidateProfile)},
        "languages": [
            {"language": code, "level": level} for code, level in sorted(profile.languages.items())
        ],
        "experiences": [
            {
                "occupation": row.occupation,
                "title_as_said": row.title_as_said,
                "years": Decimal(str(row.years)),
                "country": row.country,
            }
            for row in candidate.experiences
        ],
        "skills": [{"skill": row.skill} for row in candidate.skills],
        "wished_occupations": [
            {"occupation": row.occupation} for row in candidate.wished_occupations
        ],
        "wished_kinds": sorted(profile.wished_kinds),
        "wished_sectors": sorted(profile.wished_sectors),
        "day_parts": sorted(profile.day_parts),
        "version": candidate.version,
    }


# --- caseload filters -----------------------------------------------------------------


def error_items(form) -> list[tuple[str | None, str]]:
    """Every error of ``form`` as ``(field id, text)`` for the error summary, including
    the fields inside rows of a ``FieldList`` ("Languages 2: Level: ..."). An expired
    form (CSRF token) has no field to point to: its id is None."""
    items = []
    for f in form:
        if f.name == "csrf_token":
            if f.errors:
                items.append((None, str(EXPIRED)))
        elif isinstance(f, FieldList):
            for number, row in enumerate(f.entries, start=1):
                for sub in row.form:
                    if sub.errors:
                        label = f"{f.label.text} {number}: {sub.label.text}"
                        items.append((sub.id, f"{label}: {' '.join(map(str, sub.errors))}"))
        elif f.errors:
            items.append((f.id, f"{f.label.text}: {' '.join(map(str, f.errors))}"))
    return items
