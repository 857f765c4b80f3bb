"""Fixtures for the proposals tests: a published opportunity of employer A (through
:mod:`tests.factories`), and counts of what proposing writes."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from marketplace.proposals.models import Proposal
from tests.factories import make_opportunity


@pytest.fixture
def opportunity(app_ctx, organisations):
    return make_opportunity(organisations["employer_a"], commit=True)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def counts() -> tuple[int, int]:
    """How many proposals and outgoing messages exist."""
    return count(Proposal), count(OutgoingMessage)


def statements_of(client, url: str, data: dict | None = None) -> list[str]:
    """The SQL statements one request of ``url`` sends: a GET that must answer 200, or
    with ``data`` a POST of it that must redirect."""
    seen: list[str] = []

    def remember(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        if data is None:
            assert client.get(url).status_code == 200
        else:
            assert client.post(url, data=data).status_code == 302
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    return seen


def waiting_counts(statements: list[str]) -> list[str]:
    """The statements of ``statements`` that count, on their own, what waits for an
    employer's answer (``list_queries.waiting_count``): the menu's count."""
    return [s for s in statements if s.startswith("SELECT count(*) AS count_1 FROM proposal WHERE")]
