"""Keeping ``candidate_fairness`` exact: what the fairness report (issue 17) groups each
candidate it counts by, in one narrow table.

The table is derived from a candidate's status, open consent, organisation, creation
time, Dutch level, sensitive row (gender, birth year) and languages (see
``CandidateFairness``). ``fairness_place`` (``FairnessPlace``) copies those rows once
per top-10 place of the candidate in a ranked list for an opportunity.
``refresh_fairness_traits(ids)`` rewrites both tables' rows of some candidates from
what the database holds, in a DELETE and an INSERT ... SELECT per table and batch, the
same statements for one candidate as for an import of 100,000.

As for the occupation groups, nobody has to remember to call it after an ordinary
change: after every flush that writes a candidate, a consent record, a sensitive row or
a language line or a suggestion entry (the forms, consent given or withdrawn, handover,
erasure, the demo loader, a test changing an attribute) the candidates concerned are
refreshed in the same transaction. Bulk writers (the records importer, the benchmarks)
call ``refresh_occupation_groups``, which refreshes these rows too; logging a shown
suggestion list writes its entries in bulk and calls ``add_places_of_entries`` itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Column, bindparam, delete, event, insert, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql import visitors

from marketplace.candidates.models import Candidate, ConsentRecord
from marketplace.candidates.profile_rows import CandidateLanguage, CandidateSensitive
from marketplace.candidates.report_copies import CandidateFairness, FairnessPlace
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.db_types import local_day
from marketplace.extensions import db
from marketplace.suggestions.models import SuggestionEntry, SuggestionList
from marketplace.suggestions.vocab import SuggestionSubject
from marketplace.taxonomy.models import CefrLevel

#: How many candidates one pair of statements handles (IN lists of this size stay well
#: under SQLite's limit of bound parameters).
BATCH = 5000

#: The places of a ranked list that count as "in the top" (the fairness report's).
TOP_PLACES = 10

#: The models whose rows decide a candidate's ``candidate_fairness`` row (and so the
#: copies in their places).
_SOURCES = (Candidate, ConsentRecord, CandidateSensitive, CandidateLanguage)

_COLUMNS = ("candidate_id", "organisation_id", "created_at", "gender", "birth_year",
            "dutch_level", "first_language")
_PLACE_COLUMNS = ("list_id", "rank", "shown_on", *_COLUMNS)


def refresh_fairness_traits(candidate_ids: Iterable[int], connection=None) -> None:
    """Rewrite the ``candidate_fairness`` and ``fairness_place`` rows of these
    candidates from what the database holds now (after the flush); an erased candidate
    or one without open consent ends up with none. ``connection`` defaults to the
    session's."""
    _refresh(candidate_ids, connection, traits=True)


def refresh_fairness_places(candidate_ids: Iterable[int], connection=None) -> None:
    """Rewrite only the ``fairness_place`` rows of these candidates (their suggestion
    entries changed, not their characteristics)."""
    _refresh(candidate_ids, connection, traits=False)


#: The candidates a refresh statement is about: one statement for any number of them.
CANDIDATE_IDS = bindparam("candidate_ids", expanding=True)


class Statements(dict):
    """Refresh statements built once per process (and SQL dialect), with
    ``CANDIDATE_IDS`` for the candidates. Building these statements and their cache
    keys cost more CPU than running them for one candidate, on every save of a
    profile; the statements sent are the same."""

    def get_or_build(self, key, build):
        if key not in self:
            self[key] = build()  # two threads may both build it: the same statement
        return self[key]


_STATEMENTS = Statements()


def _statements(dialect: str) -> tuple:
    """The lock (PostgreSQL), then DELETE and INSERT ... SELECT of both tables, in the
    order ``_refresh`` runs them.

    The lock takes the candidates' own rows in id order before anything else (FOR NO
    KEY UPDATE, as a save's UPDATE of the candidate does; rows that reference them
    still insert): two refreshes of the same people then queue on the first of them
    instead of each deleting and rewriting rows in its own scan order and waiting for
    the other's (a deadlock PostgreSQL ends by failing one). Their trait rows would not
    do: the first refresh deletes them, so the ones waiting would all go on at once.
    SQLite has one writer at a time."""
    table, places = CandidateFairness.__table__, FairnessPlace.__table__
    return _STATEMENTS.get_or_build(dialect, lambda: (
        None if dialect != "postgresql" else (
            select(Candidate.id).where(Candidate.id.in_(CANDIDATE_IDS))
            .order_by(Candidate.id).with_for_update(key_share=True)),
        delete(places).where(places.c.candidate_id.in_(CANDIDATE_IDS)),
        delete(table).where(table.c.candidate_id.in_(CANDIDATE_IDS)),
        _rewrite(dialect, table, _COLUMNS, trait_rows(CANDIDATE_IDS)),
        _rewrite(dialect, places, _PLACE_COLUMNS, place_rows(CANDIDATE_IDS)),
    ))


def _refresh(candidate_ids: Iterable[int], connection, *, traits: bool) -> None:
    connection = connection if connection is not None else db.session.connection()
    lock, delete_places, delete_traits, insert_traits, insert_places = _statements(
        connection.dialect.name)
    ids = sorted(set(candidate_ids))
    for start in range(0, len(ids), BATCH):
        chunk = {"candidate_ids": ids[start : start + BATCH]}
        if lock is not None:
            connection.execute(lock, chunk)
        connection.execute(delete_places, chunk)
        if traits:
            connection.execute(delete_traits, chunk)
            connection.execute(insert_traits, chunk)
        connection.execute(insert_places, chunk)


def _rewrite(dialect: str, table, columns, rows):
    """INSERT ... SELECT into ``table`` that overwrites a row another transaction wrote
    meanwhile: a list logged for this candidate, or the same candidate rewritten by a
    simultaneous save, committed between this rewrite's DELETE and its INSERT (both
    databases read each statement at its own start). Each row is there once, with the
    newest copy of the characteristics."""
    dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = dialect_insert(table).from_select(columns, rows)
    key = [column.name for column in table.primary_key.columns]
    return statement.on_conflict_do_update(
        index_elements=key,
        set_={name: statement.excluded[name] for name in columns if name not in key},
    )


#: The entries whose places ``add_places_of_entries`` adds.
ENTRY_IDS = bindparam("entry_ids", expanding=True)


def _new_places_statement(dialect: str):
    """INSERT ... SELECT of the places of the entries ``ENTRY_IDS`` of the candidates
    ``CANDIDATE_IDS``, built once per process and dialect like the refresh statements
    (on every suggestion page, building it cost more than sending it)."""
    return _STATEMENTS.get_or_build(("new places", dialect), lambda: insert(
        FairnessPlace.__table__).from_select(_PLACE_COLUMNS, place_rows().where(
            SuggestionEntry.id.in_(ENTRY_IDS),
            CandidateFairness.candidate_id.in_(CANDIDATE_IDS),
        )))


def add_places_of_entries(entries: Iterable[SuggestionEntry], connection=None) -> None:
    """Add the places of new suggestion entries (a list just logged): only these
    rows, so simultaneous pages that list the same candidate never rewrite each
    other's places. The entries' candidates are named too: told only the entries,
    PostgreSQL merge-joined them with every ``candidate_fairness`` row (25 ms a page at
    100,000 candidates) instead of looking up the ten it needs."""
    connection = connection if connection is not None else db.session.connection()
    statement = _new_places_statement(connection.dialect.name)
    entries = sorted(entries, key=lambda entry: entry.id)
    for start in range(0, len(entries), BATCH):
        chunk = entries[start : start + BATCH]
        connection.execute(statement, {
            "entry_ids": [entry.id for entry in chunk],
            "candidate_ids": sorted({entry.candidate_id for entry in chunk}),
        })


def first_language(candidate_id):
    """The candidate's other language spoken at the highest level (ties: the first
    code), as a correlated scalar subquery; the profile has no mother tongue, so this
    stands in for it."""
    return (
        select(CandidateLanguage.language_code)
        .join(CefrLevel, CefrLevel.code == CandidateLanguage.level)
        .where(CandidateLanguage.candidate_id == candidate_id)
        .order_by(CefrLevel.rank.desc(), CandidateLanguage.language_code)
        .limit(1)
        .scalar_subquery()
    )


def trait_rows(candidate_ids: list[int] | None = None):
    """The rows of the eligible candidates (not erased, open consent) among
    ``candidate_ids`` (all candidates when None), in the order of ``_COLUMNS``."""
    query = (
        select(
            Candidate.id,
            Candidate.organisation_id,
            Candidate.created_at,
            CandidateSensitive.gender,
            CandidateSensitive.birth_year,
            Candidate.dutch_level,
            first_language(Candidate.id),
        )
        .outerjoin(CandidateSensitive, CandidateSensitive.candidate_id == Candidate.id)
        .where(Candidate.status != CandidateStatus.ERASED, Candidate.has_active_consent)
    )
    if candidate_ids is not None:
        query = query.where(Candidate.id.in_(candidate_ids))
    return query


def may_hold_places(ranked: bool, subject: str, first_rank: int) -> bool:
    """Whether a list (``ranked``, about ``subject``, whose entries start at
    ``first_rank``) can have entries with a place: the rule of ``place_rows``, asked
    before a list's places are added, which for any other list would add none."""
    return ranked and subject == SuggestionSubject.OPPORTUNITY and first_rank <= TOP_PLACES


def place_rows(candidate_ids: list[int] | None = None):
    """The ``fairness_place`` rows of ``candidate_ids`` (all candidates when None), in
    the order of ``_PLACE_COLUMNS``: their entries ranked 1 to 10 in ranked lists for
    an opportunity, with their ``candidate_fairness`` row (none without one). The day
    is the Belgian calendar day the list was shown (``local_day``), as the report's
    periods and the ranking oversight's bounds are Belgian days: a list shown at 23:30
    UTC belongs to the next day."""
    traits = CandidateFairness
    query = (
        select(
            SuggestionEntry.list_id,
            SuggestionEntry.rank,
            local_day(SuggestionList.shown_at),
            *(getattr(traits, name) for name in _COLUMNS),
        )
        .join(SuggestionList, SuggestionList.id == SuggestionEntry.list_id)
        .join(traits, traits.candidate_id == SuggestionEntry.candidate_id)
        .where(
            SuggestionList.ranked.is_(True),
            SuggestionList.subject == SuggestionSubject.OPPORTUNITY,
            SuggestionEntry.rank <= TOP_PLACES,
        )
    )
    if candidate_ids is not None:
        # Both sides named, so PostgreSQL looks the candidates up on both (see
        # ``add_places_of_entries``).
        query = query.where(SuggestionEntry.candidate_id.in_(candidate_ids),
                            traits.candidate_id.in_(candidate_ids))
    return query


def _candidate_id(instance) -> int | None:
    if isinstance(instance, Candidate):
        return instance.id
    return instance.candidate_id


def flushed_candidate_ids(session, sources: tuple[type, ...],
                          candidate_reads: frozenset[str]) -> set[int]:
    """The candidates whose rows of ``sources`` this flush wrote (the session still
    lists the flushed objects in ``after_flush``, with their keys filled in); shared by
    the copies candidates keep for reports (occupation groups, fairness traits).

    A changed row counts only when a value really changed (a form sets every field,
    most to what they were), and a candidate's own row only when an attribute in
    ``candidate_reads`` (see ``candidate_columns_read``) or a relationship changed: a
    save of the note or the hours per week leaves the copies as they are, and saves
    their seven statements."""
    touched = [*session.new, *session.deleted,
               *(instance for instance in session.dirty
                 if isinstance(instance, sources) and _changes_read(
                     instance, candidate_reads if isinstance(instance, Candidate) else None))]
    return {
        candidate_id
        for instance in touched
        if isinstance(instance, sources) and (candidate_id := _candidate_id(instance))
    }


def candidate_columns_read(*statements) -> frozenset[str]:
    """The attributes of ``Candidate`` whose columns ``statements`` read (in their
    subqueries and CTEs too): the only changes of a candidate's row that can change
    what they write."""
    table, mapper = Candidate.__table__, inspect(Candidate)
    return frozenset(
        mapper.get_property_by_column(element).key
        for statement in statements
        for element in visitors.iterate(statement)
        if isinstance(element, Column) and element.table is table
    )


def _changes_read(instance, reads: frozenset[str] | None) -> bool:
    """Whether the flush changed a value of ``instance``: one of ``reads`` or a
    relationship (None: any attribute). The history of an attribute never loads it."""
    state = inspect(instance)
    relationships = state.mapper.relationships
    return any(
        attribute.history.has_changes()
        for attribute in state.attrs
        if reads is None or attribute.key in reads or attribute.key in relationships
    )


def _listed_candidate_ids(session, connection) -> set[int]:
    """The candidates in the suggestion lists this flush changed (a list's day or
    whether it was ranked decides its places); a new list's entries are new too."""
    list_ids = [instance.id for instance in session.dirty | session.deleted
                if isinstance(instance, SuggestionList)]
    if not list_ids:
        return set()
    return set(connection.scalars(
        select(SuggestionEntry.candidate_id).where(SuggestionEntry.list_id.in_(list_ids))
    ))


def _trait_reads() -> frozenset[str]:
    """The candidate's attributes that its fairness rows copy or filter on."""
    return _STATEMENTS.get_or_build("reads", lambda: candidate_columns_read(trait_rows()))


@event.listens_for(Session, "after_flush")
def _refresh_after_flush(session, _context) -> None:
    """Refresh the candidates whose rows this flush wrote (the session still lists the
    flushed objects here, with their keys filled in): everything for a change of
    their characteristics, only the places for a suggestion list changed; a list just
    logged (a page of suggestions) only adds its own entries' places."""
    connection = session.connection()
    ids = flushed_candidate_ids(session, _SOURCES, _trait_reads())
    new_entries = [instance for instance in session.new
                   if isinstance(instance, SuggestionEntry)]
    changed = {instance.candidate_id for instance in session.dirty | session.deleted
               if isinstance(instance, SuggestionEntry)}
    changed |= _listed_candidate_ids(session, connection)
    # Core on the flush's connection: no ORM event runs again. New entries first: a
    # candidate whose characteristics changed in the same flush is rewritten after.
    if new_entries:
        add_places_of_entries(new_entries, connection)
    if ids:
        refresh_fairness_traits(ids, connection)
    if changed - ids:
        refresh_fairness_places(changed - ids, connection)
