"""Fixtures for the insights tests: opportunities with chosen dates and candidates with
chosen wishes (through :mod:`tests.factories`), committed inside the test's rolled-back
transaction."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from marketplace.extensions import db
from marketplace.insights.export import SEPARATORS
from tests.factories import FORKLIFT, make_candidate, make_dated_opportunity

#: A quiet period for test data: no other test's opportunities are open then.
JANUARY = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def make_opportunities(app_ctx, organisations):
    """``make_opportunities(n, employer="employer_a", **columns)`` adds ``n`` committed
    opportunities (published on ``published_at``, default :data:`JANUARY`) and returns
    them."""

    def make(count: int = 1, employer: str = "employer_a", occupation: str = FORKLIFT,
             published_at: datetime = JANUARY, **columns):
        made = [
            make_dated_opportunity(organisations[employer], published_at=published_at,
                                   occupation_uri=occupation, **columns)
            for _ in range(count)
        ]
        db.session.commit()
        return made

    return make


@pytest.fixture
def make_candidates(app_ctx, users):
    """``make_candidates(n, wishes=[uri], experience=[uri], consent=True, **profile)``
    adds ``n`` committed candidates to coach A's caseload."""

    def make(count: int = 1, coach: str = "coach_a", **values):
        made = [make_candidate(users[coach], **values) for _ in range(count)]
        db.session.commit()
        return made

    return make


def read_csv(response) -> list[list[str]]:
    """A CSV download as rows: it starts with a byte-order mark, and its separator is
    that of the page's language (";" in Dutch, "," in English)."""
    assert response.status_code == 200, response.status_code
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    separator = SEPARATORS[response.headers["Content-Language"]]
    return list(csv.reader(io.StringIO(text[1:]), delimiter=separator))


def csv_rows(response) -> dict[str, list[str]]:
    """A CSV download as {first cell: the other cells}."""
    return {row[0]: row[1:] for row in read_csv(response)[1:]}


#: The test data's period, as the filters take it.
PERIOD = {"period_start": "2025-01", "period_end": "2025-01"}
