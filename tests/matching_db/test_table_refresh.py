"""The opportunity table is refreshed like the candidate rows: after a saved, paused or
new opportunity or a proposal, the next table holds the change and equals a full
build of the new version."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from sqlalchemy import update

from marketplace.data_versions import current_version
from marketplace.extensions import db
from marketplace.matching import operations
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.operations import (
    apply_transition,
    create_opportunity,
    opportunity_data,
    update_opportunity,
)
from marketplace.proposals.operations import propose_candidate
from tests.factories import make_candidate
from tests.matching.helpers import assert_same_table as same_table


def assert_same_table(rows, built) -> None:
    same_table(rows.table, built.table)
    np.testing.assert_array_equal(rows.row_of.sorted_ids, built.row_of.sorted_ids)
    assert rows.row_of.order is None and built.row_of.order is None  # in id order
    assert rows.refs == built.refs and rows.version == built.version


def refreshed_and_full():
    rows = operations.opportunity_rows()
    built = operations._build_opportunity_rows(current_version("opportunities"),
                                               operations.local_today())
    return rows, built


@pytest.fixture
def others(opportunity, organisations):
    """Two more published opportunities, and the table held by this process."""
    made = [create_opportunity(organisations["employer_a"],
                               opportunity_data(opportunity, title=f"Ander {n}"), publish=True)
            for n in range(2)]
    db.session.commit()
    operations.opportunity_rows()
    return made


def held_table():
    return operations.process_cache.held("opportunities")[1]


def test_a_saved_opportunity_is_refreshed(opportunity, others):
    before = held_table()
    update_opportunity(others[0], opportunity_data(others[0], hours_per_week=20),
                       expected_version=others[0].version)
    db.session.commit()
    rows, built = refreshed_and_full()
    assert rows.table.specs[0] is before.table.specs[0]  # not read again
    assert rows.table.hours[rows.row_of[others[0].id]] == 20
    assert_same_table(rows, built)


def test_a_paused_opportunity_leaves_and_a_new_one_joins(opportunity, others, organisations):
    before = held_table()
    apply_transition(others[1], "pause", expected_version=others[1].version)
    new = create_opportunity(organisations["employer_b"], opportunity_data(opportunity),
                             publish=True)
    db.session.commit()
    rows, built = refreshed_and_full()
    assert others[1].id not in rows.row_of and new.id in rows.row_of
    assert rows.table.specs[0] is before.table.specs[0]
    assert_same_table(rows, built)


def test_a_proposal_is_in_the_next_table(opportunity, others, users):
    candidate = make_candidate(users["coach_a"], commit=True)
    operations.opportunity_rows()
    propose_candidate(users["coach_a"], candidate, others[0], motivation="Past goed.",
                      candidate_agreed_on=date(2026, 1, 6))
    db.session.commit()
    rows, built = refreshed_and_full()
    assert candidate.id in rows.table.specs[rows.row_of[others[0].id]].already_proposed
    assert_same_table(rows, built)


def test_a_bulk_statement_rebuilds_the_table(opportunity, others):
    before = held_table()
    db.session.execute(update(Opportunity).where(Opportunity.id == others[0].id)
                       .values(hours_per_week=10))
    db.session.commit()
    rows, built = refreshed_and_full()
    assert rows.table.specs[0] is not before.table.specs[0]  # all read again
    assert rows.table.hours[rows.row_of[others[0].id]] == 10
    assert_same_table(rows, built)
