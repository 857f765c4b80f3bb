"""The opportunity form's errors as one list, in the order of the form, for the
summary at its top: each with the input it belongs to (rows of languages and skills
named by their number) and its text."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from wtforms import FieldList

EXPIRED = _l("This form has expired. Check what you typed and send it again.")

@dataclass(frozen=True)
class FormProblem:
    """One error, for the summary at the top: the input it belongs to and the text."""

    field_id: str
    label: str
    message: str


class FormProblems:
    """Mixin of ``OpportunityForm``: ``problems()``, every error of the form."""

    def problems(self) -> list[FormProblem]:
        """Every error of the form, row fields included, in the order of the form."""
        found = [FormProblem("", "", str(message)) for message in self.form_errors]
        for field in self:
            if isinstance(field, FieldList):
                for number, row in enumerate(field, start=1):
                    for sub in row.form:
                        found.extend(
                            FormProblem(sub.id, f"{self._row_label(field, number)}, "
                                        f"{sub.label.text}", str(message))
                            for message in sub.errors
                        )
            elif field.name == "csrf_token" and field.errors:
                # The hidden token cannot be corrected by hand: say what to do instead.
                found.append(FormProblem("", "", str(EXPIRED)))
            else:
                found.extend(FormProblem(field.id, str(field.label.text), str(message))
                             for message in field.errors)
        return found

    @staticmethod
    def _row_label(field_list, number) -> str:
        if field_list.name == "languages":
            return str(_l("Language %(number)d", number=number))
        return str(_l("Skill %(number)d", number=number))
