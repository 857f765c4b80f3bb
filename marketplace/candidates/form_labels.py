"""The profile form's labels by field name, in the user's language: for the profile,
its history, the export and the conflict notice (``field_labels``)."""

from __future__ import annotations

from flask import has_app_context
from flask_babel import lazy_gettext as _l
from wtforms.fields.core import UnboundField

from marketplace.candidates.forms import CandidateForm
from marketplace.translation_lookup import PerCatalogue, lazy_text

#: Names of changes that are not fields of the profile form, for history and conflicts.
EXTRA_FIELD_LABELS = {"consent": _l("Consent"), "coach": _l("Coach")}


def _form_labels() -> dict:
    """The profile form's lazy labels by field name, read from the form class."""
    labels = {}
    for name, unbound in vars(CandidateForm).items():
        if isinstance(unbound, UnboundField):
            # A FieldList gets its label as a keyword; its first argument is the row.
            label = unbound.kwargs.get("label") or (unbound.args[0] if unbound.args else None)
            if label is not None:
                labels[name] = label
    return labels


#: Every label ``field_labels`` shows, read once: the form class does not change.
_FIELD_LABELS = {**_form_labels(), **EXTRA_FIELD_LABELS}


#: ``field_labels`` in the request's language: a page shows some 30 of them, and looking
#: each up cost more than the rest of a label.
_LABELS_IN_LANGUAGE = PerCatalogue(
    lambda: {name: lazy_text(label) for name, label in _FIELD_LABELS.items()})


def field_labels() -> dict[str, str]:
    """Labels of the profile's fields (and of consent and coach) by name, in the user's
    language: for the profile, its history, the export and the conflict notice. Shared:
    callers must not change it."""
    if not has_app_context():
        return {name: lazy_text(label) for name, label in _FIELD_LABELS.items()}
    return _LABELS_IN_LANGUAGE()
