"""Rules of a candidate's profile values that the profile form and the partner API
share: plain values and functions, no Flask and no database.

The form words each refusal in the user's language; the API names the field.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MAX_NOTE_LENGTH = 4000
OLDEST_BIRTH_YEAR = 1900
YOUNGEST_AGE = 15
#: An "available from" date further back than this is a mistake (say: now).
AVAILABLE_FROM_OLDEST = timedelta(days=365)
_PHONE = re.compile(r"^\+?[0-9 ()./-]{6,25}$")


def is_phone_number(text: str) -> bool:
    """Digits, spaces and a leading + (and ``()./-``), at least six digits.

    >>> is_phone_number("+32 470 12 34 56"), is_phone_number("call me")
    (True, False)
    """
    return bool(_PHONE.match(text)) and sum(char.isdigit() for char in text) >= 6


def available_from_too_old(day: date, today: date) -> bool:
    """True when ``day`` is more than a year before ``today``.

    >>> available_from_too_old(date(2024, 1, 1), date(2026, 1, 1))
    True
    """
    return day < today - AVAILABLE_FROM_OLDEST
