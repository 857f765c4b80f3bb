"""Keeping ``candidate_occupation_group`` exact: the occupation groups of the candidates
who count in the insights, read by the supply dashboard (issue 7).

The table is derived from a candidate's status, open consent, postcode, wished kinds,
wished occupations and experience (see ``CandidateOccupationGroup``).
``refresh_occupation_groups(ids)`` rewrites the rows of some candidates from what the
database holds, in one DELETE and one INSERT ... SELECT per batch, the same statements
for one candidate as for an import of 100,000.

Nobody has to remember to call it after an ordinary change: after every flush that
writes a candidate, a consent record, a wished occupation or an experience line (the
operations, the demo loader, a test changing an attribute), the candidates concerned are
refreshed in the same transaction. Bulk statements (``insert(...)`` with many rows,
``update(...).where(...)``) do not tell which candidates they touched: the code that
issues them calls ``refresh_occupation_groups`` with the ids itself, as the records
importer does.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import String, cast, delete, event, func, insert, literal, select, union_all
from sqlalchemy.orm import Session

from marketplace.candidates.fairness_traits import (
    CANDIDATE_IDS,
    Statements,
    candidate_columns_read,
    flushed_candidate_ids,
    refresh_fairness_traits,
)
from marketplace.candidates.models import KIND_COLUMNS, Candidate, ConsentRecord
from marketplace.candidates.profile_rows import CandidateExperience, CandidateWishedOccupation
from marketplace.candidates.report_copies import CandidateOccupationGroup
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.extensions import db
from marketplace.taxonomy.models import Occupation

#: How many candidates one pair of statements handles (two IN lists of this size stay
#: well under SQLite's limit of bound parameters).
BATCH = 5000

#: The candidate's columns copied into each row, for the insights' region and kind
#: filters.
COPIED_COLUMNS = ("postcode", *KIND_COLUMNS.values())

_STATEMENTS = Statements()

#: The models whose rows decide a candidate's occupation groups.
_SOURCES = (Candidate, ConsentRecord, CandidateWishedOccupation, CandidateExperience)


def refresh_occupation_groups(candidate_ids: Iterable[int], connection=None) -> None:
    """Rewrite the ``candidate_occupation_group`` rows of these candidates from what the
    database holds now (after a bulk write); a candidate who is not active or has no
    open consent ends up with none. Their ``candidate_fairness`` rows are rewritten too.
    ``connection`` defaults to the session's."""
    connection = connection if connection is not None else db.session.connection()
    ids = sorted(set(candidate_ids))
    _refresh_groups(ids, connection)
    refresh_fairness_traits(ids, connection)


def _statements() -> tuple:
    """The DELETE and the INSERT ... SELECT of a refresh, built once per process (see
    ``fairness_traits.Statements``)."""
    table = CandidateOccupationGroup.__table__
    return _STATEMENTS.get_or_build("groups", lambda: (
        delete(table).where(table.c.candidate_id.in_(CANDIDATE_IDS)),
        insert(table).from_select(
            ["within", "group_key", "candidate_id", "wished", *COPIED_COLUMNS],
            _group_rows(CANDIDATE_IDS),
        ),
    ))


def _refresh_groups(ids: list[int], connection) -> None:
    delete_rows, insert_rows = _statements()
    for start in range(0, len(ids), BATCH):
        chunk = {"candidate_ids": ids[start : start + BATCH]}
        connection.execute(delete_rows, chunk)
        connection.execute(insert_rows, chunk)


def _group_rows(candidate_ids):
    """For each eligible candidate among ``candidate_ids``, each drill-down level and
    each group at that level: whether one of their wishes is in it."""
    lines = union_all(
        select(
            CandidateWishedOccupation.candidate_id.label("candidate_id"),
            CandidateWishedOccupation.occupation_id.label("occupation_id"),
            literal(1).label("wished"),
        ).where(CandidateWishedOccupation.candidate_id.in_(candidate_ids)),
        select(
            CandidateExperience.candidate_id.label("candidate_id"),
            CandidateExperience.occupation_id.label("occupation_id"),
            literal(0).label("wished"),
        ).where(CandidateExperience.candidate_id.in_(candidate_ids)),
    ).subquery()
    # A CTE: the lines of eligible candidates with their ISCO codes and the candidate's
    # columns that the insights filter on, found once and grouped five times.
    links = (
        select(
            lines.c.candidate_id,
            lines.c.wished,
            Occupation.id.label("occupation_id"),
            Occupation.isco_code,
            *(getattr(Candidate, column) for column in COPIED_COLUMNS),
        )
        .join(Occupation, Occupation.id == lines.c.occupation_id)
        .join(Candidate, Candidate.id == lines.c.candidate_id)
        .where(Candidate.status == CandidateStatus.ACTIVE, Candidate.has_active_consent)
        .cte("links")
    )
    # (the group shown, the key one level below): ISCO levels 1 to 4, then the ESCO
    # occupations inside a 4-digit unit group, as insights/queries.py groups demand.
    isco = links.c.isco_code
    levels = [(func.substr(isco, 1, n - 1), func.substr(isco, 1, n)) for n in range(1, 5)]
    levels.append((func.substr(isco, 1, 4), cast(links.c.occupation_id, String)))
    # The copied columns depend on the candidate alone: grouping by them keeps one row.
    copied = [links.c[column] for column in COPIED_COLUMNS]
    return union_all(
        *(
            select(
                within, key, links.c.candidate_id, func.max(links.c.wished) == 1, *copied
            ).group_by(within, key, links.c.candidate_id, *copied)
            for within, key in levels
        )
    )


@event.listens_for(Session, "after_flush")
def _refresh_after_flush(session, _context) -> None:
    """Refresh the candidates whose rows this flush wrote (the session still lists the
    flushed objects here, with their keys filled in)."""
    ids = flushed_candidate_ids(session, _SOURCES, _STATEMENTS.get_or_build(
        "reads", lambda: candidate_columns_read(_group_rows(CANDIDATE_IDS))))
    if ids:
        # Core on the flush's connection: no ORM event runs again. The fairness rows
        # have their own hook (their sources differ).
        _refresh_groups(sorted(ids), session.connection())
