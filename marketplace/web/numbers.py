"""Numbers from URLs and query strings, kept within what the database columns hold.

Every id is an ``Integer`` column: 32 bits on PostgreSQL, where a larger number is
"integer out of range" (SQLAlchemy casts each parameter to its column's type), and 64
bits on SQLite, where a larger one is an ``OverflowError``. Both are a 500, not a
missing row. So an id in the path beyond ``LARGEST_ID`` is no route at all (a 404, like
any other unknown id), and such a number in the query string is bad input: the same on
both databases.
"""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

#: The largest id a table can hold (PostgreSQL ``integer``, the smaller of the two).
LARGEST_ID = 2**31 - 1


def digits_up_to(largest: int) -> str:
    """A regular expression for the whole numbers 0 to ``largest`` written without
    leading zeros: ``digits_up_to(42)`` is ``0|[1-9]\\d{0,0}|[1-3]\\d{1}|4[0-1]\\d{0}|42``."""
    text = str(largest)
    width = len(text)
    shorter = ["0"] + ([rf"[1-9]\d{{0,{width - 2}}}"] if width > 1 else [])
    same_width = []
    for position, digit in enumerate(text):
        lowest = 1 if position == 0 else 0
        if int(digit) > lowest:
            same_width.append(rf"{text[:position]}[{lowest}-{int(digit) - 1}]"
                              rf"\d{{{width - position - 1}}}")
    return "|".join([*shorter, *same_width, text])


class DatabaseIntConverter(IntegerConverter):
    """Werkzeug's ``int`` converter (no sign, so ``-1`` is no match either), refusing
    numbers beyond ``LARGEST_ID`` unless the rule sets another ``max``.

    The limit is in the pattern itself, not only in the conversion: Werkzeug matches a
    path against every rule's pattern before converting, so a number only the
    conversion refused still matched a rule of another method and answered 405 instead
    of 404 (``GET /api/v1/candidates/99999999999`` beside its PATCH rule).
    """

    def __init__(self, url_map, fixed_digits=0, min=None, max=LARGEST_ID, signed=False):
        # Werkzeug passes a rule's arguments by these names (<int(max=9):n>).
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
        if max is not None and not signed and not fixed_digits:
            self.regex = digits_up_to(max)


def bounded_int(
    value: str | int | None, smallest: int = 0, largest: int = LARGEST_ID
) -> int | None:
    """``value`` (text typed or sent along, or a number) as a whole number from
    ``smallest`` to ``largest``; None when it is no such number."""
    try:
        number = int(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        return None
    return number if smallest <= number <= largest else None
