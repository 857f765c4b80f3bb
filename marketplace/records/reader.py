"""Reading and checking a JSON Lines file: every line, every problem, with its line number.

Reading never touches the database; ``importer.py`` checks what the lines point to.
Bad input of any kind (not UTF-8, not JSON, nested too deeply, wrong fields) is a
problem of its line, never an exception: the command prints one line per problem.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import TypeAdapter, ValidationError

from marketplace.records.schema import RECORD_TYPES, Record

_RECORD = TypeAdapter(Record)
BOM = "\ufeff"


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ParsedFile:
    """The records of a file, by type in file order, with their line numbers."""

    records: dict[str, list[tuple[int, object]]] = field(
        default_factory=lambda: {kind: [] for kind in RECORD_TYPES}
    )
    problems: list[Problem] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(items) for items in self.records.values())


def parse_lines(lines: Iterable[str | bytes]) -> ParsedFile:
    """Check every line (text, or bytes as read from a file); blank lines are allowed.
    A byte-order mark before the first line is skipped. Duplicate keys are problems."""
    parsed = ParsedFile()
    seen_keys: dict[tuple[str, str], int] = {}
    for number, raw in enumerate(lines, start=1):
        line = _decode(raw, number, parsed.problems)
        if line is None:
            continue
        if number == 1:
            line = line.removeprefix(BOM)
        if not line.strip():
            continue
        try:
            record = _RECORD.validate_json(line)
        except ValidationError as error:
            parsed.problems.extend(Problem(number, text) for text in _describe(error, line))
            continue
        key = _key_of(record)
        if key in seen_keys:
            parsed.problems.append(
                Problem(number, f"{key[0]} {key[1]!r} appears again (first on line "
                                f"{seen_keys[key]})")
            )
            continue
        seen_keys[key] = number
        parsed.records[record.type].append((number, record))
    return parsed


def _decode(raw: str | bytes, number: int, problems: list[Problem]) -> str | None:
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(number, f"not UTF-8 text (byte 0x{raw[error.start]:02x} "
                                        f"at byte {error.start + 1} of the line)"))
        return None


def _key_of(record) -> tuple[str, str]:
    if record.type == "coach":
        return (record.type, record.email.lower())
    if record.type == "suggestion_list":  # one list per opportunity and day
        return (record.type, f"{record.opportunity} on {record.shown_on.isoformat()}")
    if record.type == "tryout_enrolment":  # one enrolment per try-out and candidate
        return (record.type, f"{record.candidate} in {record.tryout}")
    if record.type == "suggestion_dismissal":  # a pair set aside at one moment
        moment = record.dismissed_at.astimezone(dt.UTC).replace(microsecond=0)
        return (record.type, f"{record.candidate} for {record.opportunity} at "
                             f"{moment.isoformat()}")
    return (record.type, record.ref)


def _describe(error: ValidationError, line: str) -> list[str]:
    """Readable messages: the field path and what is wrong with it."""
    record_type = _type_of(line)
    messages = []
    for item in error.errors(include_url=False):
        location = [str(part) for part in item["loc"]]
        # Drop the discriminator's branch name that pydantic puts first.
        if location and location[0] in RECORD_TYPES:
            location = location[1:]
        where = ".".join(location)
        prefix = f"{record_type}: " if record_type else ""
        messages.append(f"{prefix}{where + ': ' if where else ''}{item['msg']}")
    return messages


def _type_of(line: str) -> str | None:
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):  # pydantic has already named the problem
        return None
    kind = value.get("type") if isinstance(value, dict) else None
    return kind if kind in RECORD_TYPES else None
