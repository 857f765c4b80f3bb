"""Shared form pieces: validators for the reference data every domain uses."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from marketplace.extensions import db
from marketplace.taxonomy.models import Postcode


def data_choice(value: str, label: str) -> tuple[str, str, dict[str, str]]:
    """A select option whose label is data (a person's or a place's name, an ESCO
    label), not interface text: marked ``translate="no"`` like the ``data`` template
    filter marks data in a page, so browser translators and the browser tests'
    language check leave it alone while the select's own texts stay checked."""
    return (value, label, {"translate": "no"})


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value


class KnownPostcode:
    """The field holds a Belgian postcode from the taxonomy (or is empty)."""

    def __call__(self, form, field):
        code = (field.data or "").strip()
        if not code:
            return
        if not (code.isdigit() and len(code) == 4) or db.session.get(Postcode, code) is None:
            raise ValidationError(
                _l("This is not a Belgian postcode we know. Use 4 digits, for example 2060.")
            )
