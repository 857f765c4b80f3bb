"""An open opportunity's suggestions rank it as the prepared opportunity table holds it
(``operations.opportunity_spec`` with the rows): the same spec as one read for it,
without a statement; an opportunity the table does not hold, or whose organisation's
sector changed without a new data version, is read as before."""

from __future__ import annotations

import dataclasses

import numpy as np
from sqlalchemy import event, update

from marketplace.accounts.models import Organisation
from marketplace.extensions import db
from marketplace.matching import operations
from tests.factories import make_opportunity, make_proposal
from tests.suggestions.conftest import driver


def assert_same_spec(held, read) -> None:
    for field in dataclasses.fields(read):
        a, b = getattr(held, field.name), getattr(read, field.name)
        if isinstance(b, np.ndarray):
            np.testing.assert_array_equal(a, b, err_msg=field.name)
        else:
            assert a == b or (a != a and b != b), field.name  # NaN equals NaN here


def statements_sent(work) -> tuple[list[str], object]:
    seen: list[str] = []

    def remember(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        answer = work()
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    return seen, answer


def test_an_open_opportunity_is_taken_from_the_table_as_it_would_be_read(
        opportunity, users):
    amal = driver(users["coach_a"], "Amal")
    make_proposal(users["coach_a"], amal, opportunity, commit=True)
    rows = operations.opportunity_rows()
    seen, held = statements_sent(lambda: operations.opportunity_spec(opportunity, rows))
    assert seen == []
    assert held is rows.table.specs[rows.row_of[opportunity.id]]
    read = operations.opportunity_spec(opportunity)
    assert amal.id in read.already_proposed
    assert_same_spec(held, read)


def test_a_sector_changed_without_a_new_version_is_read(opportunity, organisations):
    rows = operations.opportunity_rows()
    employer = organisations["employer_a"]
    other = "H" if employer.sector != "H" else "C"
    # As an admin's edit of the organisation does: the opportunities' stamp stays.
    db.session.execute(update(Organisation).where(Organisation.id == employer.id)
                       .values(sector=other))
    db.session.refresh(employer)
    seen, spec = statements_sent(lambda: operations.opportunity_spec(opportunity, rows))
    assert seen  # read, not taken
    assert spec is not rows.table.specs[rows.row_of[opportunity.id]]
    assert_same_spec(spec, operations.opportunity_spec(opportunity))


def test_an_opportunity_the_table_does_not_hold_is_read(organisations):
    draft = make_opportunity(organisations["employer_a"], status="draft", commit=True)
    rows = operations.opportunity_rows()
    assert rows.row_of.get(draft.id) is None
    seen, spec = statements_sent(lambda: operations.opportunity_spec(draft, rows))
    assert seen and spec.id == draft.id
