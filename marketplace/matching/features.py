"""Columnar data for matching, and the features every scorer reads.

Data
----
* :class:`CandidatePool`: n candidates as arrays (one entry per candidate) and sparse
  matrices (candidates by occupations, skills, languages). Build it with
  :meth:`CandidatePool.from_records` from plain dicts or :class:`CandidateRecord`
  objects; the matrices are built from COO arrays in one go (100,000 candidates: about
  two seconds, most of it reading the Python records).
* :class:`OpportunitySpec`: one opportunity, with column numbers instead of ids.
* :class:`OpportunityTable`: many opportunities as arrays, for ranking opportunities
  for one candidate.

Unknown values are NaN (numbers) or 0 (bit masks: "no preference" or "not known").
Dates are days since 1970-01-01. Inputs that the maths never reads, such as gender,
birth year, notes or the country where experience was gained, have no field at all.

Features
--------
Every feature lies in [0, 1]; higher fits better; 0.5 means "not known" (so a missing
value neither helps nor hurts); a requirement the opportunity does not state is met
(1.0). :func:`feature_matrix` (one opportunity, many candidates) and
:func:`opportunity_feature_matrix` (one candidate, many opportunities) compute the same
:data:`FEATURE_NAMES` columns:

``occupation``
    The best of the candidate's experience entries and wished occupations: the credit
    of its relation to the opportunity's occupation (:data:`RELATION_CREDIT`) times an
    experience factor. Experience: ``0.85 + 0.15 * (1 - 2^(-years / 2))`` (0.85 for a
    few weeks, 0.925 after 2 years, 0.96 after 4: diminishing returns; years in several
    entries of one occupation add up). A wish counts as experience of 0 years. The
    factor never lets more years lift a candidate above a closer relation level
    (0.85 * 1.0 > 0.72, 0.85 * 0.72 > 0.6, 0.85 * 0.6 > 0.35, ...). 0.5 when the
    opportunity names no occupation.
``skills_required``, ``skills_advantage``
    The share of the required (must-have) and advantage (nice-to-have) skills the
    candidate has: 1 for the skill or a narrower one, 0.5 for a broader skill or a
    sibling in the ESCO hierarchy (:meth:`~marketplace.matching.spaces.SkillSpace.credit_sets`).
``dutch``
    The margin between the candidate's Dutch level and the required one:
    ``clip((margin + 2) / 4, 0, 1)``: one level below (bridged by language support)
    0.25, at the level 0.5, one above 0.75, two or more above 1.
``languages``
    Other languages the opportunity asks for: per language ``min(1, level / minimum)``,
    required languages weighing twice as much as those that are an advantage. Languages
    the opportunity does not ask for never count.
``distance``
    ``2^(-km / 10)``: 1 next door, 0.5 at 10 km, 0.25 at 20 km (great-circle distance
    between the postcodes' points).
``hours``
    ``1 - |wished - offered| / max(wished, offered)`` hours per week.
``schedule``
    The share of the opportunity's day parts (:data:`DAY_PARTS`) the candidate can work.
``sector``
    1 when the opportunity's NACE section is among the candidate's wished sectors, 0
    when the candidate wished other sectors.
``start_date``
    1 when the candidate is available on the start date, then ``2^(-days late / 30)``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from marketplace.matching.spaces import RELATION_LEVELS, Spaces
from marketplace.taxonomy.labelindex import fold
from marketplace.taxonomy.levels import CEFR_ORDER, Cefr

KINDS = ("job", "internship", "volunteering")
"""Kinds of opportunity; a kind's index is its bit in ``wished_kinds``."""

DAY_PARTS = ("day", "evening", "night", "weekend", "shifts")
"""When work happens: an opportunity's schedule and a candidate's availability are bit
masks over these (bit i = ``DAY_PARTS[i]``). ``shifts`` means rotating shifts."""

CANDIDATE_DAY_PARTS = ("morning", "afternoon", "evening", "night", "weekend")
"""How coaches record when a candidate can work; :func:`availability_mask` maps them
onto :data:`DAY_PARTS`: ``day`` when available mornings or afternoons, ``evening``,
``night`` and ``weekend`` as such, and ``shifts`` when available both mornings and
evenings (early and late shifts). Plural forms (``mornings``) are accepted."""

NACE_SECTIONS = tuple("ABCDEFGHIJKLMNOPQRSTU")
"""The 21 NACE Rev. 2 sections; a section's index is its bit in ``wished_sectors``."""

_BITS = {
    vocabulary: {
        form: 1 << i for i, name in enumerate(vocabulary) for form in (name, name.lower())
    }
    for vocabulary in (KINDS, DAY_PARTS, NACE_SECTIONS)
}

WORK_PERMISSION = ("yes", "pending", "no")
"""Whether a candidate may work in Belgium. ``pending`` (a request being handled)
counts as allowed: the hard requirement excludes only ``no``; the pool keeps
``work_permission_pending`` so that explanations can ask the coach to check."""

DUTCH = "nl"
"""The language code of Dutch: a candidate's ``dutch_level`` is also their ``nl`` rank."""

FEATURE_NAMES = (
    "occupation",
    "skills_required",
    "skills_advantage",
    "dutch",
    "languages",
    "distance",
    "hours",
    "schedule",
    "sector",
    "start_date",
)
"""The columns of every feature matrix, in order."""

NEUTRAL = 0.5
"""The value of a feature that cannot be known for a pair."""

RELATION_CREDIT = np.array([0.0, 0.15, 0.35, 0.6, 0.72, 1.0])
"""Occupation credit per relation level (indexed like
:data:`~marketplace.matching.spaces.RELATION_LEVELS`: none, isco2, isco3, isco4,
esco_family, same)."""

EXPERIENCE_BASE = 0.85
"""The experience factor of an entry with 0 years (and of a wish)."""

EXPERIENCE_HALF_LIFE_YEARS = 2.0
"""Years after which half of the remaining experience bonus is earned."""

DISTANCE_HALF_KM = 10.0
START_HALF_DAYS = 30.0
REQUIRED_LANGUAGE_WEIGHT = 2.0
ADVANTAGE_LANGUAGE_WEIGHT = 1.0
PARTIAL_SKILL_CREDIT = 0.5

_EPOCH = dt.date(1970, 1, 1).toordinal()
_RANK_OF_TEXT = {
    text: level.rank for level in CEFR_ORDER for text in (level.value, level.value.lower())
}
_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.float64)
_EARTH_RADIUS_KM = 6371.0088

assert tuple(RELATION_LEVELS) == ("none", "isco2", "isco3", "isco4", "esco_family", "same")


# -- plain records ---------------------------------------------------------------------


@dataclass
class CandidateRecord:
    """One candidate as plain Python, for :meth:`CandidatePool.from_records` (a dict
    with the same keys works too).

    ``experience`` holds ``(occupation id, years)`` pairs (or dicts with ``occupation``
    and ``years``); ``languages`` holds ``(code, level)`` pairs (or dicts with ``code``
    and ``level``). Ids are those of the :class:`~marketplace.matching.spaces.Spaces`.
    """

    id: Hashable
    dutch_level: str = "none"
    consent: bool = False
    allowed_to_work: str | bool = "yes"
    latitude: float | None = None
    longitude: float | None = None
    max_commute_km: float | None = None
    wished_kinds: Iterable[str] = ()
    hours_per_week: float | None = None
    availability: Iterable[str] = ()
    """Day parts in :data:`DAY_PARTS` or :data:`CANDIDATE_DAY_PARTS` (mapped by
    :func:`availability_mask`); empty when not known."""
    available_from: dt.date | str | None = None
    wished_sectors: Iterable[str] = ()
    experience: Iterable = ()
    wished_occupations: Iterable[Hashable] = ()
    skills: Iterable[Hashable] = ()
    languages: Iterable = ()


@dataclass
class OpportunityRecord:
    """One opportunity as plain Python, for :meth:`OpportunitySpec.from_record` (a dict
    with the same keys works too).

    ``languages`` holds ``(code, level, required)`` triples (or dicts with ``code``,
    ``level`` and ``required``): other languages the opportunity asks for.
    ``already_proposed`` holds the ids of candidates already proposed or placed there.
    """

    id: Hashable
    kind: str = "job"
    occupation: Hashable | None = None
    dutch_level: str = "none"
    language_support: bool = False
    latitude: float | None = None
    longitude: float | None = None
    hours_per_week: float | None = None
    schedule: Iterable[str] = ()
    starts_on: dt.date | str | None = None
    sector: str | None = None
    skills_required: Iterable[Hashable] = ()
    skills_advantage: Iterable[Hashable] = ()
    languages: Iterable = ()
    already_proposed: Iterable[Hashable] = ()


def _get(record, name: str, default=None):
    if isinstance(record, Mapping):
        value = record.get(name, default)
    else:
        value = getattr(record, name, default)
    return default if value is None else value


def _reader(record):
    """``read(name, default)`` for a dict-like or attribute record (None → default)."""
    if isinstance(record, dict | Mapping):
        get = record.get
    else:
        def get(name, default=None):
            return getattr(record, name, default)

    def read(name: str, default=None):
        value = get(name)
        return default if value is None else value

    return read


# -- conversions -----------------------------------------------------------------------


def level_rank(level) -> int:
    """The rank of a CEFR level: ``"none"`` 0, ``"A1"`` 1 ... ``"C2"`` 6 (an int or a
    :class:`~marketplace.taxonomy.levels.Cefr` works too; None is 0)."""
    if level is None:
        return 0
    if isinstance(level, str) and level in _RANK_OF_TEXT:
        return _RANK_OF_TEXT[level]
    if isinstance(level, Cefr):
        return level.rank
    if isinstance(level, int | np.integer):
        if not 0 <= level < len(CEFR_ORDER):
            raise ValueError(f"a CEFR rank lies between 0 and 6, not {level}")
        return int(level)
    text = str(level).strip()
    return Cefr(text if text.lower() == "none" else text.upper()).rank


def day_number(value) -> float:
    """Days since 1970-01-01 of a date (or ISO ``YYYY-MM-DD`` text); NaN for None."""
    if value is None or value == "":
        return math.nan
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.date):
        return float(value.toordinal() - _EPOCH)
    return float(value)


def date_of(day: float) -> dt.date | None:
    """The date of a day number (:func:`day_number`); None for NaN."""
    if day is None or math.isnan(day):
        return None
    return dt.date.fromordinal(int(day) + _EPOCH)


def bitmask(values: Iterable[str], vocabulary: Sequence[str]) -> int:
    """The bit mask of ``values`` (case-insensitive) over ``vocabulary``."""
    bits = _BITS.get(tuple(vocabulary))
    mask = 0
    for value in values:
        bit = bits.get(value) if bits is not None else None
        mask |= bit if bit is not None else 1 << _position(vocabulary, value)
    return mask


def availability_mask(values: Iterable[str]) -> int:
    """The :data:`DAY_PARTS` bit mask of a candidate's availability, given in
    :data:`DAY_PARTS`, in :data:`CANDIDATE_DAY_PARTS` (see there) or a mix."""
    names = set()
    for value in values:
        name = fold(str(value)).strip()
        names.add(name[:-1] if name.endswith("s") and name != "shifts" else name)
    mask = bitmask(names & set(DAY_PARTS), DAY_PARTS)
    unknown = names - set(DAY_PARTS) - set(CANDIDATE_DAY_PARTS)
    if unknown:
        raise ValueError(f"{sorted(unknown)[0]!r} is not one of "
                         f"{', '.join(DAY_PARTS + CANDIDATE_DAY_PARTS)}")
    if names & {"morning", "afternoon"}:
        mask |= 1 << DAY_PARTS.index("day")
    if {"morning", "evening"} <= names:
        mask |= 1 << DAY_PARTS.index("shifts")
    return mask


def _position(vocabulary: Sequence[str], value: str) -> int:
    text = fold(str(value)).strip()
    for position, item in enumerate(vocabulary):
        if item.lower() == text:
            return position
    raise ValueError(f"{value!r} is not one of {', '.join(vocabulary)}")


def bit_names(mask: int, vocabulary: Sequence[str]) -> tuple[str, ...]:
    """The names of the bits set in ``mask``."""
    return tuple(name for i, name in enumerate(vocabulary) if mask >> i & 1)


def _number(value) -> float:
    if value is None or value == "":
        return math.nan
    number = float(value)
    return number if math.isfinite(number) else math.nan


def _work_permission(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value).strip().lower()
    if text not in WORK_PERMISSION:
        raise ValueError(f"allowed_to_work is one of {', '.join(WORK_PERMISSION)}, not {value!r}")
    return text


def _pairs(items, first: str, second: str) -> Iterable[tuple]:
    for item in items:
        if isinstance(item, tuple | list):
            yield item[0], item[1]
        else:
            yield item.get(first), item.get(second)


def experience_factor(years: np.ndarray | float) -> np.ndarray | float:
    """``0.85 + 0.15 * (1 - 2^(-years / 2))``: the weight of an experience entry."""
    years = np.maximum(np.nan_to_num(years, nan=0.0), 0.0)
    return EXPERIENCE_BASE + (1.0 - EXPERIENCE_BASE) * (
        1.0 - np.exp2(-years / EXPERIENCE_HALF_LIFE_YEARS)
    )


# -- candidates ------------------------------------------------------------------------


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
                raise type(error)(f"candidate {_get(record, 'id')!r}: {error}") from None
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
        spaces, values, read = self.spaces, self.scalars, _reader(record)
        dutch = level_rank(read("dutch_level", "none"))
        permission = _work_permission(read("allowed_to_work", "yes"))
        values["dutch_rank"].append(dutch)
        values["consent"].append(bool(read("consent", False)))
        values["allowed"].append(permission != "no")
        values["pending"].append(permission == "pending")
        values["latitude"].append(_number(read("latitude")))
        values["longitude"].append(_number(read("longitude")))
        values["max_commute_km"].append(_number(read("max_commute_km")))
        values["wished_kinds"].append(bitmask(read("wished_kinds", ()), KINDS))
        values["hours"].append(_number(read("hours_per_week")))
        values["availability"].append(availability_mask(read("availability", ())))
        values["available_from"].append(day_number(read("available_from")))
        values["wished_sectors"].append(
            bitmask(read("wished_sectors", ()), NACE_SECTIONS)
        )
        rows, cols, data = self.triples["experience"]
        for occupation, years in _pairs(read("experience", ()), "occupation", "years"):
            rows.append(row)
            cols.append(spaces.occupations.index_of(occupation))
            years = _number(years)
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
            for code, level in _pairs(read("languages", ()), "code", "level")
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


# -- opportunities ---------------------------------------------------------------------


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
            raise type(error)(f"opportunity {_get(record, 'id')!r}: {error}") from None

    @classmethod
    def _from_record(cls, record, spaces: Spaces) -> OpportunitySpec:
        occupation = _get(record, "occupation")
        sector = _get(record, "sector")
        required = list(dict.fromkeys(_get(record, "skills_required", ())))
        advantage = [s for s in dict.fromkeys(_get(record, "skills_advantage", ()))
                     if s not in required]  # a skill listed as both is required
        languages: dict[int, tuple[int, bool]] = {}
        for item in _get(record, "languages", ()):
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
            id=_get(record, "id"),
            kind=_position(KINDS, _get(record, "kind", "job")),
            occupation=-1 if occupation is None else spaces.occupations.index_of(occupation),
            dutch_rank=level_rank(_get(record, "dutch_level", "none")),
            language_support=bool(_get(record, "language_support", False)),
            latitude=_number(_get(record, "latitude")),
            longitude=_number(_get(record, "longitude")),
            hours=_number(_get(record, "hours_per_week")),
            schedule=bitmask(_get(record, "schedule", ()), DAY_PARTS),
            starts_on=day_number(_get(record, "starts_on")),
            sector=-1 if not sector else _position(NACE_SECTIONS, sector),
            skills_required=spaces.skills.indices_of(required),
            skills_advantage=spaces.skills.indices_of(advantage),
            languages=np.array(columns, dtype=np.int64),
            language_min_rank=np.array([languages[c][0] for c in columns], dtype=np.int8),
            language_required=np.array([languages[c][1] for c in columns], dtype=bool),
            already_proposed=frozenset(_get(record, "already_proposed", ())),
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

    def __post_init__(self):
        proposed: dict[Hashable, list[int]] = {}
        for row, spec in enumerate(self.specs):
            for candidate in spec.already_proposed:
                proposed.setdefault(candidate, []).append(row)
        self._proposed_rows = {
            candidate: np.array(rows, dtype=np.int64) for candidate, rows in proposed.items()
        }

    def __len__(self) -> int:
        return len(self.specs)

    @property
    def ids(self) -> tuple:
        return tuple(spec.id for spec in self.specs)

    def proposed_rows(self, candidate_id: Hashable) -> np.ndarray:
        """Rows of the opportunities where the candidate was already proposed or placed."""
        return self._proposed_rows.get(candidate_id, np.empty(0, dtype=np.int64))

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


# -- features, one value per pair (numpy broadcasting: scalars or arrays) ---------------


def unit_vectors(latitude, longitude) -> np.ndarray:
    """Points on the unit sphere (first axis: x, y, z) of latitudes and longitudes in
    degrees; NaN where unknown."""
    phi, lam = np.radians(latitude), np.radians(longitude)
    cos_phi = np.cos(phi)
    return np.stack([cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)])


def _arc_km(points: np.ndarray, x: float, y: float, z: float) -> np.ndarray:
    """Great-circle km from each of ``points`` (3 by n) to the unit vector (x, y, z):
    the arc of the chord, which is exact and cheaper than the haversine formula."""
    chord = np.subtract(points[0], x)
    chord *= chord
    for axis, value in ((1, y), (2, z)):
        delta = points[axis] - value
        delta *= delta
        chord += delta
    np.sqrt(chord, out=chord)
    chord *= 0.5
    np.minimum(chord, 1.0, out=chord)
    np.arcsin(chord, out=chord)
    chord *= 2.0 * _EARTH_RADIUS_KM
    return chord


def great_circle_km(latitude_a, longitude_a, latitude_b, longitude_b):
    """Great-circle distance in km between points given in degrees; NaN where a point
    is unknown. Works on scalars and arrays alike."""
    latitude_a, longitude_a, latitude_b, longitude_b = np.broadcast_arrays(
        latitude_a, longitude_a, latitude_b, longitude_b
    )
    a, b = unit_vectors(latitude_a, longitude_a), unit_vectors(latitude_b, longitude_b)
    chord = np.sqrt(((a - b) ** 2).sum(axis=0))
    return 2.0 * _EARTH_RADIUS_KM * np.arcsin(np.minimum(chord * 0.5, 1.0))


def dutch_fit(candidate_rank, required_rank):
    """``clip((margin + 2) / 4, 0, 1)`` of the Dutch margin in CEFR levels."""
    margin = np.asarray(candidate_rank, dtype=np.float64) - required_rank
    return np.clip((margin + 2.0) / 4.0, 0.0, 1.0)


def distance_fit(km):
    """``2^(-km / 10)``; 0.5 where the distance is not known."""
    fit = np.exp2(np.asarray(km, dtype=np.float64) / -DISTANCE_HALF_KM)
    return np.where(np.isnan(fit), NEUTRAL, fit)


def hours_fit(wished, offered):
    """``1 - |wished - offered| / max(wished, offered)``; 0.5 where one is unknown."""
    wished = np.asarray(wished, dtype=np.float64)
    offered = np.asarray(offered, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        fit = 1.0 - np.abs(wished - offered) / np.maximum(wished, offered)
    return np.where((wished > 0) & (offered > 0), fit, NEUTRAL)  # False for NaN


def schedule_fit(availability, schedule):
    """Share of the schedule's day parts in the availability; 1 when the opportunity
    states no schedule, 0.5 when the candidate's availability is not known."""
    availability = np.asarray(availability, dtype=np.uint8)
    schedule = np.asarray(schedule, dtype=np.uint8)
    if schedule.ndim == 0 and schedule == 0:
        return np.ones(availability.shape)
    wanted = _POPCOUNT[schedule]
    covered = _POPCOUNT[availability & schedule] / np.maximum(wanted, 1.0)
    return np.where(wanted == 0, 1.0, np.where(availability == 0, NEUTRAL, covered))


def sector_fit(wished_sectors, sector):
    """1 when the sector is wished, 0 when other sectors are, 0.5 when there is no
    wish or the sector is not known."""
    wished_sectors = np.asarray(wished_sectors, dtype=np.uint32)
    sector = np.asarray(sector, dtype=np.int64)
    if sector.ndim == 0 and sector < 0:
        return np.full(wished_sectors.shape, NEUTRAL)
    known = (wished_sectors != 0) & (sector >= 0)
    bit = np.left_shift(np.uint32(1), np.maximum(sector, 0).astype(np.uint32))
    return np.where(known, (wished_sectors & bit != 0).astype(np.float64), NEUTRAL)


def start_fit(available_from, starts_on):
    """1 when available by the start, ``2^(-days late / 30)`` after; 0.5 if unknown."""
    late = np.asarray(available_from, dtype=np.float64) - starts_on
    fit = np.exp2(np.maximum(late, 0.0) / -START_HALF_DAYS)  # NaN stays NaN
    return np.where(np.isnan(fit), NEUTRAL, fit)


# -- feature matrices ------------------------------------------------------------------


def candidate_distances(pool: CandidatePool, opportunity: OpportunitySpec,
                        rows: np.ndarray | None = None) -> np.ndarray:
    """Great-circle km from the opportunity to each candidate (all, or ``rows``)."""
    points = pool._points if rows is None else pool._points[:, rows]
    x, y, z = unit_vectors(opportunity.latitude, opportunity.longitude)
    return _arc_km(points, float(x), float(y), float(z))


def feature_matrix(
    pool: CandidatePool,
    opportunity: OpportunitySpec,
    candidate_indices: np.ndarray | None = None,
    *,
    distances_km: np.ndarray | None = None,
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Features of one opportunity against candidates: all of them (``None``) or the
    rows ``candidate_indices``. Returns ``(X, FEATURE_NAMES)`` with X of shape
    (candidates, features), float64. ``distances_km`` (for the same rows) saves
    computing them twice."""
    rows = None if candidate_indices is None else np.asarray(candidate_indices, dtype=np.int64)
    pick = slice(None) if rows is None else rows
    n = len(pool) if rows is None else len(rows)
    if distances_km is None:
        distances_km = candidate_distances(pool, opportunity, rows)
    X = np.empty((n, len(FEATURE_NAMES)), dtype=np.float64, order="F")
    X[:, 0] = _occupation_for_candidates(pool, opportunity, rows)
    X[:, 1] = _skill_coverage(pool, opportunity.skills_required, rows)
    X[:, 2] = _skill_coverage(pool, opportunity.skills_advantage, rows)
    X[:, 4] = _language_coverage(pool, opportunity, rows)
    if rows is None:
        _fill_simple_features(X, pool, opportunity, distances_km)
    else:
        X[:, 3] = dutch_fit(pool.dutch_rank[pick], opportunity.dutch_rank)
        X[:, 5] = distance_fit(distances_km)
        X[:, 6] = hours_fit(pool.hours_wished[pick], opportunity.hours)
        X[:, 7] = schedule_fit(pool.availability[pick], opportunity.schedule)
        X[:, 8] = sector_fit(pool.wished_sectors[pick], opportunity.sector)
        X[:, 9] = start_fit(pool.available_from[pick], opportunity.starts_on)
    return X, FEATURE_NAMES


def _fill_simple_features(X, pool, opportunity, distances_km) -> None:
    """Columns ``dutch`` and ``distance`` to ``start_date`` for every candidate: the
    same values as :func:`dutch_fit` ... :func:`start_fit`, computed in place with the
    pool's precomputed parts (the hot path of :func:`rank_candidates`)."""
    dutch, distance, hours, schedule, sector, start = (X[:, j] for j in (3, 5, 6, 7, 8, 9))
    np.subtract(pool._dutch, opportunity.dutch_rank - 2.0, out=dutch)
    dutch *= 0.25
    np.clip(dutch, 0.0, 1.0, out=dutch)
    if math.isnan(opportunity.latitude) or math.isnan(opportunity.longitude):
        distance.fill(NEUTRAL)
    else:
        np.multiply(distances_km, -1.0 / DISTANCE_HALF_KM, out=distance)
        np.exp2(distance, out=distance)
        np.copyto(distance, NEUTRAL, where=pool._point_unknown)
    if not opportunity.hours > 0:
        hours.fill(NEUTRAL)
    else:
        np.subtract(pool._hours_safe, opportunity.hours, out=hours)
        np.abs(hours, out=hours)
        hours /= np.maximum(pool._hours_safe, opportunity.hours)
        np.subtract(1.0, hours, out=hours)
        np.copyto(hours, NEUTRAL, where=pool._hours_unknown)
    if opportunity.schedule == 0:
        schedule.fill(1.0)
    else:
        np.take(_POPCOUNT, pool.availability & np.uint8(opportunity.schedule), out=schedule)
        schedule *= 1.0 / _POPCOUNT[opportunity.schedule]
        np.copyto(schedule, NEUTRAL, where=pool._availability_unknown)
    if opportunity.sector < 0:
        sector.fill(NEUTRAL)
    else:
        sector[:] = (pool.wished_sectors >> np.uint32(opportunity.sector)) & np.uint32(1)
        np.copyto(sector, NEUTRAL, where=pool._sectors_unknown)
    if math.isnan(opportunity.starts_on):
        start.fill(NEUTRAL)
    else:
        np.subtract(pool._available_safe, opportunity.starts_on, out=start)
        np.maximum(start, 0.0, out=start)
        start *= -1.0 / START_HALF_DAYS
        np.exp2(start, out=start)
        np.copyto(start, NEUTRAL, where=pool._available_unknown)


def _slice_positions(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Positions ``starts[j] + 0 .. lengths[j] - 1`` of every slice j, concatenated."""
    total = int(lengths.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    offsets = starts - np.cumsum(lengths) + lengths
    return np.repeat(offsets, lengths) + np.arange(total)


def _occupation_for_candidates(pool, opportunity, rows) -> np.ndarray:
    n = len(pool)
    if opportunity.occupation < 0:
        return np.full(n if rows is None else len(rows), NEUTRAL)
    credit = RELATION_CREDIT[pool.spaces.occupations.relation_levels(opportunity.occupation)]
    related = np.flatnonzero(credit)
    by_occupation = pool._credit_by_occupation
    starts = by_occupation.indptr[related]
    lengths = by_occupation.indptr[related + 1] - starts
    positions = _slice_positions(starts, lengths)
    values = by_occupation.data[positions] * np.repeat(credit[related], lengths)
    best = np.zeros(n)
    np.maximum.at(best, by_occupation.indices[positions], values)
    return best if rows is None else best[rows]


def _column_rows(matrix: sparse.csc_matrix, columns: np.ndarray) -> np.ndarray:
    """Rows that hold an entry in any of ``columns`` of a CSC matrix."""
    starts = matrix.indptr[columns]
    return matrix.indices[_slice_positions(starts, matrix.indptr[columns + 1] - starts)]


def _skill_coverage(pool, skills: np.ndarray, rows) -> np.ndarray:
    n = len(pool)
    if len(skills) == 0:
        return np.ones(n if rows is None else len(rows))
    total = np.zeros(n)
    credit = np.empty(n)
    for skill in skills:
        sets = pool.spaces.skills.credit_sets(int(skill))
        credit.fill(0.0)
        credit[_column_rows(pool.skills_by_skill, sets.partial)] = PARTIAL_SKILL_CREDIT
        credit[_column_rows(pool.skills_by_skill, sets.full)] = 1.0
        total += credit
    total /= len(skills)
    return total if rows is None else total[rows]


def _language_coverage(pool, opportunity, rows) -> np.ndarray:
    n = len(pool)
    if len(opportunity.languages) == 0:
        return np.ones(n if rows is None else len(rows))
    total, weights = np.zeros(n), 0.0
    by_language = pool.language_rank_by_language
    for column, minimum, required in zip(
        opportunity.languages, opportunity.language_min_rank, opportunity.language_required,
        strict=True,
    ):
        start, end = by_language.indptr[column], by_language.indptr[column + 1]
        weight = REQUIRED_LANGUAGE_WEIGHT if required else ADVANTAGE_LANGUAGE_WEIGHT
        total[by_language.indices[start:end]] += weight * np.minimum(
            by_language.data[start:end] / float(minimum), 1.0
        )
        weights += weight
    total /= weights
    return total if rows is None else total[rows]


def opportunity_feature_matrix(
    pool: CandidatePool,
    candidate_index: int,
    table: OpportunityTable,
    opportunity_indices: np.ndarray | None = None,
    *,
    distances_km: np.ndarray | None = None,
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Features of one candidate (row ``candidate_index`` of ``pool``) against the
    opportunities of ``table`` (all, or the rows ``opportunity_indices``): the same
    columns as :func:`feature_matrix`, one row per opportunity."""
    rows = (np.arange(len(table)) if opportunity_indices is None
            else np.asarray(opportunity_indices, dtype=np.int64))
    i = candidate_index
    if distances_km is None:
        distances_km = opportunity_distances(pool, i, table, rows)
    X = np.empty((len(rows), len(FEATURE_NAMES)), dtype=np.float64)
    X[:, 0] = _occupation_for_opportunities(pool, i, table, rows)
    credit = _skill_credit_of_candidate(pool, i)
    X[:, 1] = _coverage_per_row(table.skills_required[rows], credit)
    X[:, 2] = _coverage_per_row(table.skills_advantage[rows], credit)
    X[:, 3] = dutch_fit(pool.dutch_rank[i], table.dutch_rank[rows])
    X[:, 4] = _language_coverage_per_row(pool, i, table, rows)
    X[:, 5] = distance_fit(distances_km)
    X[:, 6] = hours_fit(pool.hours_wished[i], table.hours[rows])
    X[:, 7] = schedule_fit(pool.availability[i], table.schedule[rows])
    X[:, 8] = sector_fit(pool.wished_sectors[i], table.sector[rows])
    X[:, 9] = start_fit(pool.available_from[i], table.starts_on[rows])
    return X, FEATURE_NAMES


def opportunity_distances(pool: CandidatePool, candidate_index: int, table: OpportunityTable,
                          rows: np.ndarray | None = None) -> np.ndarray:
    """Great-circle km from one candidate to each opportunity (all, or ``rows``)."""
    pick = slice(None) if rows is None else rows
    return great_circle_km(pool.latitude[candidate_index], pool.longitude[candidate_index],
                           table.latitude[pick], table.longitude[pick])


def _occupation_for_opportunities(pool, i, table, rows) -> np.ndarray:
    space = pool.spaces.occupations
    credit_row = pool.occupation_credit[i]
    occupations = table.occupation[rows]
    known = occupations >= 0
    targets = np.where(known, occupations, 0)
    best = np.zeros(len(rows))
    for column, factor in zip(credit_row.indices, credit_row.data, strict=True):
        level = np.zeros(len(rows), dtype=np.int8)
        level[space.isco2[targets] == space.isco2[column]] = 1
        level[space.isco3[targets] == space.isco3[column]] = 2
        level[space.isco4[targets] == space.isco4[column]] = 3
        level[space.esco_family[targets] == space.esco_family[column]] = 4
        level[targets == column] = 5
        np.maximum(best, RELATION_CREDIT[level] * factor, out=best)
    return np.where(known, best, NEUTRAL)


def _skill_credit_of_candidate(pool, i) -> np.ndarray:
    """Per skill of the space: how well candidate ``i`` meets it as a requirement
    (1 fully, 0.5 partly, 0), the mirror image of ``SkillSpace.credit_sets``."""
    space = pool.spaces.skills
    credit = np.zeros(len(space))
    own = pool.skills.indices[pool.skills.indptr[i]:pool.skills.indptr[i + 1]]
    for skill in own:
        for parent in space.parents[skill]:  # a sibling or a broader skill of ours
            credit[list(space.children[parent])] = PARTIAL_SKILL_CREDIT
        credit[list(space.children[skill])] = PARTIAL_SKILL_CREDIT
    for skill in own:  # ours and every broader skill are fully met
        stack = [int(skill)]
        while stack:
            current = stack.pop()
            if credit[current] < 1.0:
                credit[current] = 1.0
                stack.extend(space.parents[current])
    return credit


def _coverage_per_row(required: sparse.csr_matrix, credit: np.ndarray) -> np.ndarray:
    counts = np.diff(required.indptr)
    met = required @ credit
    return np.where(counts == 0, 1.0, met / np.maximum(counts, 1))


def _language_coverage_per_row(pool, i, table, rows) -> np.ndarray:
    ranks = np.zeros(len(pool.spaces.languages))
    own = slice(pool.language_rank.indptr[i], pool.language_rank.indptr[i + 1])
    ranks[pool.language_rank.indices[own]] = pool.language_rank.data[own]
    minimum, weight = table.language_min_rank[rows], table.language_weight[rows]
    met = weight.copy()
    met.data = weight.data * np.minimum(ranks[minimum.indices] / minimum.data, 1.0)
    total = np.asarray(weight.sum(axis=1)).ravel()
    return np.where(total == 0, 1.0, np.asarray(met.sum(axis=1)).ravel() / np.maximum(total, 1))
