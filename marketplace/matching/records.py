"""Plain records and the vocabularies of matching: what a candidate or an opportunity
is before it becomes columns.

:class:`CandidateRecord` and :class:`OpportunityRecord` (or plain dicts with the same
keys) are what the pool and the opportunity table are built from (``pool.py``); the
readers here turn their loose values (level texts, dates, day parts, sectors) into the
numbers the maths reads. Unknown values become NaN (numbers) or 0 (bit masks: "no
preference" or "not known"). Dates are days since 1970-01-01. Inputs that the maths
never reads, such as gender, birth year, notes or the country where experience was
gained, have no field at all.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from marketplace.taxonomy.label_text import fold
from marketplace.taxonomy.levels import CEFR_ORDER, Cefr

KINDS = ("job", "internship", "volunteering", "training", "tryout")
"""Kinds of opportunity; a kind's index is its bit in ``wished_kinds``. The same values
as ``opportunities.vocab.OpportunityKind`` (a test keeps them equal; that package's
views must not be imported by the ranking maths)."""

KINDS_OPEN_TO_ALL = ("tryout",)
"""Kinds no candidate has to wish for (``opportunities.vocab.KINDS_OPEN_TO_ALL``): a
try-out lets anyone taste a job."""

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

_EPOCH = dt.date(1970, 1, 1).toordinal()
_RANK_OF_TEXT = {
    text: level.rank for level in CEFR_ORDER for text in (level.value, level.value.lower())
}


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


def value_of(record, name: str, default=None):
    if isinstance(record, Mapping):
        value = record.get(name, default)
    else:
        value = getattr(record, name, default)
    return default if value is None else value


def reader_of(record):
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
        mask |= bit if bit is not None else 1 << position_in(vocabulary, value)
    return mask


def wished_kinds_mask(values: Iterable[str]) -> int:
    """The :data:`KINDS` bit mask of the kinds a candidate wishes for; 0 (no wish) means
    every kind is fine. A candidate with wishes is open to :data:`KINDS_OPEN_TO_ALL`
    too, so the kind requirement never rules out a try-out.

    >>> wished_kinds_mask([]), wished_kinds_mask(["job"]) == 0b10001
    (0, True)
    """
    mask = bitmask(values, KINDS)
    return mask | bitmask(KINDS_OPEN_TO_ALL, KINDS) if mask else mask


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


def position_in(vocabulary: Sequence[str], value: str) -> int:
    text = fold(str(value)).strip()
    for position, item in enumerate(vocabulary):
        if item.lower() == text:
            return position
    raise ValueError(f"{value!r} is not one of {', '.join(vocabulary)}")


def bit_names(mask: int, vocabulary: Sequence[str]) -> tuple[str, ...]:
    """The names of the bits set in ``mask``."""
    return tuple(name for i, name in enumerate(vocabulary) if mask >> i & 1)


def number_of(value) -> float:
    if value is None or value == "":
        return math.nan
    number = float(value)
    return number if math.isfinite(number) else math.nan


def work_permission_of(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value).strip().lower()
    if text not in WORK_PERMISSION:
        raise ValueError(f"allowed_to_work is one of {', '.join(WORK_PERMISSION)}, not {value!r}")
    return text


def pairs_of(items, first: str, second: str) -> Iterable[tuple]:
    for item in items:
        if isinstance(item, tuple | list):
            yield item[0], item[1]
        else:
            yield item.get(first), item.get(second)

