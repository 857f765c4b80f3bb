"""Writing a shown list and its entries (``operations.write_suggestion_list``).

On PostgreSQL one statement writes both: the list's INSERT is a common table
expression whose new id the entries' INSERT reads (one round trip and one statement
less on every suggestion page). The entries go in as five arrays, one per column,
that ``unnest`` turns back into rows: the statement's text is the same for any number
of entries, short and with a dozen parameters, so psycopg converts it once per process
(it keeps converted queries up to 4,096 characters and 50 parameters) and prepares it
on the server (``database.keep_prepared_statements``). The ORM's bulk INSERT wrote one
``VALUES`` row of six parameters per entry: twenty entries were a text of 5,000
characters and 120 parameters, built by SQLAlchemy and parsed by psycopg again on
every suggestion page. Each entry's id comes back with its rank, which is unique in
the list, so no order of the returned rows is assumed. The features are written as
the ``JSON`` column writes them (``json.dumps``, NULL for none), so the stored rows are
the same.

SQLite has no arrays: there the list is written first, then its entries by the ORM's
bulk INSERT, their ids returned in the order of the rows given. A list without entries
is written alone on both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Float, Integer, Text, bindparam, cast, func, insert, select, true
from sqlalchemy.dialects.postgresql import ARRAY, JSON

from marketplace.suggestions.models import SuggestionEntry, SuggestionList


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


_LISTS, _ENTRIES = SuggestionList.__table__, SuggestionEntry.__table__
_COLUMNS = ("list_id", "rank", "score", "candidate_id", "opportunity_id", "features")

#: The list alone, returning its new id (a list without entries; SQLite's first step).
_INSERT_LIST = insert(_LISTS).returning(_LISTS.c.id)

#: The list, as the common table expression of the PostgreSQL statement.
_NEW_LIST = insert(_LISTS).values({
    column.name: bindparam(column.name, type_=column.type)
    for column in _LISTS.columns if column.name != "id"
}).returning(_LISTS.c.id).cte("shown")

#: The entries given as arrays (PostgreSQL), one per column but the list's id.
_GIVEN = func.unnest(
    bindparam("ranks", type_=ARRAY(Integer)), bindparam("scores", type_=ARRAY(Float)),
    bindparam("candidate_ids", type_=ARRAY(Integer)),
    bindparam("opportunity_ids", type_=ARRAY(Integer)),
    bindparam("features", type_=ARRAY(Text)),
).table_valued("rank", "score", "candidate_id", "opportunity_id", "features").render_derived(
    name="given")

#: Built once: building a statement and its cache key costs more than sending it.
_INSERT_LIST_AND_ENTRIES = insert(_ENTRIES).from_select(_COLUMNS, select(
    _NEW_LIST.c.id, _GIVEN.c.rank, _GIVEN.c.score, _GIVEN.c.candidate_id,
    _GIVEN.c.opportunity_id, cast(_GIVEN.c.features, JSON),
).select_from(_NEW_LIST).join(_GIVEN, true()).order_by(_GIVEN.c.rank)).returning(
    _ENTRIES.c.list_id, _ENTRIES.c.id, _ENTRIES.c.rank,
).add_cte(_NEW_LIST, nest_here=True)

#: SQLite's statement for the entries: the ORM's bulk INSERT, ids in the order given.
_INSERT_ROWS = insert(_ENTRIES).returning(_ENTRIES.c.id, sort_by_parameter_order=True)


def insert_list(connection, values: dict, entries, first_rank: int) -> LoggedList:
    """Write the list of ``values`` (its columns but the id) and ``entries``
    (``ranking.Entry``) as its entries, ranked from ``first_rank`` on; the list's id
    and the entries' logged ids and places, in rank order."""
    ranks = range(first_rank, first_rank + len(entries))
    if entries and connection.dialect.name == "postgresql":
        returned = connection.execute(_INSERT_LIST_AND_ENTRIES, {
            **values, "ranks": list(ranks),
            "scores": [entry.score for entry in entries],
            "candidate_ids": [entry.candidate_id for entry in entries],
            "opportunity_ids": [entry.opportunity_id for entry in entries],
            "features": [None if entry.features is None else json.dumps(entry.features)
                         for entry in entries],
        }).all()
        id_of_rank = {rank: entry_id for _list_id, entry_id, rank in returned}
        return LoggedList(returned[0].list_id, [
            LoggedEntry(id_of_rank[rank], rank, entry.candidate_id, entry.opportunity_id)
            for rank, entry in zip(ranks, entries, strict=True)])
    list_id = connection.execute(_INSERT_LIST, values).scalar_one()
    if not entries:
        return LoggedList(list_id, [])
    rows = [{"list_id": list_id, "rank": rank, "score": entry.score,
             "candidate_id": entry.candidate_id, "opportunity_id": entry.opportunity_id,
             "features": entry.features}
            for rank, entry in zip(ranks, entries, strict=True)]
    ids = connection.execute(_INSERT_ROWS, rows).scalars().all()
    return LoggedList(list_id, [
        LoggedEntry(entry_id, row["rank"], row["candidate_id"], row["opportunity_id"])
        for entry_id, row in zip(ids, rows, strict=True)])
