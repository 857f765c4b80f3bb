"""The building blocks of the interchange format's records (``schema.py``): the strict
base record, one-line texts, refs, levels, codes and the site's vocabularies.

Dates are ISO ``YYYY-MM-DD``; levels ``none``, ``A1`` ... ``C2``; languages ISO 639-1;
occupations and skills ESCO URIs. Vocabularies are read from the site's own enums, so
a value the site's forms would not offer is a problem of its line. Short texts (names,
pseudonyms, titles, refs) are one visible line, by the site's one rule
(``marketplace.text_rules.single_line_problem``).
"""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from marketplace import text_rules
from marketplace.db_types import local_today

#: The import's words for the problems of ``text_rules`` (the forms translate their own).
_SINGLE_LINE_PROBLEMS = {
    text_rules.LINE_BREAK: "holds a line break",
    text_rules.CONTROL: "holds a control character",
    text_rules.DIRECTION: "holds a text direction control character",
    text_rules.INVISIBLE: "holds only invisible characters",
}


def _single_line(text: str) -> str:
    problem = text_rules.single_line_problem(text)
    if problem:
        raise ValueError(_SINGLE_LINE_PROBLEMS[problem])
    return text


def _no_control_characters(text: str) -> str:
    """Long texts keep their line breaks and tabs; other control characters (NUL,
    which PostgreSQL cannot store, bell, escape) are refused as in the forms."""
    if any(unicodedata.category(char) == "Cc" and char not in "\n\r\t" for char in text):
        raise ValueError("holds a control character")
    return text


def vocabulary(values: type[enum.StrEnum]):
    """A ``Literal`` of an enum's values: the JSON Schema lists them, and a value the
    site does not know is a problem of its line."""
    return Literal[tuple(member.value for member in values)]


def not_in_future(day: dt.date | None, name: str) -> None:
    """Refuse a day after today (Brussels), as the site's forms do."""
    if day is not None and day > local_today():
        raise ValueError(f"{name} is in the future")


Level = Literal["none", "A1", "A2", "B1", "B2", "C1", "C2"]
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_single_line),
]
# The columns' lengths: longer text would be a database error halfway through a write.
Ref = Annotated[Text, StringConstraints(max_length=100)]
CandidateRef = Annotated[Text, StringConstraints(max_length=64)]
Pseudonym = Annotated[Text, StringConstraints(max_length=100)]


def long_text(max_length: int):
    """A text of at most ``max_length`` characters that may hold line breaks."""
    return Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=max_length),
        AfterValidator(_no_control_characters),
    ]


def short_text(max_length: int):
    """One visible line of at most ``max_length`` characters."""
    return Annotated[Text, StringConstraints(max_length=max_length)]


LongText = long_text(5000)
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Postcode = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{4}$")]
NaceSection = Annotated[str, StringConstraints(pattern=r"^[A-U]$")]
EscoOccupation = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^http://data\.europa\.eu/esco/occupation/")
]
EscoSkill = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^http://data\.europa\.eu/esco/")
]
#: A clock time of the day, ``HH:MM`` (Brussels local time, as a try-out's session).
ClockTime = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
Hours = Annotated[float, Field(ge=1, le=60)]


class StrictRecord(BaseModel):
    # Strict everywhere: an unknown (or misspelt) field, a number written as text or a
    # boolean where a number belongs is a problem of its line, not a silent guess.
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)
