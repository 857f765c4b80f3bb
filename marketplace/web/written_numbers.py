"""Numbers written the way the reader's language writes them ("19,5" in Dutch, "19.5" in
English), kept per locale: Babel parses the pattern and looks up the locale's symbols on
every call (some 30 microseconds), and a list page writes the same few values (hours,
distances, scores) dozens of times."""

from __future__ import annotations

from flask_babel import format_decimal, get_locale

#: Numbers in words kept at most (locales x formats x values); past it the memo starts
#: again rather than grow.
NUMBERS_KEPT = 20_000

_number_texts: dict = {}


def number_text(value, format: str | None = None, locale=None) -> str:
    """Flask-Babel's ``format_decimal(value, format)`` in the request's locale, kept.
    ``locale``: the request's, when the caller found it already."""
    key = (locale or get_locale(), format, type(value), value)
    found = _number_texts.get(key)
    if found is None:
        if len(_number_texts) >= NUMBERS_KEPT:
            _number_texts.clear()
        found = _number_texts[key] = format_decimal(value, format=format)
    return found
