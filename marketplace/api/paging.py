"""Paging by cursor: ``paginate_cursor(select, order, limit, cursor)``.

Keyset paging on unique ascending columns (``(Opportunity.id,)``, or
``(Opportunity.updated_at, Opportunity.id)``): the cursor carries the last row's
values, signed with the SECRET_KEY and bound to the endpoint (itsdangerous), so a
changed, foreign or made-up cursor is a 400 problem, never a query on the client's
values. Rows added or removed between pages are neither skipped nor repeated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app, request, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from pydantic import Field
from sqlalchemy import Select, and_, or_

from marketplace.api.problems import ApiProblem
from marketplace.api.spec import StrictModel
from marketplace.extensions import db

DEFAULT_LIMIT = 25
MAX_LIMIT = 100


class PageQuery(StrictModel):
    """The paging parameters; a listing's query model extends it with its filters."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")
    cursor: str | None = Field(None, max_length=500,
                               description="next_cursor of the previous page.")


@dataclass
class CursorPage:
    items: list
    next_cursor: str | None

    def link_header(self) -> dict[str, str]:
        """``{"Link": '<...>; rel="next"'}`` for the next page, or nothing."""
        if self.next_cursor is None:
            return {}
        args = {**request.args.to_dict(), **(request.view_args or {}),
                "cursor": self.next_cursor}
        return {"Link": f'<{url_for(request.endpoint, **args)}>; rel="next"'}


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"],
                             salt=f"api-cursor:{request.endpoint}")


def _encode(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _decode(column, value: Any) -> Any:
    try:
        kind = column.type.python_type
    except NotImplementedError:  # e.g. JSON: no Python type to convert to, kept as is
        return value
    if kind is datetime and isinstance(value, str):
        return datetime.fromisoformat(value)
    if kind is date and isinstance(value, str):
        return date.fromisoformat(value)
    if kind in (int, str) and not isinstance(value, kind):
        raise ValueError("wrong type")
    return value


def _after(order, values: list) -> Any:
    """Rows after ``values`` in the order of ``order`` (portable: no row values)."""
    conditions = []
    for index, column in enumerate(order):
        equal = [order[i] == values[i] for i in range(index)]
        conditions.append(and_(*equal, column > values[index]))
    return or_(*conditions)


def paginate_cursor(query: Select, order, limit: int, cursor: str | None) -> CursorPage:
    """One page of ``query`` in the order of the unique ``order`` columns."""
    order = tuple(order)
    if cursor:
        try:
            values = _serializer().loads(cursor)
            if not isinstance(values, list) or len(values) != len(order):
                raise ValueError("wrong length")
            values = [_decode(column, value) for column, value in zip(order, values,
                                                                      strict=True)]
        except (BadSignature, ValueError, TypeError):
            raise ApiProblem(400, _("This cursor is not valid: start again without it.")) \
                from None
        query = query.where(_after(order, values))
    rows = list(db.session.scalars(
        query.order_by(None).order_by(*order).limit(limit + 1)).unique())
    items, more = rows[:limit], len(rows) > limit
    next_cursor = None
    if more:
        last = items[-1]
        next_cursor = _serializer().dumps(
            [_encode(getattr(last, column.key)) for column in order])
    return CursorPage(items, next_cursor)
