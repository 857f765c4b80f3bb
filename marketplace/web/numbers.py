"""Numbers from URLs and query strings, kept within what a database column holds.

SQLite stores integers in signed 64 bits and PostgreSQL's ``bigint`` is the same size;
a larger number sent to either is an ``OverflowError`` or "bigint out of range", not a
row that is missing. So an id in the path beyond that range is no route at all (a 404,
like any other unknown id) and a number in the query string beyond it is bad input.
"""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

#: The largest signed 64-bit integer: the largest id or count any column can hold.
LARGEST_INTEGER = 2**63 - 1


class DatabaseIntConverter(IntegerConverter):
    """Werkzeug's ``int`` converter (no sign, so ``-1`` is no match either), refusing
    numbers beyond ``LARGEST_INTEGER`` unless the rule sets a smaller ``max``."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=LARGEST_INTEGER, signed=False):
        # Werkzeug passes the rule's arguments by these names: min, max.
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def bounded_int(
    value: str | int | None, smallest: int = 0, largest: int = LARGEST_INTEGER
) -> int | None:
    """``value`` (text typed or sent along, or a number) as a whole number from
    ``smallest`` to ``largest``; None when it is no such number."""
    try:
        number = int(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        return None
    return number if smallest <= number <= largest else None
