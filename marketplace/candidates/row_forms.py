"""The repeated rows of the candidate profile form: other languages, work experience,
skills and wished occupations, each a ``FieldList`` of a small row form, and what the
profile form does with them (:class:`RowLists`).

A button "add a row" sends the form and gets it back with one more row, and each row
has a button that removes it (works without JavaScript); a row left empty is ignored.
"""

from __future__ import annotations

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, StringField
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import TextInput

from marketplace.candidates.form_choices import (
    DUTCH,
    country_names,
    country_select_choices,
    language_choices,
    language_select_choices,
)
from marketplace.candidates.models import MAX_EXPERIENCE_YEARS
from marketplace.candidates.profile import read_form_rows
from marketplace.taxonomy.fields import OccupationField, SkillField, read_shown
from marketplace.taxonomy.levels import Cefr
from marketplace.taxonomy.queries import occupations_by_uri, resolve_occupation, skills_by_uri
from marketplace.web.forms import Between, SelectField, SingleLine, strip_filter
from marketplace.web.i18n import current_language
from marketplace.web.labels import choices
from marketplace.web.select_options import kept_per_catalogue, with_empty

#: Levels of another language; a language spoken at level "none" is simply not listed.
LANGUAGE_LEVELS = tuple(str(level) for level in Cefr if level != Cefr.NONE)


class RowForm(FlaskForm):
    """A row of a ``FieldList``: no CSRF token of its own, but messages translated like
    those of the whole form."""

    class Meta:
        csrf = False


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


class LanguageRow(RowForm):
    language = SelectField(_l("Language"), choices=language_select_choices,
                           validate_choice=False)
    level = SelectField(
        _l("Level"),
        choices=kept_per_catalogue(lambda: with_empty(
            [pair for pair in choices("cefr") if pair[0] in LANGUAGE_LEVELS], _l("(choose a level)")
        )),
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
        choices=country_select_choices,
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
        if field.data and field.data not in country_names():
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


#: Row lists of the profile form, and the buttons that add a row to each.
ROW_LISTS = ("languages", "experiences", "skills", "wished_occupations")


class RowLists:
    """What :class:`~marketplace.candidates.forms.CandidateForm` does with its row lists
    (:data:`ROW_LISTS`): the add and remove buttons, and marking a repeated language."""

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

    def mark_repeated_languages(self) -> None:
        """Tell each language row whether an earlier row has the same language, so that
        the row's own validation can say so."""
        seen = set()
        for entry in self.languages:
            code = entry.form.language.data
            entry.form.duplicate = bool(code) and code in seen
            seen.add(code)

    def read_shown_entries(self, saved_id: int | None) -> dict | None:
        """Give the rows' pickers the occupations and skills they showed when the form
        was sent (``known``, as ``taxonomy.fields.read_shown`` does), without a
        statement a row. For a change of the saved profile ``saved_id`` its rows are
        read with their entries (``profile.read_form_rows``), which most pickers show,
        and returned (as ``read_rows`` gives them) for the save to compare with; only
        other entries are read by their URIs."""
        occupations = [*(row.form.occupation for row in self.experiences),
                       *(row.form.occupation for row in self.wished_occupations)]
        skills = [row.form.skill for row in self.skills]
        if saved_id is None:
            read_shown([*occupations, *skills])
            return None
        rows, saved_occupations, saved_skills = read_form_rows(saved_id)
        _know_shown(occupations, saved_occupations.values(), occupations_by_uri)
        _know_shown(skills, saved_skills.values(), skills_by_uri)
        return rows


def _know_shown(pickers, saved, by_uri) -> None:
    """Give ``pickers`` the entries they showed: those among ``saved`` by URI, the
    others read with ``by_uri`` in one statement (none when every one was saved)."""
    known = {entry.uri: entry for entry in saved}
    missing = [picker.shown_uri for picker in pickers
               if picker.shown_uri and picker.shown_uri not in known]
    if missing:
        known.update(by_uri(missing))
    for picker in pickers:
        picker.known = known
