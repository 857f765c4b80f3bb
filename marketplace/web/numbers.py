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


class DatabaseIntConverter(IntegerConverter):
    """Werkzeug's ``int`` converter (no sign, so ``-1`` is no match either), refusing
    numbers beyond ``LARGEST_ID`` unless the rule sets another ``max``."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=LARGEST_ID, signed=False):
        # Werkzeug passes a rule's arguments by these names (<int(max=9):n>).
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


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
