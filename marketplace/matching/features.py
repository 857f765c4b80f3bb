"""The features every scorer reads, one value per candidate-opportunity pair.

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
"""

from __future__ import annotations

import math

import numpy as np
from scipy import sparse

from marketplace.matching.geometry import arc_km, great_circle_km, unit_vectors
from marketplace.matching.opportunity_table import OpportunitySpec, OpportunityTable
from marketplace.matching.pool import (
    ADVANTAGE_LANGUAGE_WEIGHT,
    REQUIRED_LANGUAGE_WEIGHT,
    CandidatePool,
)
from marketplace.matching.spaces import RELATION_LEVELS

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


DISTANCE_HALF_KM = 10.0
START_HALF_DAYS = 30.0
PARTIAL_SKILL_CREDIT = 0.5

assert tuple(RELATION_LEVELS) == ("none", "isco2", "isco3", "isco4", "esco_family", "same")
_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.float64)




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
    return arc_km(points, float(x), float(y), float(z))


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
