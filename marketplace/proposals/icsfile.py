"""The calendar file (iCalendar, RFC 5545) of an interview, written as ``icalendar``
writes it.

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
assembles the file. The rest is written line by line (``interview_calendar``), the
same bytes as ``icalendar`` gives, at a tenth of its cost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo

from icalendar import Timezone

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


def text_value(value: str) -> str:
    """An iCalendar TEXT value escaped as ``icalendar`` escapes it (``vText``), in its
    order: a written ``\\N`` is a line break, then backslash, semicolon, comma, and
    every line break (CRLF, LF, a lone CR) as ``\\n``."""
    return (value.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;")
            .replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
            .replace("\r", "\\n"))


LINE_OCTETS = 75
"""``icalendar`` folds a line before it reaches this many octets."""

_RFC_6868 = re.compile(r'\^|\r\n|\r|\n|"')
_RFC_6868_BY = {"^": "^^", "\n": "^n", "\r": "^n", "\r\n": "^n", '"': "^'"}
_QUOTED_IF = re.compile("[,;:\u2019]")


def name_parameter(name: str) -> str:
    """A ``CN`` parameter's value as ``icalendar`` writes it: RFC 6868 escapes, and
    quoted when it holds a space or an apostrophe (its rule for ``CN``) or a comma,
    semicolon, colon or right single quote (its rule for every parameter)."""
    value = _RFC_6868.sub(lambda found: _RFC_6868_BY[found.group(0)], name)
    if " " in name or "'" in name or _QUOTED_IF.search(value):
        return f'"{value}"'
    return value


def folded(line: str) -> str:
    """``line`` folded as ``icalendar`` folds it: a break before the character that
    would bring a line to 75 octets (UTF-8), never right after a backslash or a caret
    (an escape stays whole)."""
    if line.isascii():  # one octet a character: cut by position
        return "\r\n ".join(_ascii_lines(line))
    lines: list[str] = []
    current: list[str] = []
    octets = 0
    for char in line:
        size = len(char.encode())
        if current and octets + size >= LINE_OCTETS:
            if len(current) > 1 and current[-1] in "\\^":
                kept = current.pop()
                lines.append("".join(current))
                current, octets = [kept], len(kept.encode())
            else:
                lines.append("".join(current))
                current, octets = [], 0
        current.append(char)
        octets += size
    if current:
        lines.append("".join(current))
    return "\r\n ".join(lines)


def _ascii_lines(line: str) -> list[str]:
    """``folded``'s lines of an ASCII ``line``: 74 characters each, or 73 when the 74th
    is a backslash or a caret (it starts the next line)."""
    lines = []
    start, end = 0, len(line)
    while end - start >= LINE_OCTETS:
        cut = start + LINE_OCTETS - 1
        if line[cut - 1] in "\\^":
            cut -= 1
        lines.append(line[start:cut])
        start = cut
    lines.append(line[start:])
    return lines


def _moment(moment: datetime) -> str:
    """A DATE-TIME as ``icalendar`` writes it (its own format: no microseconds)."""
    return (f"{moment.year:04}{moment.month:02}{moment.day:02}"
            f"T{moment.hour:02}{moment.minute:02}{moment.second:02}")


@cache
def brussels_timezone() -> bytes:
    """The ``VTIMEZONE`` of Europe/Brussels as ``Calendar.add_missing_timezones`` would
    write it (same default years), serialised once."""
    return Timezone.from_tzid(BRUSSELS.key).to_ical()


def interview_calendar(event: CalendarEvent, method: str) -> bytes:
    """The ``.ics`` file of ``event`` for ``method`` (``REQUEST`` or ``CANCEL``).

    Written line by line, byte for byte what ``icalendar``'s ``Calendar.to_ical`` gives
    for the same properties (tests/proposals/test_icsfile_bytes.py compares them): its
    order (the calendar's and the event's canonical properties first, the others by
    name, parameters by name), its escapes and its folding. Building the objects and
    folding every line cost an answer to a proposal more than its SQL."""
    if event.url and ("\r" in event.url or "\n" in event.url):
        raise ValueError(f"A URI value may not contain CR or LF characters: {event.url!r}")
    stamp = event.stamp.astimezone(UTC)
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{text_value(PRODID)}",
        f"METHOD:{text_value(method)}",
    ]
    head = "\r\n".join(lines).encode() + b"\r\n"
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{text_value(event.summary)}",
        f"DTSTART;TZID={BRUSSELS.key}:{_moment(event.starts_at.astimezone(BRUSSELS))}",
        f"DTEND;TZID={BRUSSELS.key}:{_moment(event.ends_at.astimezone(BRUSSELS))}",
        f"DTSTAMP:{_moment(stamp)}Z",
        f"UID:{text_value(event.uid)}",
        f"SEQUENCE:{int(event.sequence)}",
        f"ATTENDEE;CN={name_parameter(event.attendee.name)};PARTSTAT=NEEDS-ACTION;"
        f"ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:{event.attendee.email}",
        f"DESCRIPTION:{text_value(event.description)}",
        f"LOCATION:{text_value(event.location)}",
        f"ORGANIZER;CN={name_parameter(event.organizer.name)}:mailto:{event.organizer.email}",
        f"STATUS:{'CANCELLED' if method == CANCEL else 'CONFIRMED'}",
        *([f"URL:{event.url}"] if event.url else []),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    # The VTIMEZONE where add_missing_timezones would put it: the first component,
    # before the event.
    return head + brussels_timezone() + "\r\n".join(map(folded, lines)).encode() + b"\r\n"
