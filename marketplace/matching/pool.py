"""Columnar data for matching: candidates and opportunities as arrays.

* :class:`CandidatePool`: n candidates as arrays (one entry per candidate) and sparse
  matrices (candidates by occupations, skills, languages). Build it with
  :meth:`CandidatePool.from_records` from plain dicts or
  :class:`~marketplace.matching.records.CandidateRecord` objects; the matrices are built
  from COO arrays in one go (100,000 candidates: about two seconds, most of it reading
  the Python records).
* :class:`OpportunitySpec`: one opportunity, with column numbers instead of ids.
* :class:`OpportunityTable`: many opportunities as arrays, for ranking opportunities
  for one candidate.

Points are kept as unit vectors so that distances (:func:`great_circle_km`) are cheap.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from marketplace.matching.geometry import unit_vectors
from marketplace.matching.records import (
    DUTCH,
    NACE_SECTIONS,
    availability_mask,
    bitmask,
    day_number,
    level_rank,
    number_of,
    pairs_of,
    reader_of,
    value_of,
    wished_kinds_mask,
    work_permission_of,
)
from marketplace.matching.spaces import Spaces

EXPERIENCE_BASE = 0.85
"""The experience factor of an entry with 0 years (and of a wish)."""

EXPERIENCE_HALF_LIFE_YEARS = 2.0
"""Years after which half of the remaining experience bonus is earned."""

REQUIRED_LANGUAGE_WEIGHT = 2.0
ADVANTAGE_LANGUAGE_WEIGHT = 1.0
"""How much a required and an advantage language weigh in the languages feature."""


def experience_factor(years: np.ndarray | float) -> np.ndarray | float:
    """``0.85 + 0.15 * (1 - 2^(-years / 2))``: the weight of an experience entry."""
    years = np.maximum(np.nan_to_num(years, nan=0.0), 0.0)
    return EXPERIENCE_BASE + (1.0 - EXPERIENCE_BASE) * (
        1.0 - np.exp2(-years / EXPERIENCE_HALF_LIFE_YEARS)
    )





@dataclass(eq=False)
class CandidatePool:
    """n candidates in columns. Row i of every array and matrix is candidate
    ``ids[i]``; matrix columns are positions in :attr:`spaces`."""

    ids: tuple
    spaces: Spaces
    dutch_rank: np.ndarray
    """int8, 0 (none) to 6 (C2)."""
    consent: np.ndarray
    """bool: an active consent to be matched."""
    allowed_to_work: np.ndarray
    """bool: ``yes`` or ``pending`` (see :data:`WORK_PERMISSION`)."""
    work_permission_pending: np.ndarray
    latitude: np.ndarray
    longitude: np.ndarray
    max_commute_km: np.ndarray
    """float, NaN when none is given."""
    wished_kinds: np.ndarray
    """uint8 bit mask over :data:`KINDS`; 0 means no preference."""
    hours_wished: np.ndarray
    availability: np.ndarray
    """uint8 bit mask over :data:`DAY_PARTS`; 0 means not known."""
    available_from: np.ndarray
    wished_sectors: np.ndarray
    """uint32 bit mask over :data:`NACE_SECTIONS`; 0 means no preference."""
    experience_years: sparse.csr_matrix
    """candidates by occupations: years of experience (summed over entries; an entry of
    0 years is stored as an explicit 0)."""
    wished: sparse.csr_matrix
    """candidates by occupations: 1.0 for each wished occupation."""
    skills: sparse.csr_matrix
    """candidates by skills: 1.0 for each skill."""
    language_rank: sparse.csr_matrix
    """candidates by languages: CEFR rank (1 to 6) per language, Dutch included."""
    occupation_credit: sparse.csr_matrix = field(init=False, repr=False)
    """candidates by occupations: the experience factor of each experience entry or wish
    (the larger of the two); what the ``occupation`` feature multiplies with."""
    skills_by_skill: sparse.csc_matrix = field(init=False, repr=False)
    language_rank_by_language: sparse.csc_matrix = field(init=False, repr=False)

    def __post_init__(self):
        n = len(self.ids)
        self._index = {candidate: i for i, candidate in enumerate(self.ids)}
        if len(self._index) != n:
            raise ValueError("candidate ids must be unique")
        self._points = unit_vectors(self.latitude, self.longitude)
        # Opportunity-independent parts of the features, for the fast path.
        self._point_unknown = np.isnan(self._points[0])
        self._dutch = self.dutch_rank.astype(np.float64)
        self._hours_unknown = ~(self.hours_wished > 0)
        self._hours_safe = np.where(self._hours_unknown, 1.0, self.hours_wished)
        self._availability_unknown = self.availability == 0
        self._sectors_unknown = self.wished_sectors == 0
        self._available_unknown = np.isnan(self.available_from)
        self._available_safe = np.nan_to_num(self.available_from)
        credit = self.experience_years.copy()
        credit.data = experience_factor(credit.data)
        wished = self.wished.copy()
        wished.data = np.full(wished.data.shape, EXPERIENCE_BASE)
        self.occupation_credit = credit.maximum(wished).tocsr()
        self.occupation_credit.sort_indices()
        self._credit_by_occupation = self.occupation_credit.tocsc()
        self.skills_by_skill = self.skills.tocsc()
        self.language_rank_by_language = self.language_rank.tocsc()

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, rows: Sequence[int]) -> CandidatePool:
        """A pool of only ``rows`` (in that order): ranking one candidate, or a few,
        costs what those rows cost instead of what the whole pool does, through the
        same code as the whole pool."""
        rows = np.asarray(rows, dtype=np.intp)
        values = {name: getattr(self, name)[rows]
                  for name, spec in self.__dataclass_fields__.items()
                  if spec.init and name not in ("ids", "spaces")}
        return CandidatePool(ids=tuple(self.ids[i] for i in rows), spaces=self.spaces,
                             **values)

    def index_of(self, candidate_id: Hashable) -> int | None:
        """The row of a candidate, or None when the pool does not hold it."""
        return self._index.get(candidate_id)

    def indices_of(self, candidate_ids: Iterable[Hashable]) -> np.ndarray:
        """Rows of the candidates the pool holds (others are left out)."""
        rows = (self._index.get(candidate) for candidate in candidate_ids)
        return np.array(sorted({row for row in rows if row is not None}), dtype=np.int64)

    @classmethod
    def from_records(cls, records: Iterable, spaces: Spaces) -> CandidatePool:
        """A pool from :class:`CandidateRecord` objects or dicts with the same keys.

        Raises :class:`KeyError` for an occupation, skill or language that
        ``spaces`` does not know and :class:`ValueError` for an unknown level, kind,
        day part, sector or work permission, naming the candidate.
        """
        builder = _PoolBuilder(spaces)
        for record in records:
            try:
                builder.add(record)
            except (KeyError, ValueError) as error:
                raise type(error)(f"candidate {value_of(record, 'id')!r}: {error}") from None
        return builder.build()


class _PoolBuilder:
    """Collects candidate records into lists and COO triples, then makes arrays."""

    def __init__(self, spaces: Spaces):
        self.spaces = spaces
        self.ids: list = []
        self.scalars: dict[str, list] = {name: [] for name in (
            "dutch_rank", "consent", "allowed", "pending", "latitude", "longitude",
            "max_commute_km", "wished_kinds", "hours", "availability", "available_from",
            "wished_sectors",
        )}
        self.triples: dict[str, tuple[list, list, list]] = {
            name: ([], [], []) for name in ("experience", "wished", "skills", "languages")
        }

    def add(self, record) -> None:
        row = len(self.ids)
        spaces, values, read = self.spaces, self.scalars, reader_of(record)
        dutch = level_rank(read("dutch_level", "none"))
        permission = work_permission_of(read("allowed_to_work", "yes"))
        values["dutch_rank"].append(dutch)
        values["consent"].append(bool(read("consent", False)))
        values["allowed"].append(permission != "no")
        values["pending"].append(permission == "pending")
        values["latitude"].append(number_of(read("latitude")))
        values["longitude"].append(number_of(read("longitude")))
        values["max_commute_km"].append(number_of(read("max_commute_km")))
        values["wished_kinds"].append(wished_kinds_mask(read("wished_kinds", ())))
        values["hours"].append(number_of(read("hours_per_week")))
        values["availability"].append(availability_mask(read("availability", ())))
        values["available_from"].append(day_number(read("available_from")))
        values["wished_sectors"].append(
            bitmask(read("wished_sectors", ()), NACE_SECTIONS)
        )
        rows, cols, data = self.triples["experience"]
        for occupation, years in pairs_of(read("experience", ()), "occupation", "years"):
            rows.append(row)
            cols.append(spaces.occupations.index_of(occupation))
            years = number_of(years)
            data.append(0.0 if math.isnan(years) else max(years, 0.0))
        rows, cols, data = self.triples["wished"]
        for occupation in dict.fromkeys(read("wished_occupations", ())):
            rows.append(row)
            cols.append(spaces.occupations.index_of(occupation))
            data.append(1.0)
        rows, cols, data = self.triples["skills"]
        for skill in dict.fromkeys(read("skills", ())):
            rows.append(row)
            cols.append(spaces.skills.index_of(skill))
            data.append(1.0)
        languages = {
            str(code).lower(): level_rank(level)
            for code, level in pairs_of(read("languages", ()), "code", "level")
        }
        if DUTCH in spaces.languages:
            languages[DUTCH] = dutch
        rows, cols, data = self.triples["languages"]
        for code, rank in languages.items():
            if rank > 0:
                rows.append(row)
                cols.append(spaces.languages.index_of(code))
                data.append(rank)
        self.ids.append(read("id"))

    def build(self) -> CandidatePool:
        values, spaces, n = self.scalars, self.spaces, len(self.ids)

        def matrix(name: str, width: int, dtype) -> sparse.csr_matrix:
            rows, cols, data = self.triples[name]
            coo = sparse.coo_matrix(
                (np.array(data, dtype=dtype), (np.array(rows, dtype=np.int64),
                                                np.array(cols, dtype=np.int64))),
                shape=(n, width),
            )
            # the years of repeated occupations add up; other repeats keep the largest
            result = coo.tocsr() if name == "experience" else _csr_keep_max(coo)
            result.sort_indices()
            return result

        return CandidatePool(
            ids=tuple(self.ids),
            spaces=spaces,
            dutch_rank=np.array(values["dutch_rank"], dtype=np.int8),
            consent=np.array(values["consent"], dtype=bool),
            allowed_to_work=np.array(values["allowed"], dtype=bool),
            work_permission_pending=np.array(values["pending"], dtype=bool),
            latitude=np.array(values["latitude"], dtype=np.float64),
            longitude=np.array(values["longitude"], dtype=np.float64),
            max_commute_km=np.array(values["max_commute_km"], dtype=np.float64),
            wished_kinds=np.array(values["wished_kinds"], dtype=np.uint8),
            hours_wished=np.array(values["hours"], dtype=np.float64),
            availability=np.array(values["availability"], dtype=np.uint8),
            available_from=np.array(values["available_from"], dtype=np.float64),
            wished_sectors=np.array(values["wished_sectors"], dtype=np.uint32),
            experience_years=matrix("experience", len(spaces.occupations), np.float64),
            wished=matrix("wished", len(spaces.occupations), np.float64),
            skills=matrix("skills", len(spaces.skills), np.float64),
            language_rank=matrix("languages", len(spaces.languages), np.int8),
        )


def _csr_keep_max(coo: sparse.coo_matrix) -> sparse.csr_matrix:
    """A CSR matrix of ``coo`` where repeated entries keep their largest value."""
    if coo.nnz == 0:
        return coo.tocsr()
    order = np.lexsort((-coo.data.astype(np.float64), coo.col, coo.row))
    rows, cols, data = coo.row[order], coo.col[order], coo.data[order]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    return sparse.csr_matrix((data[first], (rows[first], cols[first])), shape=coo.shape)
