"""The bridge between the database and the ranking maths (the only Flask-aware module
of ``marketplace.matching``).

It loads rows into the pure structures, caches them per process and ranks; the
suggestions package turns the structured explanations into sentences
(``suggestions/sentences.py``).

Caching: the prepared candidate pool and opportunity table are kept per process
(``process_cache.py``) under the database's data version stamp
(``marketplace.data_versions``) of ``candidates`` or ``opportunities``: a change saved
by any worker on any host is in the next ranking everywhere. When the stamp moved, the
process does not rebuild everything: it asks the change log which candidates (or
opportunities) changed since the version it holds, loads just those with the same
code as the full build (restricted by id) and merges them into what it holds
(``refresh.py``); a full build happens when many changed (``REFRESH_SHARE``) or the log
cannot tell (a bulk statement, a pruned log). The candidate pool of a version is also a
snapshot on disk (``snapshot.py``, in ``CANDIDATE_POOL_DIR``): a process maps the
snapshot of the current version when its host has one; refreshed rows live in the
process until the ``prepare_candidate_pool`` job has written the new version's
snapshot, which the process then maps (the workers share pages again); only a process
with nothing to refresh builds and writes a snapshot itself, under a lock. The
vocabularies and the title resolver depend only on the taxonomy and are built once per
process. The scorer in use (``marketplace.ranking.scorer``) keeps its fitted model in
the same process cache.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
from flask import current_app, has_app_context
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.data_versions import changes_since, current_version, has_uncommitted_stamps
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.matching.candidate_records import read_candidate_rows
from marketplace.matching.opportunity_records import (
    loaded_record,
    open_opportunities_query,
    opportunity_records,
    pair_record,
    unchanged_since,
)
from marketplace.matching.opportunity_table import (
    OpportunitySpec,
    OpportunityTable,
    sector_position,
)
from marketplace.matching.refresh import refreshed_rows, refreshed_table
from marketplace.matching.snapshot import (
    CandidateRows,
    IdIndex,
    MappedCandidatePool,
    locked,
    open_or_build,
    open_snapshot,
    prune,
    snapshot_key,
)
from marketplace.matching.spaces import OccupationSpace, SkillSpace, Spaces, Vocabulary
from marketplace.matching.titles import TitleResolver
from marketplace.opportunities.models import Opportunity
from marketplace.process_cache import ProcessCache
from marketplace.taxonomy.models import Language, Occupation, Skill
from marketplace.taxonomy.version import forget_taxonomy_data, taxonomy_version

# --- what is cached per process --------------------------------------------------------


@dataclass(frozen=True)
class OpportunityRows:
    table: OpportunityTable
    version: int
    day: date
    refs: tuple[str | None, ...]
    row_of: IdIndex
    """Row of an opportunity id: a binary search over the ids, which are in id order
    (a refresh moves the rows after a new or closed one without making a dict again)."""


process_cache = ProcessCache(may_keep=lambda: not has_uncommitted_stamps())
"""This process's cache, shared with ``marketplace.ranking.scorer``."""


def forget_prepared_data(keep_taxonomy: bool = False) -> None:
    """Drop the cached structures of this process (tests; a taxonomy reload) and the
    pool snapshots of this host: a stamp that went back (a rolled-back test) comes back
    with other rows. ``keep_taxonomy`` keeps those built from the taxonomy alone, whose
    stamp cannot come back with other data."""
    process_cache.clear(keep=("spaces", "titles") if keep_taxonomy else ())
    directory = pool_directory()
    if directory is not None and os.path.isdir(directory):
        with locked(directory):
            prune(directory, keep=0)
    if not keep_taxonomy:
        forget_taxonomy_data()


def matching_spaces() -> Spaces:
    """The vocabularies that number occupations, skills and languages."""

    def build():
        occupations = db.session.execute(
            select(Occupation.id, Occupation.isco_code, Occupation.esco_code)
            .order_by(Occupation.id)
        ).all()
        skills = db.session.execute(select(Skill.id, Skill.code).order_by(Skill.id)).all()
        languages = db.session.scalars(select(Language.code).order_by(Language.code)).all()
        return Spaces(
            OccupationSpace.from_occupations(occupations),
            SkillSpace.from_codes([row.id for row in skills], [row.code for row in skills]),
            Vocabulary(languages),
        )

    return process_cache.get("spaces", taxonomy_version(), build)


def title_resolver() -> TitleResolver:
    """Typed job titles (Dutch or English, messy) to occupation ids."""

    def build():
        rows = db.session.execute(
            select(Occupation.id, Occupation.isco_code, Occupation.label_nl,
                   Occupation.label_en, Occupation.alt_labels_nl, Occupation.alt_labels_en)
        ).all()
        return TitleResolver.from_occupations(rows)

    return process_cache.get("titles", taxonomy_version(), build)


# --- candidates --------------------------------------------------------------------------


def pool_directory() -> str | None:
    """Where this host keeps candidate pool snapshots (None: each process builds its
    own pool in memory)."""
    return current_app.config.get("CANDIDATE_POOL_DIR") if has_app_context() else None


def _pool_key(version: int, taxonomy: tuple) -> str:
    """The snapshot name of candidates ``version``: with the database's address, so
    that two databases served from one instance folder (a second site, the tests)
    never meet."""
    return snapshot_key(version, (taxonomy, db.engine.url.render_as_string()))


REFRESH_SHARE = 0.05
"""Up to this share of the pool changed, the rows are refreshed; beyond, rebuilt."""

REFRESH_AT_LEAST = 50
"""So many changed candidates are always refreshed, whatever the pool's size."""

REFRESH_AT_MOST = 5000
"""More changed than this is a full build (the ids go into one ``IN`` list)."""


def _refresh_limit(size: int) -> int:
    return min(REFRESH_AT_MOST, max(REFRESH_AT_LEAST, int(size * REFRESH_SHARE)))


def _database() -> str:
    """Which database the cached rows came from: rows of another one (a second app in
    the process, the tests) are never refreshed with this one's change log."""
    return db.engine.url.render_as_string()


def candidate_rows(version: int | None = None) -> CandidateRows:
    """Every active candidate, prepared for ranking (cached; see module docstring);
    ``version``: the candidates' stamp, when the caller read it in this transaction."""
    version, taxonomy = version or current_version("candidates"), taxonomy_version()
    stamp = (version, taxonomy, _database())
    held = process_cache.held("candidates")
    usable = held[1] if held is not None and held[0][1:] == stamp[1:] else None
    rows = process_cache.get("candidates", stamp,
                             lambda: _prepared_candidate_rows(version, taxonomy, usable))
    directory = pool_directory()
    if directory is not None and not isinstance(rows.pool, MappedCandidatePool):
        # Refreshed rows are this process's own memory: once the job has written the
        # snapshot of their version, map it, so the workers share pages again.
        mapped = open_snapshot(directory, _pool_key(version, taxonomy), matching_spaces())
        if mapped is not None and not has_uncommitted_stamps():
            process_cache.replace("candidates", stamp, mapped)
            return mapped
    return rows


def _prepared_candidate_rows(version: int, taxonomy: tuple,
                             held: CandidateRows | None) -> CandidateRows:
    """The snapshot of ``version`` when this host has it; else the rows this process
    ``held`` (of the same taxonomy and database) refreshed with the candidates changed
    since (when few did); else the snapshot built (a full build). Built inside a
    transaction that raised a stamp it has not committed, the rows hold data that may
    be rolled back: they stay in this process and are never written."""
    directory = pool_directory()
    key = _pool_key(version, taxonomy)
    if directory is not None:
        mapped = open_snapshot(directory, key, matching_spaces())
        if mapped is not None:
            return mapped
    if held is not None:
        refreshed = _refreshed_candidate_rows(held, version)
        if refreshed is not None:
            return refreshed
    if directory is None:
        return _build_candidate_rows(version)
    return open_or_build(directory, key, matching_spaces(),
                         lambda: _build_candidate_rows(version),
                         write=not has_uncommitted_stamps())


def _refreshed_candidate_rows(old: CandidateRows, version: int) -> CandidateRows | None:
    """``old`` brought to ``version`` by reloading the candidates the change log names;
    None when the log cannot tell or too many changed (then the caller rebuilds)."""
    changed = changes_since("candidates", old.version, version, _refresh_limit(len(old.pool)))
    if changed is None:
        return None
    if not changed:
        return replace(old, version=version)
    return refreshed_rows(old, changed, _build_candidate_rows(version, ids=changed), version)


def prepare_candidate_pool() -> bool:
    """Write the snapshot of the current candidates unless this host has it (the
    ``prepare_candidate_pool`` job); True when it was built. Keeps nothing in this
    process's cache: a job worker does not rank."""
    directory = pool_directory()
    if directory is None or has_uncommitted_stamps():
        return False
    version, taxonomy = current_version("candidates"), taxonomy_version()
    key = _pool_key(version, taxonomy)
    if open_snapshot(directory, key, matching_spaces()) is not None:
        return False
    built = []

    def build() -> CandidateRows:
        built.append(version)
        return _build_candidate_rows(version)

    open_or_build(directory, key, matching_spaces(), build)
    return bool(built)


def _build_candidate_rows(version: int, ids: set[int] | None = None) -> CandidateRows:
    """The rows of every active candidate, or of those among ``ids`` (a refresh)."""
    return read_candidate_rows(version, matching_spaces(), ids)


def visible_candidates(rows: CandidateRows, viewer) -> np.ndarray:
    """Which pool rows ``viewer`` may see: a coach their own caseload and the candidates
    shared with the partnership; an admin (or the command line, ``viewer=None``) all. A
    partner organisation's API key (a viewer without a person, ``id`` None) sees the
    caseloads of its organisation's coaches: the candidates it could propose."""
    if viewer is None or viewer.role == "admin":
        return np.ones(len(rows.coach_ids), dtype=bool)
    if viewer.id is None:
        coaches = db.session.scalars(
            select(User.id).where(User.organisation_id == viewer.organisation_id)).all()
        return np.isin(rows.coach_ids, np.asarray(coaches, dtype=np.int64))
    return (rows.coach_ids == viewer.id) | rows.shared


# --- opportunities -----------------------------------------------------------------------


def opportunity_rows(version: int | None = None) -> OpportunityRows:
    """Every open opportunity, prepared for ranking (cached; see module docstring):
    refreshed from the table this process holds when few opportunities changed.
    ``version``: the opportunities' stamp, when the caller read it in this transaction."""
    version = version or current_version("opportunities")
    today, taxonomy = local_today(), taxonomy_version()
    stamp = (version, today, taxonomy, _database())
    held = process_cache.held("opportunities")

    def build() -> OpportunityRows:
        if held is not None and held[0][1:] == stamp[1:]:  # same day, taxonomy, database
            refreshed = _refreshed_opportunity_rows(held[1], version)
            if refreshed is not None:
                return refreshed
        return _build_opportunity_rows(version, today)

    return process_cache.get("opportunities", stamp, build)


def _refreshed_opportunity_rows(old: OpportunityRows, version: int) -> OpportunityRows | None:
    """``old`` brought to ``version`` by reading the opportunities the change log names
    (a proposal names its opportunity); None when a full build is needed."""
    changed = changes_since("opportunities", old.version, version,
                            _refresh_limit(len(old.table)))
    if changed is None or old.row_of.order is not None:
        return None
    if not changed:
        return replace(old, version=version)
    records = opportunity_records(
        open_opportunities_query().where(Opportunity.id.in_(sorted(changed))))
    spaces = matching_spaces()
    fresh = OpportunityTable.from_specs(
        [OpportunitySpec.from_record(record, spaces) for record in records], spaces)
    table, ids, refs = refreshed_table(old.table, old.row_of.sorted_ids, old.refs, changed,
                                       fresh, [record["ref"] for record in records])
    return OpportunityRows(table=table, version=version, day=old.day, refs=refs,
                           row_of=IdIndex(ids))


def _build_opportunity_rows(version: int, today: date) -> OpportunityRows:
    records = opportunity_records(open_opportunities_query())
    spaces = matching_spaces()
    return _opportunity_rows_of([OpportunitySpec.from_record(r, spaces) for r in records],
                                [record["ref"] for record in records], version, today)


def _opportunity_rows_of(specs: list[OpportunitySpec], refs: list[str | None], version: int,
                         today: date) -> OpportunityRows:
    table = OpportunityTable.from_specs(specs, matching_spaces())
    return OpportunityRows(
        table=table,
        version=version,
        day=today,
        refs=tuple(refs),
        row_of=IdIndex.of(np.array(table.ids, dtype=np.int64)),
    )


def opportunity_spec(opportunity: Opportunity,
                     rows: OpportunityRows | None = None) -> OpportunitySpec:
    """One loaded opportunity (of any status) as the ranking sees it (``loaded_record``:
    three statements, its row is not read again).

    ``rows``: the prepared open opportunities of the version this transaction read. An
    open one is there already, made by the same code from the same statements
    (``opportunity_records``), so its spec is taken from there and nothing is read."""
    held = _spec_held_in(rows, opportunity) if rows is not None else None
    if held is not None:
        return held
    return OpportunitySpec.from_record(loaded_record(opportunity), matching_spaces())


def pair_opportunity_spec(opportunity: Opportunity) -> OpportunitySpec:
    """:func:`opportunity_spec` for ranking one proposed pair (``pair_record``: the
    loaded row, nobody counted as already proposed; two statements instead of four).

    An open opportunity's spec comes from the opportunity table this process holds, of
    whatever version, when the change log says nothing of it changed since (one
    statement instead of two, and no rows to number again)."""
    held = process_cache.held("opportunities")
    if held is not None:
        (version, _day, taxonomy, database), rows = held
        if (opportunity.id in rows.row_of and taxonomy == taxonomy_version()
                and database == _database() and unchanged_since(version, opportunity.id)):
            spec = _spec_held_in(rows, opportunity)
            if spec is not None:
                return replace(spec, already_proposed=frozenset())
    return OpportunitySpec.from_record(pair_record(opportunity), matching_spaces())


def _spec_held_in(rows: OpportunityRows, opportunity: Opportunity) -> OpportunitySpec | None:
    """The spec ``rows`` hold for the loaded ``opportunity``, or None. The organisation's
    sector is not under the opportunities' data version (an admin may change it without
    moving the stamp), so a held spec counts only while its sector is the loaded
    organisation's."""
    row = rows.row_of.get(opportunity.id)
    if row is None:
        return None
    spec = rows.table.specs[row]
    return spec if spec.sector == sector_position(opportunity.organisation.sector) else None


# --- ranking -----------------------------------------------------------------------------
