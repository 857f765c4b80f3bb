"""Dates and times follow the page's language: day, month, year and a 24-hour clock,
never the US form ("Oct 18, 2026, 1:51 PM")."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import render_template_string
from flask_babel import force_locale, format_datetime, to_user_timezone

from marketplace.web.i18n import (
    _DATETIME_PATTERNS,
    _dutch_month_with_dot,
    format_day,
    format_moment,
)

MOMENT = datetime(2026, 10, 18, 11, 51, tzinfo=UTC)  # 13:51 in Brussels (summer time)


@pytest.mark.parametrize(("language", "expected"), [
    ("nl", "18 okt. 2026 13:51"),
    ("en", "18 Oct 2026, 13:51"),
])
def test_a_moment_reads_day_month_year_and_a_24_hour_clock(app, language, expected):
    with app.test_request_context("/"), force_locale(language):
        assert format_moment(MOMENT) == expected
        assert format_moment(MOMENT, "short") == expected
        assert render_template_string("{{ m|datetimeformat('medium') }}", m=MOMENT) == expected


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_moment_reads_as_babel_writes_the_language_s_pattern(app, language):
    """``format_moment`` writes the day and the clock itself: the same text as Babel
    writes for the whole pattern, in every month, summer and winter time, around
    midnight, for a naive (UTC) moment and an aware one."""
    moments = [datetime(2026, month, day, hour, minute, tzinfo=UTC)
               for month in range(1, 13) for day, hour, minute in ((1, 0, 5), (28, 22, 59))]
    moments.append(datetime(2026, 3, 29, 1, 30))
    with app.test_request_context("/"), force_locale(language):
        for moment in moments:
            pattern = _dutch_month_with_dot(_DATETIME_PATTERNS[language],
                                            to_user_timezone(moment))
            assert format_moment(moment) == format_datetime(moment, pattern)


@pytest.mark.parametrize(("language", "medium", "long"), [
    ("nl", "18 okt. 2026", "18 oktober 2026"),
    ("en", "18 Oct 2026", "18 October 2026"),
])
def test_a_date_reads_day_month_year(app, language, medium, long):
    with app.test_request_context("/"), force_locale(language):
        assert format_day(date(2026, 10, 18)) == medium
        assert render_template_string("{{ d|dateformat('long') }}", d=date(2026, 10, 18)) == long


def test_a_missing_date_is_empty(app):
    with app.test_request_context("/"):
        assert format_day(None) == "" and format_moment(None) == ""


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 5, 4), "4 mei 2026"),  # "mei" is not shortened, so no dot
    (date(2026, 3, 1), "1 mrt. 2026"),
    (date(2026, 12, 31), "31 dec. 2026"),
])
def test_a_dutch_abbreviated_month_ends_in_a_dot_unless_it_is_whole(app, day, expected):
    with app.test_request_context("/"), force_locale("nl"):
        assert format_day(day) == expected


def test_the_month_of_a_moment_is_the_one_of_the_site_s_day(app):
    # 23:30 UTC on 31 October is 00:30 on 1 November in Brussels (winter time).
    with app.test_request_context("/"), force_locale("nl"):
        assert format_moment(datetime(2026, 10, 31, 23, 30, tzinfo=UTC)) == "1 nov. 2026 00:30"


def test_a_kept_date_is_written_in_each_reader_s_language(app):
    """Written days are kept per language: the same day asked in Dutch, English and
    Dutch again reads in each one's language, and a moment still goes by the time zone."""
    day = date(2026, 10, 19)
    written = []
    for language in ("nl", "en", "nl"):
        with app.test_request_context("/"), force_locale(language):
            written.append(format_day(day))
    assert written == ["19 okt. 2026", "19 Oct 2026", "19 okt. 2026"]
    with app.test_request_context("/"), force_locale("nl"):
        assert format_day(datetime(2026, 10, 31, 23, 30, tzinfo=UTC)) == "1 nov. 2026"
