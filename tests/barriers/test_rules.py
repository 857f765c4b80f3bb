"""The barriers' rules in the database, and the promise that barriers never reach the
ranking."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from marketplace.barriers.models import CandidateBarrier
from marketplace.barriers.vocab import BarrierKind
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities import operations as opportunities
from tests.factories import make_barrier, make_candidate
from tests.security.test_ranking_ignores import (  # noqa: F401 - a fixture and helpers
    _candidate_scores,
    _opportunity_scores,
    _publish,
    caseload,
)


def _row(candidate, **values) -> CandidateBarrier:
    fields = {"kind": "childcare", "status": "open", "noted_on": local_today()}
    fields.update(values)
    return CandidateBarrier(candidate_id=candidate.id, recorded_by_id=candidate.coach_id,
                            **fields)


@pytest.mark.parametrize("values", [
    {"kind": "teleport"},
    {"status": "forgotten"},
    {"status": "solved"},  # without the day it was solved
    {"status": "open", "solved_on": local_today()},  # a day solved on an open barrier
    {"status": "solved", "solved_on": local_today() - timedelta(days=3)},  # before noted
], ids=["kind", "status", "solved without day", "open with day", "solved before noted"])
def test_the_database_refuses_a_broken_barrier(app_ctx, users, values):
    candidate = make_candidate(users["coach_a"])
    db.session.add(_row(candidate, **values))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_the_database_allows_one_unsolved_barrier_of_a_kind_per_person(app_ctx, users):
    candidate = make_candidate(users["coach_a"])
    db.session.add(_row(candidate, status="solved", solved_on=local_today()))
    db.session.add(_row(candidate, status="in_progress"))
    db.session.flush()  # a solved one beside an unsolved one is fine
    db.session.add(_row(candidate, status="open"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_barriers_change_no_suggestion_score(caseload, organisations):  # noqa: F811
    """Every kind of barrier on every candidate: the same scores, reasons and unmet
    requirements in both directions (candidates for an opportunity, opportunities for a
    candidate)."""
    opportunity = _publish(organisations["employer_a"], "Heftruckchauffeur",
                           [opportunities.LanguageWish("en", "B1", required=False)])
    before = _candidate_scores(opportunity)
    before_hana = _opportunity_scores(caseload[0])
    assert len(before) == len(caseload)
    for candidate in caseload:
        for kind in BarrierKind:
            make_barrier(candidate, kind=kind, support="Fietscursus en kinderopvang")
    db.session.commit()
    assert _candidate_scores(opportunity) == before
    assert _opportunity_scores(caseload[0]) == before_hana
