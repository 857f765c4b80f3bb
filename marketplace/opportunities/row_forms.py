"""The rows of the opportunity form: other languages and ESCO skills.

The form shows the rows that hold something and one empty row to fill in. A button adds
a row and each row has a button that removes it. With JavaScript (werkbrug.js) these
work in the page, from a blank row kept in a ``<template>``; without it they are submit
buttons (``add_row``, ``remove_row``) that show the form again, one row more or less,
with everything typed kept and nothing saved.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import FieldList, Form, RadioField
from wtforms.validators import ValidationError

from marketplace.opportunities.vocab import LANGUAGE_LEVELS
from marketplace.taxonomy.fields import SkillField
from marketplace.web.forms import SelectField

MAX_LANGUAGE_ROWS = 12
MAX_SKILL_ROWS = 30
ROW_LISTS = ("languages", "skills")
#: The index in the names of the blank row that the script copies (``skills-__index__-skill``).
ROW_INDEX = "__index__"


class LanguageRowForm(Form):
    """One other language: which, at what level, a must-have or nice to have."""

    language_names: dict[str, str] = {}  # set by OpportunityForm: code -> name

    language_code = SelectField(_l("Language"), choices=[], validate_choice=False)
    level = SelectField(_l("Level"), choices=[], validate_choice=False)
    required = RadioField(
        _l("How important?"), choices=[], default="advantage", validate_choice=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The skill rows' words: one form, one way to say how much a row matters.
        self.required.choices = [("required", _l("Must-have")), ("advantage", _l("Nice-to-have"))]

    def is_blank(self) -> bool:
        return not self.language_code.data and not self.level.data

    def validate_language_code(self, field):
        if field.data and field.data not in self.language_names:
            raise ValidationError(_l("Choose a language from the list."))
        if not field.data and self.level.data:
            raise ValidationError(_l("Choose the language, or empty the level."))

    def validate_level(self, field):
        if field.data and field.data not in LANGUAGE_LEVELS:
            raise ValidationError(_l("Choose a level from A1 to C2."))
        if self.language_code.data and not field.data:
            raise ValidationError(_l("Choose the level for this language."))

    def validate_required(self, field):
        if field.data not in ("required", "advantage"):
            raise ValidationError(_l("Choose must-have or nice-to-have."))


class SkillRowForm(Form):
    """One ESCO skill: nice to have, unless the employer says it is a must."""

    skill = SkillField(_l("Skill"))
    required = RadioField(_l("How important?"), choices=[], default="nice", validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.required.choices = [("must", _l("Must-have")), ("nice", _l("Nice-to-have"))]

    def is_blank(self) -> bool:
        return not self.skill.typed_text

    def validate_required(self, field):
        if field.data not in ("must", "nice"):
            raise ValidationError(_l("Choose must-have or nice-to-have."))


class RowLists:
    """What :class:`~marketplace.opportunities.forms.OpportunityForm` does with its
    ``languages`` and ``skills`` rows: the buttons, the empty row, the copy template."""

    rows_changed = False
    row_index = ROW_INDEX

    def change_rows(self, form_data) -> bool:
        """Apply an "add" or "remove" button, if one was pressed; True when one was (the
        view then shows the form again, unsaved)."""
        if "add_row" not in form_data and "remove_row" not in form_data:
            return False
        self.rows_changed = True
        added = form_data.get("add_row")
        if added in ROW_LISTS and len(self[added]) < self[added].max_entries:
            self[added].append_entry()
        removed = form_data.get("remove_row", "")
        for name in ROW_LISTS:
            self[name].entries = [row for row in self[name] if row.name != removed]
        self.fill_row_choices()
        return True

    def prepare_rows(self) -> None:
        """Before showing the form: the rows that hold something (or an error) and one
        empty row to fill in, while there is room. After a button the rows stay as the
        person left them, empty ones too."""
        for name in ROW_LISTS:
            rows = self[name]
            if not self.rows_changed:
                rows.entries = [row for row in rows
                                if not row.form.is_blank() or row.errors]
            if (not rows.entries or not rows.entries[-1].form.is_blank()) and (
                len(rows) < rows.max_entries
            ):
                rows.append_entry()
        self.fill_row_choices()

    def row_template(self, name: str):
        """A blank row of ``name`` numbered :data:`ROW_INDEX`, for the script to copy."""
        rows: FieldList = self[name]
        options = {"name": f"{rows.name}-{ROW_INDEX}", "id": f"{rows.id}-{ROW_INDEX}",
                   "_meta": rows.meta, "translations": rows._translations}
        row = rows.meta.bind_field(self, rows.unbound_field, options)
        row.process(None)
        self.fill_row_choices([row])
        return row

    def fill_row_choices(self, rows=None) -> None:
        """Give language rows (also ones added after the form was made) their lists."""
        for row in self.languages if rows is None else rows:
            if isinstance(row.form, LanguageRowForm):
                row.form.language_names = self.language_names
                row.form.language_code.choices = self.language_choices
                row.form.level.choices = self.level_choices
