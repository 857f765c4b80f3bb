"""The candidate profile form, its initial data for an edit, and the error summary;
labels and messages are translatable (its labels by field name, for history and
conflict pages, are in ``form_labels.py``).

The profile form holds lists (languages, experience, skills, wished occupations) as
``FieldList``s of small row forms, which are in ``row_forms.py`` with the add and remove
buttons; the choice lists read per request are in ``form_choices.py``.
"""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    Optional,
    ValidationError,
)

from marketplace.candidates.form_choices import sector_choices
from marketplace.candidates.models import (
    KIND_COLUMNS,
    MAX_COMMUTE_KM,
    MAX_HOURS_PER_WEEK,
    Candidate,
)
from marketplace.candidates.profile import (
    CandidateProfile,
    ExperienceEntry,
    profile_of,
    read_form_rows,
)
from marketplace.candidates.profile_rules import (
    MAX_NOTE_LENGTH,
    OLDEST_BIRTH_YEAR,
    YOUNGEST_AGE,
    available_from_too_old,
    is_phone_number,
)
from marketplace.candidates.row_forms import (
    ExperienceRow,
    LanguageRow,
    RowLists,
    SkillRow,
    WishedOccupationRow,
)
from marketplace.candidates.vocabularies import (
    EDITABLE_STATUSES,
    CandidateStatus,
)
from marketplace.db_types import local_today
from marketplace.taxonomy.fields import PostcodeField
from marketplace.web.forms import (
    REQUIRED,
    Between,
    CheckboxesField,
    SingleLine,
    strip_filter,
    vocabulary_select,
)
from marketplace.web.labels import choices
from marketplace.web.once_only import SubmissionTokenField

EXPIRED = _l("This form has expired. Check what you typed and send it again.")


# --- the profile form -----------------------------------------------------------------


class CandidateForm(RowLists, FlaskForm):
    #: One-time token: a second send of the form makes nothing (``web/once_only``).
    submission_token = SubmissionTokenField()

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
    wished_kinds = CheckboxesField(
        _l("Looking for"),
        choices=lambda: [(kind, label) for kind, label in choices("opportunity_kind")
                         if kind in KIND_COLUMNS],
        description=_l("Tick nothing when every kind is fine."),
    )
    wished_sectors = CheckboxesField(_l("Wished sectors"), choices=sector_choices)
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
    day_parts = CheckboxesField(
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

    def __init__(self, *args, has_consent: bool = False, creating: bool = False,
                 saved_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_consent = has_consent
        if creating:  # a new candidate has no consent yet, so cannot be shared yet
            del self.shared_with_partnership
        #: The candidate whose saved profile this form changes (None: a new one), and
        #: its rows as ``validate`` read them, for the save (``read_shown_entries``).
        self.saved_id = saved_id
        self.saved_rows: dict | None = None

    # -- validation --------------------------------------------------------------------

    def validate(self, extra_validators=None):
        self.mark_repeated_languages()
        # The occupations and skills the rows showed, not in a statement a row.
        self.saved_rows = self.read_shown_entries(self.saved_id)
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
            # Say which years count: "use four digits" misled when 1850 was typed.
            raise ValidationError(_l("Check the year: fill in a year from %(first)d to %(last)d.",
                                     first=OLDEST_BIRTH_YEAR, last=this_year - YOUNGEST_AGE))
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


def candidate_form_data(candidate: Candidate) -> dict:
    """The form's initial data for editing ``candidate``: its profile, with the
    taxonomy entries as objects so that the pickers show their names (the profile's
    rows, their occupations and skills and the taxonomy's version in one statement:
    ``read_form_rows``)."""
    rows, occupations, skills = read_form_rows(candidate.id)
    profile = profile_of(candidate, rows)
    return {
        **{f.name: getattr(profile, f.name) for f in fields(CandidateProfile)},
        "languages": [
            {"language": code, "level": level} for code, level in sorted(profile.languages.items())
        ],
        "experiences": [
            {
                "occupation": occupations[row.occupation_id],
                "title_as_said": row.title_as_said,
                "years": Decimal(str(row.years)),
                "country": row.country,
            }
            for row in profile.experiences
        ],
        "skills": [{"skill": skills[skill_id]} for skill_id in sorted(profile.skills)],
        "wished_occupations": [
            {"occupation": occupations[occupation_id]}
            for occupation_id in sorted(profile.wished_occupations)
        ],
        "wished_kinds": sorted(profile.wished_kinds),
        "wished_sectors": sorted(profile.wished_sectors),
        "day_parts": sorted(profile.day_parts),
        "version": candidate.version,
    }


# --- the error summary ----------------------------------------------------------------


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
