"""One way to page through a query's results."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import flash, request
from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from marketplace.extensions import db
from marketplace.web.numbers import LARGEST_ID, bounded_int


@dataclass
class Page:
    items: list[Any]
    number: int
    per_page: int
    total: int
    #: The ``page`` asked for was no page of this list (not a number, or past the end).
    unavailable: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def requested_page_number(
    per_page: int = 25, values: Mapping[str, str] | None = None
) -> int | None:
    """The ``page`` query parameter (or the field of ``values``, a form that brings a
    reader back to the page they were on) as a number of at least 1, 1 when there is
    none, and None when it is no page number. A number whose first row would lie beyond
    the largest id is cut to that (its OFFSET could overflow): no list has that many
    rows, so it reads as past the end."""
    text = (request.args if values is None else values).get("page")
    if text is None:
        return 1
    # Any whole number Python reads (up to 4,300 digits) counts as a page number.
    number = bounded_int(text, smallest=1, largest=10**4300)
    return None if number is None else min(number, LARGEST_ID // per_page)


def paginate(query: Select, per_page: int = 25, number: int | None = None,
             total: int | None = None) -> Page:
    """One page of ``query``: page ``number``, or the one the request asks for. A number
    past the end shows the last page, anything else that is no page number the first;
    either is marked ``unavailable`` so the page says so (an unbounded number made an
    OFFSET the database cannot hold: a 500). ``total`` is the number of rows of
    ``query`` when the caller has counted them already (a page that shows counts per
    status): one statement less.

    Otherwise the first page is read before the count: when it is not full, its rows
    are all there are, and the count (a statement of its own) is not needed."""
    asked = number or requested_page_number(per_page)
    rows = None
    if total is None and (asked is None or asked == 1):
        rows = db.session.scalars(query.limit(per_page)).all()
        total = len(rows) if len(rows) < per_page else _count(query)
    elif total is None:
        total = _count(query)
    last = max(1, -(-total // per_page))
    number = 1 if asked is None else min(asked, last)
    if rows is None:
        rows = db.session.scalars(query.limit(per_page).offset((number - 1) * per_page)).all()
    page = Page(
        items=list(rows),
        number=number,
        per_page=per_page,
        total=total,
        unavailable=asked is None or asked > last,
    )
    if page.unavailable:
        say_page_unavailable(page.number, page.pages)
    return page


def say_page_unavailable(shown: int, pages: int) -> None:
    """Tell the reader the page number asked for does not exist and which page they see
    instead (at the top of the page, where people look first)."""
    flash(
        _(
            "That page number does not exist. You see page %(number)d of %(pages)d.",
            number=shown,
            pages=pages,
        ),
        "notice",
    )


def _count(query: Select) -> int:
    """How many rows ``query`` has."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    return total or 0
