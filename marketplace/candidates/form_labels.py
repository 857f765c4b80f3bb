"""The profile form's labels by field name, in the user's language: for the profile,
its history, the export and the conflict notice (``field_labels``)."""

from __future__ import annotations

from flask import has_app_context
from flask_babel import lazy_gettext as _l
from wtforms.fields.core import UnboundField

from marketplace.candidates.forms import CandidateForm
from marketplace.translation_lookup import lazy_text, request_translations

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


#: ``field_labels`` by catalogue (Flask-Babel keeps one per language).
_labels_by_catalogue: dict = {}


def field_labels() -> dict[str, str]:
    """Labels of the profile's fields (and of consent and coach) by name, in the user's
    language: for the profile, its history, the export and the conflict notice. The
    dict is kept per catalogue: a page shows some 30 of them, and looking each up cost
    more than the rest of a label. Shared: callers must not change it."""
    if not has_app_context():
        return {name: lazy_text(label) for name, label in _FIELD_LABELS.items()}
    catalogue = request_translations()
    found = _labels_by_catalogue.get(catalogue)
    if found is None:
        if len(_labels_by_catalogue) > 8:  # a catalogue reloaded in development
            _labels_by_catalogue.clear()
        found = _labels_by_catalogue[catalogue] = {
            name: lazy_text(label) for name, label in _FIELD_LABELS.items()}
    return found
