"""Shared form pieces: validators for the reference data every domain uses."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from marketplace.extensions import db
from marketplace.taxonomy.models import Postcode


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
