"""Reading and checking a JSON Lines file: every line, every problem, with its line number.

Reading never touches the database; ``references.py`` checks what the lines point to.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import TypeAdapter, ValidationError

from marketplace.records.schema import RECORD_TYPES, Record

_RECORD = TypeAdapter(Record)


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


def parse_lines(lines: Iterable[str]) -> ParsedFile:
    """Check every line; blank lines are allowed. Duplicate keys are problems too."""
    parsed = ParsedFile()
    seen_keys: dict[tuple[str, str], int] = {}
    for number, line in enumerate(lines, start=1):
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


def _key_of(record) -> tuple[str, str]:
    return (record.type, record.email.lower() if record.type == "coach" else record.ref)


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
    except ValueError:
        return None
    kind = value.get("type") if isinstance(value, dict) else None
    return kind if kind in RECORD_TYPES else None
