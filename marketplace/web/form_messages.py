"""WTForms' own messages in the reader's language, read from disk once per process.

Flask-WTF looks up WTForms' texts (a field's default label, "Not a valid integer
value.", ...) through ``flask_wtf.i18n._get_translations``, which reads and parses
WTForms' message catalogue for the request's language on the first form of every
request: some 0.3 ms of a candidate's profile page, whose trajectory panel builds a form
whose fields have no label of their own. A catalogue never changes while the process
runs, so ``install`` lets that lookup keep one per language.
"""

from __future__ import annotations

from functools import lru_cache

import flask_wtf.i18n
from babel import support
from flask import current_app, request
from flask_babel import get_locale
from wtforms.i18n import messages_path


def wtforms_translations() -> support.Translations | None:
    """WTForms' catalogue in the request's language, as Flask-WTF's lookup answers it
    (none outside a request or without Flask-Babel)."""
    if not request or "babel" not in current_app.extensions:
        return None
    return _catalogue(str(get_locale()))


@lru_cache(maxsize=8)
def _catalogue(locale: str) -> support.Translations:
    """The catalogue of one language: read once, then only read from."""
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


def install() -> None:
    """Let Flask-WTF's ``Translations`` (every ``FlaskForm``'s) use the kept catalogues:
    it looks the function up as a module name on each text."""
    flask_wtf.i18n._get_translations = wtforms_translations
