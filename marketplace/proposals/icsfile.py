"""The calendar file (iCalendar, RFC 5545) of an interview, made with ``icalendar``.

One event per file, with a stable ``UID`` for the interview and a ``SEQUENCE`` that
grows with each change, so a calendar replaces its entry instead of adding a second:

* ``METHOD:REQUEST`` for the invitation and each change (``STATUS:CONFIRMED``);
* ``METHOD:CANCEL`` with ``STATUS:CANCELLED`` when the employer cancels it.

Times are written in Europe/Brussels (``DTSTART;TZID=Europe/Brussels``) with the
``VTIMEZONE`` the file needs, so the entry lands at the right hour whatever the
reader's calendar is set to. That ``VTIMEZONE`` is the same in every file (it spans
``icalendar``'s fixed default years) and took most of an answer's CPU to build, so it
is made once per process and put into each file as bytes. The texts (summary,
description) come from the caller in the recipient's language; this module only
assembles the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vCalAddress, vText

BRUSSELS = ZoneInfo("Europe/Brussels")
PRODID = "-//Werkbrug//Interviews//NL"
REQUEST, CANCEL = "REQUEST", "CANCEL"


@dataclass(frozen=True)
class Person:
    """Someone in the event: a name and an e-mail address."""

    name: str
    email: str


@dataclass(frozen=True)
class CalendarEvent:
    """What the file says about one interview."""

    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str
    location: str
    organizer: Person
    attendee: Person
    stamp: datetime
    url: str | None = None


def _address(person: Person, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = vText(person.name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


@cache
def brussels_timezone() -> bytes:
    """The ``VTIMEZONE`` of Europe/Brussels as ``Calendar.add_missing_timezones`` would
    write it (same default years), serialised once."""
    return Timezone.from_tzid(BRUSSELS.key).to_ical()


def interview_calendar(event: CalendarEvent, method: str) -> bytes:
    """The ``.ics`` file of ``event`` for ``method`` (``REQUEST`` or ``CANCEL``)."""
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
    # Where add_missing_timezones would put it: the first component, before the event.
    # The event's texts cannot hold a line break (iCalendar escapes it), so the first
    # "BEGIN:VEVENT" line is the event's own.
    begin = b"BEGIN:VEVENT\r\n"
    return calendar.to_ical().replace(begin, brussels_timezone() + begin, 1)
