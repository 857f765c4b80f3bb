"""Reading the taxonomy's CSV files record by record and checking their values.

Nothing here stops at the first mistake: every problem is collected in
:class:`Problems` as ``file: line n: message``, so one :class:`TaxonomyDataError` can
name all of them. ``reader.py`` builds each table's rows with these helpers.
"""

from __future__ import annotations

import csv
import gzip
import math
import re
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

MAX_PROBLEMS_SHOWN = 25


class TaxonomyError(Exception):
    """The load cannot go ahead; the message says why and what to do."""


class TaxonomyDataError(TaxonomyError):
    """One or more data files are missing or wrong; ``problems`` lists each one as
    ``"<file>: line <n>: <what is wrong>"``."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:MAX_PROBLEMS_SHOWN]
        lines = [f"The taxonomy data is not valid; nothing was written ({len(problems)} "
                 f"problem{'s' if len(problems) != 1 else ''}):"]
        lines += [f"  {problem}" for problem in shown]
        if len(problems) > len(shown):
            lines.append(f"  ... and {len(problems) - len(shown)} more")
        super().__init__("\n".join(lines))


class RowError(ValueError):
    """One row is wrong; the message says how (the caller adds file and line)."""


class Problems:
    """Collects ``file: line n: message`` problems while the files are read."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.items: list[str] = []
        self.unreadable: set[str] = set()
        """Files that could not be read at all (checks across files skip them)."""

    def add(self, filename: str, line: int | None, message: str) -> None:
        where = f"{filename}: line {line}" if line else filename
        self.items.append(f"{where}: {message}")

    def __bool__(self) -> bool:
        return bool(self.items)


@dataclass(frozen=True)
class Record:
    """One CSV record: the line it starts on and the wanted columns' stripped values."""

    line: int
    values: dict[str, str]


def read_records(problems: Problems, filename: str, columns: Iterable[str],
                 delimiter: str = ",") -> list[Record]:
    """Every record of a CSV file (gzip-compressed when its name ends in ``.gz``), or
    ``[]`` after adding a problem."""
    path = problems.data_dir / filename
    if not path.is_file():
        return _unreadable(problems, filename, None, f"file not found in {problems.data_dir}")
    reader = None
    opener = gzip.open if filename.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream, strict=True, delimiter=delimiter)
            return list(_records(reader, columns, problems, filename))
    except RowError as error:
        return _unreadable(problems, filename, 1, str(error))
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, csv.Error) as error:
        line = (reader.line_num if reader else 0) + 1
        return _unreadable(problems, filename, line, f"cannot read the file ({error})")


def _unreadable(problems: Problems, filename: str, line: int | None, message: str) -> list:
    problems.add(filename, line, message)
    problems.unreadable.add(filename)
    return []


def _records(reader, columns: Iterable[str], problems: Problems, filename: str):
    """Records after the header; a problem for each row with the wrong number of fields."""
    positions, width = _header_positions(next(reader, None), columns)
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any(value.strip() for value in row):
            continue
        if len(row) != width:
            problems.add(filename, start, f"expected {width} fields, found {len(row)}")
            continue
        yield Record(start, {name: row[i].strip() for name, i in positions.items()})


def _header_positions(header: list[str] | None, columns: Iterable[str]):
    """``({column: position}, number of fields)`` from the header line."""
    if not header:
        raise RowError("the file is empty (no header line)")
    header = [name.strip() for name in header]
    missing = [name for name in columns if name not in header]
    if missing:
        raise RowError(f"missing column(s): {', '.join(missing)}")
    return {name: header.index(name) for name in columns}, len(header)


def convert_records(
    problems: Problems,
    filename: str,
    records: list[Record],
    convert: Callable[[dict[str, str]], dict],
) -> list[tuple[int, dict]]:
    """``(line, row)`` for each record that ``convert`` accepts; a problem for the rest."""
    rows = []
    for record in records:
        try:
            rows.append((record.line, convert(record.values)))
        except RowError as error:
            problems.add(filename, record.line, str(error))
    return rows


def unique_rows(problems: Problems, filename: str, rows: list[tuple[int, dict]],
                key: str) -> dict[str, tuple[int, dict]]:
    """Rows by ``key``, in file order; a problem for each repeated key."""
    by_key: dict[str, tuple[int, dict]] = {}
    for line, row in rows:
        if row[key] in by_key:
            first = by_key[row[key]][0]
            problems.add(filename, line, f"{row[key]} already appears on line {first}")
        else:
            by_key[row[key]] = (line, row)
    return by_key


def text(values: dict[str, str], column: str, max_length: int, required: bool = True) -> str:
    """A column's text, checked for presence and length."""
    value = values[column]
    if required and not value:
        raise RowError(f"{column} is empty")
    if len(value) > max_length:
        raise RowError(f"{column} is longer than {max_length} characters")
    return value


def number(values: dict[str, str], column: str, low: float, high: float) -> float:
    """A column's number, which must lie between ``low`` and ``high``."""
    try:
        value = float(values[column])
    except ValueError:
        raise RowError(f"{column} {values[column]!r} is not a number") from None
    if not (math.isfinite(value) and low <= value <= high):
        raise RowError(f"{column} {value} is outside {low} to {high}")
    return value


def matching(values: dict[str, str], column: str, pattern: str, meaning: str) -> str:
    """A column's text, which must match the regular expression ``pattern``."""
    value = values[column]
    if not re.fullmatch(pattern, value):
        raise RowError(f"{column} {value!r} is not {meaning}")
    return value


def alt_labels(value: str) -> str:
    """Alternative labels (newline- or ``|``-separated) one per line, without repeats."""
    labels = (label.strip() for label in re.split(r"[\n|]", value))
    return "\n".join(dict.fromkeys(label for label in labels if label))
