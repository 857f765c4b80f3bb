"""One way to page through a query's results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request
from sqlalchemy import Select, func, select

from marketplace.extensions import db
from marketplace.web.numbers import LARGEST_ID, bounded_int


@dataclass
class Page:
    items: list[Any]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def requested_page_number(per_page: int = 25) -> int:
    """The ``page`` query parameter as a number of at least 1. Bad values mean 1, and
    so does a page whose first row lies beyond the largest id (its OFFSET could
    overflow): no list has that many rows."""
    number = bounded_int(request.args.get("page", "1"), largest=LARGEST_ID // per_page)
    return max(1, number or 1)


def paginate(query: Select, per_page: int = 25, number: int | None = None) -> Page:
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    # Past the end means the last page: an unbounded number made an OFFSET the
    # database cannot hold (a 500).
    last = max(1, -(-(total or 0) // per_page))
    number = min(number or requested_page_number(per_page), last)
    rows = db.session.scalars(query.limit(per_page).offset((number - 1) * per_page)).all()
    return Page(items=list(rows), number=number, per_page=per_page, total=total or 0)
