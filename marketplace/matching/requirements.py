"""Hard requirements: what keeps a candidate-opportunity pair out of the default list.

A pair that fails one or more of these is not suggested; on request it is shown as a
*near miss* with the requirements it fails named (:data:`HARD_REQUIREMENTS`):

``consent``
    The candidate has no active consent to be matched.
``kind``
    The candidate named the kinds of opportunity they want (job, internship,
    volunteering) and this opportunity's kind is not among them.
``dutch_level``
    The candidate's Dutch is below the required level. One level below is accepted when
    the employer offers language support (none < A1 < A2 < B1 < B2 < C1 < C2).
``distance``
    The great-circle distance between the two postcodes' points is more than the
    candidate's maximum commute. Without a maximum, or without a known point on either
    side, this requirement is met.
``allowed_to_work``
    The candidate may not work (``allowed_to_work`` is ``no``; ``pending`` is allowed).
``already_proposed``
    The candidate was already proposed or placed there.
``working_time``
    The candidate's day parts share none with what the opportunity's working time
    needs (:func:`working_time_overlaps`). Partial overlap only lowers the score; no
    day parts recorded, or no working time stated, meets it.

Everything else (hours, how much of the working time fits, start date, skills, other
languages, sector) only moves the score: a missing must-have skill never excludes.
Unmet requirements are bit masks: bit i is ``HARD_REQUIREMENTS[i]``.
"""

from __future__ import annotations

import numpy as np

from marketplace.matching.opportunity_table import OpportunitySpec, OpportunityTable
from marketplace.matching.pool import CandidatePool
from marketplace.matching.records import DAY_PARTS

HARD_REQUIREMENTS = (
    "consent",
    "kind",
    "dutch_level",
    "distance",
    "allowed_to_work",
    "already_proposed",
    "working_time",
)
CONSENT, KIND, DUTCH_LEVEL, DISTANCE, ALLOWED_TO_WORK, ALREADY_PROPOSED, WORKING_TIME = (
    np.uint8(1 << i) for i in range(len(HARD_REQUIREMENTS))
)

_DAY, _EVENING, _SHIFTS = (np.uint8(1 << DAY_PARTS.index(part))
                           for part in ("day", "evening", "shifts"))

_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.int8)


def dutch_accepted(candidate_rank, required_rank, language_support):
    """True where the candidate's Dutch meets the requirement (one level below is
    enough with language support). Works on scalars and arrays."""
    return np.asarray(candidate_rank) >= np.asarray(required_rank) - np.asarray(
        language_support, dtype=np.int8
    )


def working_time_overlaps(availability, schedule):
    """True where a candidate's availability shares a day part with what a working time
    needs (arrays or scalars of :data:`~marketplace.matching.records.DAY_PARTS` bit
    masks; 0 on either side means no limit).

    A day job needs mornings or afternoons (the ``day`` bit), shift work mornings,
    afternoons or evenings: so ``shifts`` on one side meets ``day`` or ``evening`` on the
    other, and the other parts (evening, night, weekend) meet only themselves.
    """
    availability = np.asarray(availability, dtype=np.uint8)
    schedule = np.asarray(schedule, dtype=np.uint8)
    widened = availability | np.where(availability & (_DAY | _EVENING), _SHIFTS, 0).astype(
        np.uint8)
    widened |= np.where(availability & _SHIFTS, _DAY | _EVENING, 0).astype(np.uint8)
    return (availability == 0) | (schedule == 0) | (widened & schedule != 0)


def unmet_for_candidates(
    pool: CandidatePool, opportunity: OpportunitySpec, distances_km: np.ndarray
) -> np.ndarray:
    """Per candidate, the bit mask of the requirements of ``opportunity`` it fails
    (uint8; 0 = eligible). ``distances_km`` holds every candidate's distance."""
    kind_bit = np.uint8(1 << opportunity.kind)
    unmet = _flag(~pool.consent, CONSENT)
    unmet |= _flag((pool.wished_kinds != 0) & (pool.wished_kinds & kind_bit == 0), KIND)
    unmet |= _flag(~dutch_accepted(pool.dutch_rank, opportunity.dutch_rank,
                                   opportunity.language_support), DUTCH_LEVEL)
    unmet |= _flag(distances_km > pool.max_commute_km, DISTANCE)  # False where NaN
    unmet |= _flag(~pool.allowed_to_work, ALLOWED_TO_WORK)
    unmet |= _flag(~working_time_overlaps(pool.availability, opportunity.schedule),
                   WORKING_TIME)
    unmet[pool.indices_of(opportunity.already_proposed)] |= ALREADY_PROPOSED
    return unmet


def _flag(condition: np.ndarray, bit: np.uint8) -> np.ndarray:
    """``bit`` where ``condition`` holds, else 0 (uint8)."""
    return condition.view(np.uint8) * bit


def unmet_for_opportunities(
    pool: CandidatePool, candidate_index: int, table: OpportunityTable,
    distances_km: np.ndarray,
) -> np.ndarray:
    """Per opportunity of ``table``, the bit mask of its requirements that candidate
    ``candidate_index`` fails. ``distances_km`` holds every opportunity's distance."""
    i = candidate_index
    unmet = np.zeros(len(table), dtype=np.uint8)
    if not pool.consent[i]:
        unmet |= CONSENT
    if not pool.allowed_to_work[i]:
        unmet |= ALLOWED_TO_WORK
    wished_kinds = int(pool.wished_kinds[i])
    if wished_kinds:
        unmet[(np.left_shift(1, table.kind.astype(np.int64)) & wished_kinds) == 0] |= KIND
    unmet[~dutch_accepted(pool.dutch_rank[i], table.dutch_rank, table.language_support)] |= (
        DUTCH_LEVEL
    )
    unmet[distances_km > pool.max_commute_km[i]] |= DISTANCE
    unmet[~working_time_overlaps(pool.availability[i], table.schedule)] |= WORKING_TIME
    unmet[table.proposed_rows(pool.ids[i])] |= ALREADY_PROPOSED
    return unmet


def unmet_count(unmet: np.ndarray) -> np.ndarray:
    """How many requirements each bit mask fails."""
    return _POPCOUNT[unmet]


def unmet_names(mask: int) -> tuple[str, ...]:
    """The names of the requirements in one bit mask, in :data:`HARD_REQUIREMENTS` order."""
    return tuple(name for i, name in enumerate(HARD_REQUIREMENTS) if int(mask) >> i & 1)
