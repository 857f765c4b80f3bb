"""The rows of a candidate's profile page, as one statement: the layout its parts share,
and the sections other packages add to it.

The profile shows, besides the candidate's own lists (``profile_queries``), sections
that other packages own: the barriers, the proposals, the try-outs and the trajectory.
Each was a statement of its own, some 0.5 ms of Python and a round trip each on every
profile. Now every part is a select of the same columns (``section_row``), and the
profile reads them all with one ``UNION ALL``, its parts told apart by their first
column and ordered within a part by the second.

This package never imports the packages above it (``lifecycle.py``): each of them
registers its section here (``register_section``) in a module the app factory imports,
with the parts it adds to the statement and how it reads its rows back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    Integer,
    Select,
    String,
    Text,
    bindparam,
    cast,
    literal_column,
    null,
    select,
)
from sqlalchemy.engine import Row

from marketplace.db_types import UTCDateTime

#: The columns every part of the statement has, with their types (a value a part does
#: not fill is a NULL of that type): the part, the order within it, six texts (the
#: sixth a long one, such as a note), three whole numbers, a number, a moment, two days
#: and a yes or no.
COLUMNS = {
    "part": Integer, "ordinal": Integer,
    "text1": String, "text2": String, "text3": String, "text4": String, "text5": String,
    "text6": Text,
    "int1": Integer, "int2": Integer, "int3": Integer,
    "number": Float, "moment": UTCDateTime, "day1": Date, "day2": Date, "flag": Boolean,
}


def section_row(part: int, ordinal, **values) -> Select:
    """A select of one part in the statement's columns: ``values`` by column name (a
    column or a value), the others NULL. Every part is labelled alike, so that a
    value left empty twice in one part does not become one column of the union."""
    unknown = set(values) - set(COLUMNS)
    if unknown:
        raise ValueError(f"no such column: {sorted(unknown)}")
    filled = {"part": _number(part),
              "ordinal": ordinal if hasattr(ordinal, "label") else _number(ordinal),
              **values}
    # A NULL of the column's type written into the statement, not a bound value:
    # PostgreSQL needs the type to match the parts, and the statement's hundred-odd
    # empty columns would otherwise be as many parameters on every profile.
    return select(*((filled[name] if name in filled else cast(null(), kind)).label(name)
                    for name, kind in COLUMNS.items()))


def _number(value: int):
    """A whole number written into the statement (a part's number, a fixed order)."""
    return literal_column(str(int(value)), Integer)


@dataclass(frozen=True)
class ProfileReader:
    """What the statement is built for: the reader's language, whether they are the
    candidate's own coach, and whether the candidate is active (only an active person
    is offered try-outs). ``candidate_id`` and ``today`` are the statement's bound
    values."""

    english: bool
    owner: bool
    active: bool

    @property
    def candidate_id(self):
        return bindparam("candidate_id", type_=Integer)

    @property
    def today(self):
        return bindparam("today", type_=Date)


@dataclass(frozen=True)
class ProfileSection:
    """A section another package shows on the profile.

    ``parts(reader, first)`` gives the selects it adds (``section_row``), numbered from
    ``first`` up (at most ``PARTS_PER_SECTION``); ``read(candidate, reader, rows)``
    turns the rows of those parts, in their order, into what the template shows
    (``details.sections[name]``)."""

    name: str
    parts: Callable[[ProfileReader, int], list[Select]]
    read: Callable[[Any, ProfileReader, list[Row]], Any]


#: Part numbers each section may use, from its first on.
PARTS_PER_SECTION = 10
#: The first part number of the sections (the profile's own parts come before).
FIRST_SECTION_PART = 100

_SECTIONS: dict[str, ProfileSection] = {}


def register_section(name: str, parts, read) -> None:
    """Add the section ``name`` to every profile (see ``ProfileSection``)."""
    _SECTIONS[name] = ProfileSection(name, parts, read)


def sections() -> list[tuple[int, ProfileSection]]:
    """The registered sections with their first part numbers, by name (the numbers do
    not depend on the order in which the packages were imported)."""
    return [(FIRST_SECTION_PART + index * PARTS_PER_SECTION, _SECTIONS[name])
            for index, name in enumerate(sorted(_SECTIONS))]


def section_of(part: int) -> int | None:
    """The first part number of the section that ``part`` belongs to (None: one of the
    profile's own parts)."""
    if part < FIRST_SECTION_PART:
        return None
    return part - (part - FIRST_SECTION_PART) % PARTS_PER_SECTION
