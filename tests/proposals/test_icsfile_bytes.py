"""The interview's calendar file is written line by line (``icsfile.interview_calendar``);
these tests hold it to the bytes ``icalendar`` makes of the same properties, the way
the module made it before, for every kind of text: escapes, quotes and carets in
names, line breaks, long and multi-byte lines folded next to an escape."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event, vCalAddress, vText

from marketplace.proposals.icsfile import (
    BRUSSELS,
    CANCEL,
    PRODID,
    REQUEST,
    CalendarEvent,
    Person,
    brussels_timezone,
    interview_calendar,
)


def _address(person: Person, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = vText(person.name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def icalendar_bytes(event: CalendarEvent, method: str) -> bytes:
    """The file as ``icalendar`` writes it (the module's former code)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    entry = Event()
    entry.add("uid", event.uid)
    entry.add("sequence", event.sequence)
    entry.add("dtstamp", event.stamp)
    entry.add("dtstart", event.starts_at.astimezone(BRUSSELS))
    entry.add("dtend", event.ends_at.astimezone(BRUSSELS))
    entry.add("summary", event.summary)
    entry.add("description", event.description)
    entry.add("location", event.location)
    if event.url:
        entry.add("url", event.url)
    entry.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    entry.add("organizer", _address(event.organizer))
    entry.add("attendee", _address(event.attendee, ROLE="REQ-PARTICIPANT",
                                   PARTSTAT="NEEDS-ACTION", RSVP="FALSE"))
    calendar.add_component(entry)
    begin = b"BEGIN:VEVENT\r\n"
    return calendar.to_ical().replace(begin, brussels_timezone() + begin, 1)


def an_event(**changes) -> CalendarEvent:
    values = dict(
        uid="0b4c6f2e-8d1a-4f5e-9c3b-2a7d6e5f4a3b@werkbrug", sequence=0,
        starts_at=datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
        ends_at=datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        summary="Gesprek: Yonas voor Heftruckchauffeur bij Haven NV",
        description="Wanneer: zondag 29 maart 2026 om 01:30 tot 03:30\nPlaats: Noorderlaan "
                    "100, 2030 Antwerpen\nContactpersoon: Sara Peeters, 03 123 45 67",
        location="Noorderlaan 100, 2030 Antwerpen",
        organizer=Person("Sara Peeters", "sara@test.example"),
        attendee=Person("Coach A", "coach.a@test.example"),
        stamp=datetime(2026, 3, 20, 8, 15, 59, 999999, tzinfo=UTC), url=None,
    )
    return CalendarEvent(**{**values, **changes})


TRICKY = [
    "", "plain", "a;b,c\\d", "line\nbreak", "cr\rlf\r\nend", "written \\N break", "\\n",
    'quote "x"', "caret ^ and ^^", "apostrophe's", "colon: x", "right\u2019quote",
    "tab\tin", "é" * 80, "€" * 30, "😀" * 40, "x" * 73 + "\\;", "x" * 72 + "é;", "y" * 74,
    "y" * 75, "z" * 150 + ",", "Ünïcödé Ñame with a very long name that goes on " * 3,
    "x" * 60 + '"' + "^" * 10, "\\" * 200, "^" * 150, "a\\" * 120, "x" * 72 + "\\" * 3,
    "x" * 64 + "\\" + "y" * 73 + "\\" + "z" * 80, "w" * 140 + "é" + "\\" * 10,
]


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("method", [REQUEST, CANCEL])
def test_the_file_is_byte_for_byte_what_icalendar_writes(text, method):
    event = an_event(summary=text, description=text, location=text,
                     organizer=Person(text, "sara@test.example"),
                     attendee=Person(text + " B", "coach.a@test.example"),
                     url=("https://meet.example.org/" + text.replace(" ", "")) if text else None,
                     sequence=len(text))
    if "\n" in text or "\r" in text:  # no link holds a line break: both refuse it
        with pytest.raises(ValueError, match="may not contain CR or LF"):
            icalendar_bytes(event, method)
        with pytest.raises(ValueError, match="may not contain CR or LF"):
            interview_calendar(event, method)
        event = an_event(**{**event.__dict__, "url": None})
    assert interview_calendar(event, method) == icalendar_bytes(event, method)


def test_a_day_of_the_clock_change_and_a_stamp_in_another_zone_are_written_alike():
    for start in (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 3, 29, 1, 0,
                                                                        tzinfo=UTC)):
        event = an_event(starts_at=start, ends_at=start + timedelta(minutes=90),
                         stamp=datetime(2026, 3, 20, 9, 15, tzinfo=BRUSSELS))
        assert interview_calendar(event, REQUEST) == icalendar_bytes(event, REQUEST)


texts = (st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)
         | st.text(st.sampled_from("ab ^\\;,\n\"'"), max_size=300))


@settings(max_examples=300, deadline=None)
@given(summary=texts, description=texts, location=texts, name=texts, other=texts,
       sequence=st.integers(0, 10_000), minutes=st.integers(0, 60 * 24 * 400),
       url=st.none() | st.from_regex(r"https://[a-z]{1,20}\.example/[!-~]{0,90}",
                                     fullmatch=True))
def test_any_texts_give_the_bytes_icalendar_writes(summary, description, location, name,
                                                   other, sequence, minutes, url):
    start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)
    event = an_event(summary=summary, description=description, location=location,
                     organizer=Person(name, "sara@test.example"),
                     attendee=Person(other, "coach.a@test.example"), sequence=sequence,
                     starts_at=start, ends_at=start + timedelta(hours=1), url=url)
    for method in (REQUEST, CANCEL):
        assert interview_calendar(event, method) == icalendar_bytes(event, method)
