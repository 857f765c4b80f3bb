"""The candidate forms' choice lists that are read from the taxonomy or from babel in
the user's language (other languages, countries, sectors). A profile form asks for them
once per row: the languages and sectors are kept per process and language while the
taxonomy's data version stands (``taxonomy/version.py``), the countries, from babel's
data, once per process. The API's candidate input checks countries against the same
list."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from flask_babel import lazy_gettext as _l

from marketplace.taxonomy.queries import list_languages, list_nace_sections
from marketplace.taxonomy.version import reference_cache, taxonomy_version
from marketplace.web.i18n import current_language
from marketplace.web.select_options import FixedChoices, kept_per_catalogue, with_empty

#: Dutch has its own level on the profile, so the other-language rows leave it out.
DUTCH = "nl"
# Codes babel lists as territories that are not countries (EU, UN, unknown, ...).
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})


def _kept(key: str, build):
    """``build()`` once per process while the taxonomy's version stands: one statement
    (the version, read once per request) instead of reading and sorting the list."""
    return reference_cache.get(f"candidate form {key}", taxonomy_version(), build)


def language_choices() -> list[tuple[str, str]]:
    """Languages other than Dutch, named in the user's language (shared: callers must
    not change the list)."""
    locale = current_language()
    return _kept(
        f"languages-{locale}",
        lambda: [(code, name) for code, name in list_languages(locale) if code != DUTCH],
    )


def language_select_choices() -> FixedChoices:
    """The select of a language row: an empty choice, then ``language_choices``. One
    list per language and taxonomy version, so that the select's options are written
    once per process, not once per row (``FixedChoices``)."""
    locale = current_language()
    return _kept(
        f"language select-{locale}",
        lambda: FixedChoices(with_empty(language_choices(), _l("(choose a language)"))),
    )


def country_choices() -> list[tuple[str, str]]:
    """ISO 3166 alpha-2 countries named in the user's language (Kosovo included as XK).
    One list per language for the whole process: callers must not change it."""
    return _countries(current_language())[0]


def country_names() -> dict[str, str]:
    """Country names by code in the user's language (shared like ``country_choices``)."""
    return _countries(current_language())[1]


#: The select of an experience row: an empty choice, then ``country_choices`` (kept
#: like ``language_select_choices``).
country_select_choices = kept_per_catalogue(
    lambda: with_empty(country_choices(), _l("(choose a country)"))
)


@lru_cache(maxsize=16)
def _countries(locale: str) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The countries of babel's locale data, which never changes while the process
    runs: sorted once per language, not on every page with an experience row."""
    territories = Locale.parse(locale).territories
    countries = sorted(
        (
            (code, name)
            for code, name in territories.items()
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
        ),
        key=lambda pair: pair[1].casefold(),
    )
    return countries, dict(countries)


def sector_choices() -> list[tuple[str, str]]:
    """The NACE sections as "C: label" in the user's language (shared like
    ``language_choices``)."""
    locale = current_language()
    return _kept(
        f"sectors-{locale}",
        lambda: [(code, f"{code}: {label}") for code, label in list_nace_sections(locale)],
    )
