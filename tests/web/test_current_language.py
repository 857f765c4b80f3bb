"""``current_language`` keeps the request's language beside Flask-Babel's locale and
follows it when the locale changes within the request."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import session
from flask_babel import force_locale, refresh

from marketplace.web.i18n import current_language, format_day


def test_the_language_follows_a_forced_locale_and_a_refresh(app):
    with app.test_request_context():
        assert current_language() == "nl"
        assert current_language() == "nl"  # the kept answer
        with force_locale("en"):
            assert current_language() == "en"
        assert current_language() == "nl"
        session["locale"] = "en"
        refresh()
        assert current_language() == "en"


def test_a_moment_is_written_on_its_belgian_day_in_the_requests_language(app):
    late = datetime(2026, 10, 18, 22, 30, tzinfo=UTC)  # 19 October in Brussels
    with app.test_request_context():
        assert format_day(late) == "19 okt. 2026"
        with force_locale("en"):
            assert format_day(late) == "19 Oct 2026"
