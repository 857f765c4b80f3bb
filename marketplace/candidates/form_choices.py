"""The candidate forms' choice lists that are read from the taxonomy or from babel in
the user's language (other languages, countries, sectors), built once per request
because a profile form asks for them once per row. The API's candidate input checks
countries against the same list."""

from __future__ import annotations

from babel import Locale
from flask import g

from marketplace.taxonomy.queries import list_languages, list_nace_sections
from marketplace.web.i18n import current_language

#: Dutch has its own level on the profile, so the other-language rows leave it out.
DUTCH = "nl"
# Codes babel lists as territories that are not countries (EU, UN, unknown, ...).
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})


def _per_request(key: str, build):
    """``build()`` once per request: choice lists are read once, not once per row."""
    cache = g.setdefault("candidate_form_choices", {})
    if key not in cache:
        cache[key] = build()
    return cache[key]


def language_choices() -> list[tuple[str, str]]:
    """Languages other than Dutch, named in the user's language."""
    locale = current_language()
    return _per_request(
        f"languages-{locale}",
        lambda: [(code, name) for code, name in list_languages(locale) if code != DUTCH],
    )


def country_choices() -> list[tuple[str, str]]:
    """ISO 3166 alpha-2 countries named in the user's language (Kosovo included as XK)."""
    locale = current_language()

    def build():
        territories = Locale.parse(locale).territories
        countries = [
            (code, name)
            for code, name in territories.items()
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
        ]
        return sorted(countries, key=lambda pair: pair[1].casefold())

    return _per_request(f"countries-{locale}", build)


def sector_choices() -> list[tuple[str, str]]:
    locale = current_language()
    return _per_request(
        f"sectors-{locale}",
        lambda: [(code, f"{code}: {label}") for code, label in list_nace_sections(locale)],
    )
