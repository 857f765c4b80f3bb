"""Writing a shown list's entries (``operations.write_suggestion_list``) in one statement.

On PostgreSQL the entries go in as five arrays, one per column, that ``unnest`` turns
back into rows: the statement's text is the same for any number of entries, short and
with six parameters, so psycopg converts it once per process (it keeps converted
queries up to 4,096 characters and 50 parameters) and prepares it on the server
(``database.keep_prepared_statements``). The ORM's bulk INSERT wrote one ``VALUES``
row of six parameters per entry: twenty entries were a text of 5,000 characters and
120 parameters, built by SQLAlchemy and parsed by psycopg again on every suggestion
page. Each entry's id comes back with its rank, which is unique in the list, so no
order of the returned rows is assumed. The features are written as the ``JSON``
column writes them (``json.dumps``, NULL for none), so the stored rows are the same.

SQLite has no arrays: there the ORM's bulk INSERT stays, its ids returned in the order
of the rows given.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Float, Integer, Text, bindparam, cast, func, insert, select
from sqlalchemy.dialects.postgresql import ARRAY, JSON

from marketplace.suggestions.models import SuggestionEntry


@dataclass(frozen=True)
class LoggedEntry:
    """A logged suggestion as a page uses it: its id (which "Propose" and "Dismiss"
    carry) and its place, with its pair."""

    id: int
    rank: int
    candidate_id: int
    opportunity_id: int


@dataclass(frozen=True)
class LoggedList:
    """A list just logged (``operations.write_suggestion_list``): its id and its
    entries in rank order, as plain values rather than the session's objects."""

    id: int
    entries: list[LoggedEntry]


_ENTRIES = SuggestionEntry.__table__
_COLUMNS = ("list_id", "rank", "score", "candidate_id", "opportunity_id", "features")

#: The rows given as arrays (PostgreSQL), one per column but the list's id.
_GIVEN = func.unnest(
    bindparam("ranks", type_=ARRAY(Integer)), bindparam("scores", type_=ARRAY(Float)),
    bindparam("candidate_ids", type_=ARRAY(Integer)),
    bindparam("opportunity_ids", type_=ARRAY(Integer)),
    bindparam("features", type_=ARRAY(Text)),
).table_valued("rank", "score", "candidate_id", "opportunity_id", "features").render_derived(
    name="given")

#: Built once: building a statement and its cache key costs more than sending it.
_INSERT_GIVEN = insert(_ENTRIES).from_select(_COLUMNS, select(
    bindparam("list_id", type_=Integer), _GIVEN.c.rank, _GIVEN.c.score,
    _GIVEN.c.candidate_id, _GIVEN.c.opportunity_id, cast(_GIVEN.c.features, JSON),
).order_by(_GIVEN.c.rank)).returning(_ENTRIES.c.id, _ENTRIES.c.rank)

#: SQLite's statement: the ORM's bulk INSERT, ids in the order of the rows given.
_INSERT_ROWS = insert(_ENTRIES).returning(_ENTRIES.c.id, sort_by_parameter_order=True)


def insert_entries(connection, list_id: int, entries, first_rank: int) -> list[LoggedEntry]:
    """Write ``entries`` (``ranking.Entry``) as the list's, ranked from ``first_rank``
    on; their logged ids and places, in rank order."""
    if not entries:
        return []
    ranks = range(first_rank, first_rank + len(entries))
    if connection.dialect.name == "postgresql":
        returned = connection.execute(_INSERT_GIVEN, {
            "list_id": list_id, "ranks": list(ranks),
            "scores": [entry.score for entry in entries],
            "candidate_ids": [entry.candidate_id for entry in entries],
            "opportunity_ids": [entry.opportunity_id for entry in entries],
            "features": [None if entry.features is None else json.dumps(entry.features)
                         for entry in entries],
        }).all()
        id_of_rank = {rank: entry_id for entry_id, rank in returned}
        return [LoggedEntry(id_of_rank[rank], rank, entry.candidate_id, entry.opportunity_id)
                for rank, entry in zip(ranks, entries, strict=True)]
    rows = [{"list_id": list_id, "rank": rank, "score": entry.score,
             "candidate_id": entry.candidate_id, "opportunity_id": entry.opportunity_id,
             "features": entry.features}
            for rank, entry in zip(ranks, entries, strict=True)]
    ids = connection.execute(_INSERT_ROWS, rows).scalars().all()
    return [LoggedEntry(entry_id, row["rank"], row["candidate_id"], row["opportunity_id"])
            for entry_id, row in zip(ids, rows, strict=True)]
