"""Opportunities in columns for the ranking: ``OpportunitySpec`` (one opportunity, in
the numbers of the spaces) and ``OpportunityTable`` (many, one row each, for ranking
opportunities for a candidate). The candidates' side is ``pool.py``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter

import numpy as np
from scipy import sparse

from marketplace.matching.pool import ADVANTAGE_LANGUAGE_WEIGHT, REQUIRED_LANGUAGE_WEIGHT
from marketplace.matching.records import (
    DAY_PARTS,
    KINDS,
    NACE_SECTIONS,
    bitmask,
    day_number,
    level_rank,
    number_of,
    position_in,
    value_of,
)
from marketplace.matching.spaces import Spaces


def sector_position(sector: str | None) -> int:
    """An organisation's NACE section as a spec holds it: -1 when not known."""
    return -1 if not sector else position_in(NACE_SECTIONS, sector)


@dataclass(frozen=True, eq=False)
class OpportunitySpec:
    """One opportunity with column numbers (-1 or NaN where unknown)."""

    id: Hashable
    kind: int
    """Index into :data:`KINDS`."""
    occupation: int
    """Column in the occupation space, -1 when not known."""
    dutch_rank: int
    language_support: bool
    latitude: float
    longitude: float
    hours: float
    schedule: int
    """Bit mask over :data:`DAY_PARTS`; 0 when not stated."""
    starts_on: float
    sector: int
    """Index into :data:`NACE_SECTIONS`, -1 when not known."""
    skills_required: np.ndarray
    skills_advantage: np.ndarray
    languages: np.ndarray
    """Language columns asked for (other than through ``dutch_rank``)."""
    language_min_rank: np.ndarray
    """Per language: the lowest CEFR rank that counts fully (at least 1)."""
    language_required: np.ndarray
    """Per language: True when required, False when an advantage."""
    already_proposed: frozenset = frozenset()
    """Ids of candidates already proposed or placed here."""

    @classmethod
    def from_record(cls, record, spaces: Spaces) -> OpportunitySpec:
        """An opportunity from an :class:`OpportunityRecord` or a dict with its keys."""
        try:
            return cls._from_record(record, spaces)
        except (KeyError, ValueError) as error:
            raise type(error)(f"opportunity {value_of(record, 'id')!r}: {error}") from None

    @classmethod
    def _from_record(cls, record, spaces: Spaces) -> OpportunitySpec:
        occupation = value_of(record, "occupation")
        sector = value_of(record, "sector")
        required = list(dict.fromkeys(value_of(record, "skills_required", ())))
        advantage = [s for s in dict.fromkeys(value_of(record, "skills_advantage", ()))
                     if s not in required]  # a skill listed as both is required
        languages: dict[int, tuple[int, bool]] = {}
        for item in value_of(record, "languages", ()):
            if isinstance(item, Mapping):
                code, level, is_required = item["code"], item.get("level"), item.get("required")
            else:
                code, level, is_required = item
            column = spaces.languages.index_of(str(code).lower())
            rank, is_required = max(level_rank(level), 1), bool(is_required)
            if column in languages:  # listed twice: keep the stricter demand
                old_rank, old_required = languages[column]
                rank, is_required = max(rank, old_rank), is_required or old_required
            languages[column] = (rank, is_required)
        columns = sorted(languages)
        return cls(
            id=value_of(record, "id"),
            kind=position_in(KINDS, value_of(record, "kind", "job")),
            occupation=-1 if occupation is None else spaces.occupations.index_of(occupation),
            dutch_rank=level_rank(value_of(record, "dutch_level", "none")),
            language_support=bool(value_of(record, "language_support", False)),
            latitude=number_of(value_of(record, "latitude")),
            longitude=number_of(value_of(record, "longitude")),
            hours=number_of(value_of(record, "hours_per_week")),
            schedule=bitmask(value_of(record, "schedule", ()), DAY_PARTS),
            starts_on=day_number(value_of(record, "starts_on")),
            sector=sector_position(sector),
            skills_required=spaces.skills.indices_of(required),
            skills_advantage=spaces.skills.indices_of(advantage),
            languages=np.array(columns, dtype=np.int64),
            language_min_rank=np.array([languages[c][0] for c in columns], dtype=np.int8),
            language_required=np.array([languages[c][1] for c in columns], dtype=bool),
            already_proposed=frozenset(value_of(record, "already_proposed", ())),
        )


@dataclass(eq=False)
class OpportunityTable:
    """m opportunities in columns (row j is ``specs[j]``), for ranking opportunities
    for one candidate. Build it with :meth:`from_specs` or :meth:`from_records`."""

    specs: tuple[OpportunitySpec, ...]
    spaces: Spaces
    kind: np.ndarray
    occupation: np.ndarray
    dutch_rank: np.ndarray
    language_support: np.ndarray
    latitude: np.ndarray
    longitude: np.ndarray
    hours: np.ndarray
    schedule: np.ndarray
    starts_on: np.ndarray
    sector: np.ndarray
    skills_required: sparse.csr_matrix
    """opportunities by skills: 1.0 per required skill."""
    skills_advantage: sparse.csr_matrix
    language_min_rank: sparse.csr_matrix
    """opportunities by languages: the minimum rank of each language asked for."""
    language_weight: sparse.csr_matrix
    """opportunities by languages (same pattern): 2 for required, 1 for advantage."""

    proposed: ProposedRows | None = None
    """Who was proposed where; made from the specs when not given (a refresh gives the
    held table's, updated)."""

    def __post_init__(self):
        if self.proposed is None:
            self.proposed = ProposedRows.of(self.specs)

    def __len__(self) -> int:
        return len(self.specs)

    @cached_property
    def ids(self) -> tuple:
        """The opportunities' ids, row by row. Kept: a suggestion page asks for them
        twice, and a tuple of 10,000 ids cost 0.6 ms each time (``specs`` is a tuple,
        never replaced: a refreshed table is a new one)."""
        return tuple(map(_spec_id, self.specs))

    def proposed_rows(self, candidate_id: Hashable) -> np.ndarray:
        """Rows of the opportunities where the candidate was already proposed or placed."""
        return self.proposed.rows(candidate_id)

    @classmethod
    def from_records(cls, records: Iterable, spaces: Spaces) -> OpportunityTable:
        return cls.from_specs([OpportunitySpec.from_record(r, spaces) for r in records], spaces)

    @classmethod
    def from_specs(cls, specs: Sequence[OpportunitySpec], spaces: Spaces) -> OpportunityTable:
        specs = tuple(specs)
        m = len(specs)

        def column(name: str, dtype) -> np.ndarray:
            return np.array([getattr(spec, name) for spec in specs], dtype=dtype)

        def rows_matrix(name: str, width: int, values=None) -> sparse.csr_matrix:
            columns = [getattr(spec, name) for spec in specs]
            lengths = np.array([len(c) for c in columns], dtype=np.int64)
            indptr = np.concatenate([[0], np.cumsum(lengths)])
            indices = np.concatenate(columns) if m else np.empty(0, dtype=np.int64)
            if values is None:
                data = np.ones(len(indices))
            else:
                data = np.concatenate(values) if m else np.empty(0)
            result = sparse.csr_matrix(
                (data.astype(np.float64), indices.astype(np.int64), indptr), shape=(m, width)
            )
            result.sort_indices()
            return result

        languages = len(spaces.languages)
        weights = [
            np.where(spec.language_required, REQUIRED_LANGUAGE_WEIGHT, ADVANTAGE_LANGUAGE_WEIGHT)
            for spec in specs
        ]
        return cls(
            specs=specs,
            spaces=spaces,
            kind=column("kind", np.int8),
            occupation=column("occupation", np.int64),
            dutch_rank=column("dutch_rank", np.int8),
            language_support=column("language_support", bool),
            latitude=column("latitude", np.float64),
            longitude=column("longitude", np.float64),
            hours=column("hours", np.float64),
            schedule=column("schedule", np.uint8),
            starts_on=column("starts_on", np.float64),
            sector=column("sector", np.int8),
            skills_required=rows_matrix("skills_required", len(spaces.skills)),
            skills_advantage=rows_matrix("skills_advantage", len(spaces.skills)),
            language_min_rank=rows_matrix(
                "languages", languages, [spec.language_min_rank for spec in specs]
            ),
            language_weight=rows_matrix("languages", languages, weights),
        )


_spec_id = attrgetter("id")


class ProposedRows:
    """Per candidate, the rows of the opportunities where they were already proposed or
    placed, through slots: a slot names a row for as long as the row is not replaced
    (``slot_row``: its row now, -1 once gone), so a refresh that moves every later row
    (an opportunity opened or closed) renumbers one array instead of every candidate's
    rows, and changes the lists of only the candidates of the changed rows."""

    def __init__(self, slots: dict[Hashable, np.ndarray], slot_row: np.ndarray):
        self._slots = slots
        self.slot_row = slot_row

    @classmethod
    def of(cls, specs: Sequence[OpportunitySpec]) -> ProposedRows:
        """Slot ``j`` is row ``j``."""
        proposed: dict[Hashable, list[int]] = {}
        for row, spec in enumerate(specs):
            for candidate in spec.already_proposed:
                proposed.setdefault(candidate, []).append(row)
        slots = {candidate: np.array(rows, dtype=np.int64) for candidate, rows in proposed.items()}
        return cls(slots, np.arange(len(specs), dtype=np.int64))

    def rows(self, candidate_id: Hashable) -> np.ndarray:
        slots = self._slots.get(candidate_id)
        if slots is None:
            return np.empty(0, dtype=np.int64)
        return np.sort(self.slot_row[slots])

    def refreshed(self, new_row_of_old: np.ndarray, fresh_rows: np.ndarray,
                  gone: Iterable[OpportunitySpec], fresh: Sequence[OpportunitySpec],
                  ) -> ProposedRows:
        """These rows after a refresh: ``new_row_of_old`` is each old row's row now (-1
        when it is ``gone``: the specs of the changed rows), the ``fresh`` specs are at
        ``fresh_rows``. Only the candidates of the gone and fresh specs are touched."""
        live = self.slot_row >= 0
        slot_row = np.full(len(self.slot_row), -1, dtype=np.int64)
        slot_row[live] = new_row_of_old[self.slot_row[live]]
        first = len(slot_row)  # the fresh rows get new slots
        slot_row = np.concatenate([slot_row, np.asarray(fresh_rows, dtype=np.int64)])
        added: dict[Hashable, list[int]] = {}
        for n, spec in enumerate(fresh):
            for candidate in spec.already_proposed:
                added.setdefault(candidate, []).append(first + n)
        touched = {candidate for spec in gone for candidate in spec.already_proposed}
        slots = dict(self._slots)
        for candidate in touched | added.keys():
            kept = slots.get(candidate, np.empty(0, dtype=np.int64))
            kept = kept[slot_row[kept] >= 0]
            mine = np.concatenate([kept, np.array(added.get(candidate, ()), dtype=np.int64)])
            if len(mine):
                slots[candidate] = mine
            else:
                slots.pop(candidate, None)
        return ProposedRows(slots, slot_row)
