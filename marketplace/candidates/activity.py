"""A candidate's last activity, for the retention review: the latest of their
profile's own last change and of what Werkbrug records of their coaching (proposals,
trajectory steps, barriers, try-out enrolments). The admins' list, the nightly review,
the coach's news and the caseload all read ``last_activity``.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import Integer, Select, column, func, select, table
from sqlalchemy.orm import with_expression
from sqlalchemy.sql.elements import ColumnElement

from marketplace.candidates.models import Candidate
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.db_types import UTCDateTime, greatest
from marketplace.extensions import db

#: Where Werkbrug records the coaching of a candidate besides their profile: each table
#: with the column that says when a row last changed. Named, not imported: they belong
#: to the packages above this one (proposals, trajectories, barriers, try-outs), which
#: this package never imports (``lifecycle.py``); ``tests/candidates/test_last_activity.py``
#: checks that each still exists, with a ``candidate_id``.
COACHING_RECORDS = {
    # Made, and every change of state: invited, hired or accepted on a course, put on
    # the waiting list, declined, withdrawn (each one stamps ``updated_at``).
    "proposal": "updated_at",
    "trajectory_decision": "created_at",
    "trajectory_step": "updated_at",
    "candidate_barrier": "updated_at",
    # Enrolled, moved up from the waiting list, attendance marked, cancelled.
    "tryout_enrolment": "updated_at",
}


@cache
def last_activity() -> ColumnElement[datetime]:
    """A candidate's last activity: the latest of the profile's own last change
    (``Candidate.last_activity_at``: a save, consent, a handover, a placement) and of
    every row of ``COACHING_RECORDS`` about them. The one definition the retention
    review, the admins' list, the coach's news and the caseload read.

    An expression of the candidate's row, for any statement that selects candidates:
    each table adds a correlated ``max()`` looked up by its index on ``candidate_id``,
    so a list of many candidates stays one statement. Made once per process."""
    own = Candidate.last_activity_at
    latest = []
    for name, moment in COACHING_RECORDS.items():
        records = table(name, column("candidate_id", Integer), column(moment, UTCDateTime))
        latest.append(func.coalesce(
            select(func.max(records.c[moment]))
            .where(records.c.candidate_id == Candidate.id)
            .scalar_subquery(),
            own,  # a candidate without such rows: SQLite's max() of a NULL is NULL
        ))
    return greatest(own, *latest)


def with_last_activity(query: Select, last: ColumnElement[datetime] | None = None) -> Select:
    """``query`` (of candidates) with ``Candidate.latest_activity_at`` filled in. The
    candidates it returns get the value also when the session holds them already (read
    before without it), hence ``populate_existing``: use it on reads only."""
    return query.options(
        with_expression(Candidate.latest_activity_at, last if last is not None
                        else last_activity())
    ).execution_options(populate_existing=True)


def inactive_candidates_query(before: datetime) -> Select:
    """Candidates (not erased) without any activity (``last_activity``) since
    ``before``, the longest inactive first, with ``latest_activity_at`` filled in.

    Only candidates whose profile is older than ``before`` can qualify: that narrows
    the rows by the index on ``last_activity_at`` before the other tables are read."""
    last = last_activity()
    return with_last_activity(
        select(Candidate)
        .where(Candidate.status != CandidateStatus.ERASED,
               Candidate.last_activity_at < before, last < before)
        .order_by(last, Candidate.id),
        last,
    )


def inactive_candidates(before: datetime) -> list[Candidate]:
    """Candidates (not erased) without any activity since ``before``, oldest first."""
    return list(db.session.scalars(inactive_candidates_query(before)))
