"""What people type into the opportunities' text inputs for numbers and dates, read
the way they write it ("19,5", "31/12/2026"), and stored numbers written back the same
way. The opportunity form, its course and try-out fields and the browse filters share
these, so none of them needs the form module."""

from __future__ import annotations

import re
from datetime import date

from wtforms import BooleanField

from marketplace.opportunities.vocab import SCHEDULE_COLUMNS
from marketplace.web.labels import LABELS
from marketplace.web.written_numbers import number_text

_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_BELGIAN = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_number(text: str | None) -> float | None:
    """``"19,5"`` or ``"19.5"`` → 19.5; None for empty text; ``ValueError`` otherwise."""
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise ValueError(text)
    return float(text)


def parse_whole_number(text: str | None) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit() or not text.isascii():
        raise ValueError(text)
    return int(text)


def parse_date(text: str | None) -> date | None:
    """``"2026-12-31"`` (what a date input sends) or ``"31/12/2026"``; None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    iso, belgian = _DATE_ISO.match(text), _DATE_BELGIAN.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif belgian:
        day, month, year = (int(part) for part in belgian.groups())
    else:
        raise ValueError(text)
    return date(year, month, day)  # ValueError for 31/02


def format_number(value) -> str:
    """A stored number as a person types it: 38.0 → "38", 19.5 → "19,5" in Dutch."""
    if value is None:
        return ""
    return number_text(value, format="#,##0.#").replace("\u202f", "")


def schedule_fields() -> tuple[BooleanField, ...]:
    """One checkbox per moment of ``SCHEDULE_COLUMNS``, in its order, named like the
    columns when a form class assigns them (``works_day, ... = schedule_fields()``)."""
    return tuple(BooleanField(LABELS["schedule"][moment]) for moment in SCHEDULE_COLUMNS)
