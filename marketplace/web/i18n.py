"""Language choice (Dutch first, English second) and the helpers templates use."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import lru_cache

from babel.dates import format_date as babel_format_date
from babel.dates import get_month_names
from flask import Flask, current_app, request, session
from flask_babel import format_datetime, get_locale, get_timezone, refresh, to_user_timezone
from flask_login import current_user
from markupsafe import Markup, escape

from marketplace.db_types import local_date
from marketplace.translation_lookup import babel_context
from marketplace.web.api_paths import is_api_call
from marketplace.web.labels import choice_label, kind_label
from marketplace.web.navigation import navigation_items
from marketplace.web.urls import fixed_url


def select_locale() -> str:
    """The user's saved language, else the one chosen in this browser, else Dutch.
    A partner API call has no user: its ``Accept-Language``, else Dutch."""
    languages = current_app.config["LANGUAGES"]
    if is_api_call():
        return request.accept_languages.best_match(languages) or \
            current_app.config["BABEL_DEFAULT_LOCALE"]
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in languages:
        return user_locale
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def read_in_language_of(user) -> None:
    """For a page someone opens from a link in their mail (an invitation, a password
    reset) in a browser where no language was chosen yet: the language the mail was
    written in, the user's own, from now on in this browser too."""
    if "locale" in session or user.locale not in current_app.config["LANGUAGES"]:
        return
    session["locale"] = user.locale
    refresh()  # the language may have been worked out already for this request


def current_language() -> str:
    """The request's language code ("nl", "en"). Kept beside Flask-Babel's locale for
    the request, while that is still the same object (``refresh()`` makes a new one):
    a list page asks for it once per row, and writing a ``Locale`` as text costs more
    than the lookup."""
    context = babel_context()
    locale = getattr(context, "babel_locale", None)
    if locale is None:
        return str(get_locale() or "nl")
    kept = getattr(context, "werkbrug_language", None)
    if kept is None or kept[0] is not locale:
        kept = context.werkbrug_language = (locale, str(locale))
    return kept[1]


def request_zone():
    """The request's time zone, as ``flask_babel.get_timezone`` finds it, straight from
    Flask-Babel's per-request slot once it is there."""
    zone = getattr(babel_context(), "babel_tzinfo", None)
    return zone if zone is not None else get_timezone()


def as_data(value, lang: str | None = None) -> Markup:
    """``value`` marked as data rather than interface text: a name, an address, what a
    user typed. ``translate="no"`` keeps browser translators off it, and the browser
    tests' language check skips it (a Dutch street name is fine on an English page).
    ``lang``: the value's language when it is known and may differ from the page's
    (ESCO's English skill names). In templates: ``{{ user.name|data }}``, also inside a
    translated sentence."""
    # The same as Markup('...%s...') % value, without its escaping helper objects: a
    # page of proposals marks a hundred values. One Markup made, not three (adding
    # Markups escapes and wraps again at each +).
    if lang:
        return Markup(f'<span lang="{escape(lang)}" translate="no">{escape(value)}</span>')  # noqa: S704 - escaped
    return Markup(f'<span translate="no">{escape(value)}</span>')  # noqa: S704 - escaped


#: Date and time patterns per language and width. Babel's own "medium" is the US form
#: in English ("Oct 18, 2026, 1:51:00 PM"); people here read day, month, year and a
#: 24-hour clock: "18 okt. 2026 13:51", "18 Oct 2026, 13:51".
_DATE_PATTERNS = {"medium": "d MMM y", "short": "d MMM y", "long": "d MMMM y",
                  "full": "EEEE d MMMM y"}
#: ``format_moment`` writes the day-and-time patterns itself (a test holds it to Babel):
#: the day as ``format_day`` writes it, the separator, then the clock.
_DATETIME_PATTERNS = {"nl": "d MMM y HH:mm", "en": "d MMM y, HH:mm"}
_DAY_TIME_SEPARATORS = {"nl": " ", "en": ", "}

#: A pattern's abbreviated month ("MMM", not part of "MMMM").
_ABBREVIATED_MONTH = re.compile(r"(?<!M)MMM(?!M)")


def _dutch_month_with_dot(pattern: str, value, language: str | None = None) -> str:
    """``pattern`` with its abbreviated month written out as Dutch style guides want it.

    CLDR's Dutch abbreviations carry no dot ("okt"); the Taalunie's and the Flemish
    government's style write "okt.", and "mei", which is not shortened, without one.
    The month goes into the pattern as a quoted literal, so Babel still formats the rest.
    """
    if (language or current_language()) != "nl" or not _ABBREVIATED_MONTH.search(pattern):
        return pattern
    return _ABBREVIATED_MONTH.sub(f"'{_dutch_short_month(value.month)}'", pattern)


@lru_cache(maxsize=12)
def _dutch_short_month(month: int) -> str:
    """The Dutch abbreviated month with its dot, kept: CLDR's names do not change while
    the process runs, and looking both up cost more than the rest of a history line."""
    short = get_month_names("abbreviated", locale="nl")[month]
    full = get_month_names("wide", locale="nl")[month]
    return short if short == full else f"{short}."


def format_day(value, width: str = "medium") -> str:
    """A date in the page's language: ``medium`` "18 okt. 2026", ``long`` "18 oktober
    2026"; any other ``width`` is a Babel pattern."""
    if value is None:
        return ""
    if isinstance(value, datetime):  # a moment: its day in the site's time zone
        value = _day_in_zone(value, request_zone())
    return _written_day(value, width, current_language())


@lru_cache(maxsize=8192)
def _day_in_zone(moment: datetime, zone) -> date:
    """The day of ``moment`` in ``zone`` (the request's, as ``to_user_timezone`` reads
    it), kept: pytz's conversion costs more than the cached rest of a date, and the
    employer's list of opportunities shows 25 moments."""
    if moment.tzinfo is None:  # stored in UTC
        moment = moment.replace(tzinfo=UTC)
    return zone.normalize(moment.astimezone(zone)).date()


@lru_cache(maxsize=8192)
def _written_day(value: date, width: str, language: str) -> str:
    """A day as ``format_day`` writes it, kept: Babel takes a third of a millisecond
    per date, and a list of opportunities shows fifty."""
    pattern = _DATE_PATTERNS.get(width, width)
    return babel_format_date(value, _dutch_month_with_dot(pattern, value, language),
                             locale=language)


def format_moment(value, width: str = "medium") -> str:
    """A date and time in the page's language and the site's time zone: "18 okt. 2026
    13:51" or "18 Oct 2026, 13:51" (every width; any other ``width`` is a pattern)."""
    if value is None:
        return ""
    local = to_user_timezone(value)
    if width in ("short", "medium", "long", "full"):
        # The day as ``format_day`` keeps it, then the 24-hour clock: the same text as
        # Babel writes for the whole pattern, at a tenth of the cost (a profile's
        # history shows ten moments).
        language = current_language()
        separator = _DAY_TIME_SEPARATORS.get(language, _DAY_TIME_SEPARATORS["en"])
        return f"{_written_day(local.date(), 'medium', language)}{separator}{local:%H:%M}"
    return format_datetime(value, _dutch_month_with_dot(width, local))


def install_template_helpers(app: Flask) -> None:
    app.add_template_filter(as_data, "data")
    # After Flask-Babel's, so that these replace its US-style defaults.
    app.add_template_filter(format_day, "dateformat")
    app.add_template_filter(format_moment, "datetimeformat")
    # A moment's Belgian calendar day, to count days with ``local_today``.
    app.add_template_filter(local_date, "local_day")

    @app.context_processor
    def _helpers():
        return {
            "current_language": current_language,
            "choice_label": choice_label,
            "kind_label": kind_label,
            "navigation_items": navigation_items,
            "fixed_url": fixed_url,
        }
