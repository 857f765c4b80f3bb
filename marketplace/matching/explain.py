"""Why a suggestion: structured reasons, never text.

The app renders each :class:`Reason` in Dutch or English with Flask-Babel (the
translations live in the app's catalogue, not here); it looks names up by the ids in
the parameters. ``effect`` is how much the reason's feature moved the score compared
with a neutral value (see :func:`~marketplace.matching.scoring.feature_effects`); 0 for
reasons that only inform. All parameters are plain JSON values (ids are the spaces'
ids, levels are ``"none"``, ``"A1"`` ... ``"C2"``, dates ``YYYY-MM-DD``).

Reason codes and their parameters
---------------------------------

========================  ===================================================================
code                      params
========================  ===================================================================
occupation_match          ``source`` (``"experience"`` or ``"wish"``), ``candidate_occupation``
                          (id), ``opportunity_occupation`` (id), ``relation`` (``"same"``,
                          ``"esco_family"``, ``"isco4"``, ``"isco3"``, ``"isco2"``),
                          ``years`` (number, or None for a wish)
occupation_unrelated      ``opportunity_occupation`` (id): nothing the candidate did or
                          wishes is related to it
occupation_unknown        (none): the opportunity names no occupation
skills_required,          ``matched`` (skill ids held), ``partly`` (skill ids met by a
skills_advantage          broader or sibling skill), ``missing`` (skill ids); each list in
                          the opportunity's own order of its skills
dutch_level               ``candidate``, ``required`` (levels), ``language_support`` (bool),
                          ``bridged`` (bool: one level short, bridged by language support)
languages                 ``met`` and ``short``: lists of ``{"code", "candidate" (level),
                          "minimum" (level), "required" (bool)}``
distance                  ``km`` (one decimal), ``max_commute_km`` (number or None)
distance_unknown          (none): a postcode point is missing
hours                     ``wished``, ``offered`` (hours per week)
schedule                  ``needed``, ``missing`` (day parts), ``available`` (day parts, or
                          None when not known)
sector                    ``sector`` (NACE letter), ``wished`` (bool)
start_date                ``available_from``, ``starts_on`` (dates or None), ``days_late``
                          (int, 0 when on time; None when a date is missing)
work_permission_pending   (none): allowed to work while a request is handled; check it
feature_effect            ``feature`` (a feature name), ``value`` (in [0, 1])
requirement_unmet         ``requirement`` (a hard requirement name) and its details:
                          ``kind``: ``kind``, ``wished_kinds``; ``dutch_level``:
                          ``candidate``, ``required``, ``language_support``; ``distance``:
                          ``km``, ``max_commute_km``; the others: none
========================  ===================================================================
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np

from marketplace.matching.features import FEATURE_NAMES, RELATION_CREDIT
from marketplace.matching.geometry import great_circle_km
from marketplace.matching.opportunity_table import OpportunitySpec, OpportunityTable
from marketplace.matching.pool import CandidatePool, experience_factor
from marketplace.matching.records import (
    DAY_PARTS,
    KINDS,
    KINDS_OPEN_TO_ALL,
    NACE_SECTIONS,
    bit_names,
    date_of,
)
from marketplace.matching.requirements import HARD_REQUIREMENTS, dutch_accepted
from marketplace.matching.scoring import Ranking, Suggestion
from marketplace.matching.spaces import RELATION_LEVELS
from marketplace.taxonomy.levels import CEFR_ORDER

STRONGEST = 3
"""How many features are named as pushing the score up most, and down most."""

_WISH_FACTOR = float(experience_factor(0.0))
"""The weight of a wished occupation (as an experience entry of no years)."""


@dataclass(frozen=True)
class Reason:
    """One structured reason (codes and parameters: module docstring)."""

    code: str
    params: dict
    effect: float = 0.0


@dataclass(frozen=True)
class Explanation:
    """Everything a coach can check about one suggestion (or near miss)."""

    candidate_id: Hashable
    opportunity_id: Hashable
    score: float
    scorer_version: str
    reasons: tuple[Reason, ...]
    """What matched and what did not, one reason per aspect, in a fixed order."""
    unmet: tuple[Reason, ...]
    """``requirement_unmet`` reasons; empty for a real suggestion."""
    strongest_up: tuple[Reason, ...]
    """``feature_effect`` reasons of the features that raised the score most."""
    strongest_down: tuple[Reason, ...]
    """``feature_effect`` reasons of the features that lowered the score most."""


def explain_candidates(pool: CandidatePool, opportunity: OpportunitySpec,
                       ranking: Ranking) -> list[Explanation]:
    """One explanation per entry of a :func:`~marketplace.matching.scoring.rank_candidates`
    ranking (its near misses have their own ranking: explain that one separately)."""
    # The distances of all entries in one vectorised call: per pair, the numpy
    # overhead of a scalar call cost more than the sum itself.
    kms = great_circle_km(pool.latitude[ranking.indices], pool.longitude[ranking.indices],
                          opportunity.latitude, opportunity.longitude).tolist()
    factors = _experience_factors(pool, ranking.indices.tolist())
    return [explain(pool, s.index, opportunity, s, ranking.scorer_version, km=km, factors=f)
            for s, km, f in zip(ranking, kms, factors, strict=True)]


def explain_opportunities(pool: CandidatePool, candidate_index: int, table: OpportunityTable,
                          ranking: Ranking) -> list[Explanation]:
    """One explanation per entry of a
    :func:`~marketplace.matching.scoring.rank_opportunities` ranking."""
    specs = [table.specs[index] for index in ranking.indices.tolist()]
    kms = great_circle_km(pool.latitude[candidate_index], pool.longitude[candidate_index],
                          np.array([spec.latitude for spec in specs], dtype=np.float64),
                          np.array([spec.longitude for spec in specs], dtype=np.float64)
                          ).tolist() if specs else []
    factors = _experience_factors(pool, [candidate_index])[0]
    return [
        explain(pool, candidate_index, spec, s, ranking.scorer_version, km=km, factors=factors)
        for s, spec, km in zip(ranking, specs, kms, strict=True)
    ]


def _experience_factors(pool: CandidatePool, indices: list[int]) -> list[list[float]]:
    """Per row in ``indices``: the :func:`~marketplace.matching.pool.experience_factor` of
    each of its experience entries, in one vectorised call for all rows (per entry, the
    numpy overhead of a scalar call was most of the cost of an occupation reason)."""
    matrix = pool.experience_years
    bounds = [(matrix.indptr[i], matrix.indptr[i + 1]) for i in indices]
    years = [matrix.data[start:end] for start, end in bounds]
    flat = experience_factor(np.concatenate(years)).tolist() if years else []
    factors, start = [], 0
    for row in years:
        factors.append(flat[start:start + len(row)])
        start += len(row)
    return factors


def explain(pool: CandidatePool, candidate_index: int, opportunity: OpportunitySpec,
            suggestion: Suggestion, scorer_version: str,
            strongest: int = STRONGEST, km: float | None = None,
            factors: list[float] | None = None) -> Explanation:
    """The explanation of one pair, from its :class:`~marketplace.matching.scoring.Suggestion`.
    ``km`` (the pair's distance) and ``factors`` (the candidate's experience factors) are
    given when the caller computed them for many pairs at once, else computed here."""
    # Each effect rounded once, for its reason and for the strongest ones; only the
    # strongest become ``feature_effect`` reasons (at most six of the ten).
    effects = {name: round(suggestion.effects[name], 6) for name in FEATURE_NAMES}
    pair = _Pair(pool, candidate_index, opportunity, effects, km, factors)
    reasons = [
        pair.occupation(),
        *pair.skills(),
        pair.dutch(),
        pair.languages(),
        pair.distance(),
        pair.hours(),
        pair.schedule(),
        pair.sector(),
        pair.start_date(),
        pair.work_permission(),
    ]
    # A stable sort of the names by effect: ties keep FEATURE_NAMES order (reversed
    # among those pushing up), as they always did.
    order = sorted(FEATURE_NAMES, key=effects.__getitem__)

    def effect_reason(name: str) -> Reason:
        return Reason("feature_effect",
                      {"feature": name, "value": round(suggestion.features[name], 4)},
                      effects[name])

    return Explanation(
        candidate_id=pool.ids[candidate_index],
        opportunity_id=opportunity.id,
        score=suggestion.score,
        scorer_version=scorer_version,
        reasons=tuple(reason for reason in reasons if reason is not None),
        unmet=tuple(pair.unmet(name) for name in suggestion.unmet),
        strongest_up=tuple(effect_reason(name) for name in
                           [name for name in reversed(order) if effects[name] > 0][:strongest]),
        strongest_down=tuple(effect_reason(name) for name in
                             [name for name in order if effects[name] < 0][:strongest]),
    )


def _level(rank) -> str:
    return CEFR_ORDER[int(rank)].value


def _row(matrix, i: int) -> tuple[np.ndarray, np.ndarray]:
    start, end = matrix.indptr[i], matrix.indptr[i + 1]
    return matrix.indices[start:end], matrix.data[start:end]


class _Pair:
    """The facts of one candidate and one opportunity, turned into reasons."""

    def __init__(self, pool: CandidatePool, i: int, opportunity: OpportunitySpec,
                 effects: dict[str, float], km: float | None = None,
                 factors: list[float] | None = None):
        # ``effects``: each feature's effect, already rounded to 6 decimals.
        self.pool, self.i, self.opportunity, self.effects = pool, i, opportunity, effects
        self.factors = factors
        self.spaces = pool.spaces
        self.km = km if km is not None else float(great_circle_km(
            pool.latitude[i], pool.longitude[i], opportunity.latitude, opportunity.longitude))

    def _effect(self, feature: str) -> float:
        return self.effects[feature]

    def occupation(self) -> Reason:
        effect, target = self._effect("occupation"), self.opportunity.occupation
        if target < 0:
            return Reason("occupation_unknown", {}, effect)
        space = self.spaces.occupations
        best, best_value = None, 0.0
        columns, years = _row(self.pool.experience_years, self.i)
        # One vectorised experience_factor call per candidate, plain Python values after:
        # per entry, numpy's scalar overhead was most of this method's time.
        factors = self.factors if self.factors is not None else experience_factor(years).tolist()
        entries = list(zip(("experience",) * len(columns), columns.tolist(), years.tolist(),
                           factors, strict=True))
        entries += [("wish", c, None, _WISH_FACTOR)
                    for c in _row(self.pool.wished, self.i)[0].tolist()]
        for source, column, entry_years, factor in entries:
            level = space.relation_level(target, column)
            value = RELATION_CREDIT[level] * factor
            if value > best_value + 1e-12:
                best, best_value = (source, column, entry_years, level), value
        if best is None:
            return Reason("occupation_unrelated", {"opportunity_occupation": space.ids[target]},
                          effect)
        source, column, entry_years, level = best
        return Reason("occupation_match", {
            "source": source,
            "candidate_occupation": space.ids[column],
            "opportunity_occupation": space.ids[target],
            "relation": RELATION_LEVELS[level],
            "years": None if entry_years is None else float(entry_years),
        }, effect)

    def skills(self) -> list[Reason]:
        own = set(_row(self.pool.skills, self.i)[0].tolist())
        reasons = []
        for feature, wanted in (("skills_required", self.opportunity.skills_required),
                                ("skills_advantage", self.opportunity.skills_advantage)):
            if len(wanted) == 0:
                continue
            matched, partly, missing = [], [], []
            for skill in wanted.tolist():
                sets = self.spaces.skills.credit_sets(skill)
                if own.intersection(sets.full.tolist()):
                    matched.append(skill)
                elif own.intersection(sets.partial.tolist()):
                    partly.append(skill)
                else:
                    missing.append(skill)
            ids = self.spaces.skills.ids
            reasons.append(Reason(feature, {
                "matched": [ids[s] for s in matched],
                "partly": [ids[s] for s in partly],
                "missing": [ids[s] for s in missing],
            }, self._effect(feature)))
        return reasons

    def dutch(self) -> Reason:
        candidate, required = int(self.pool.dutch_rank[self.i]), self.opportunity.dutch_rank
        support = self.opportunity.language_support
        return Reason("dutch_level", {
            "candidate": _level(candidate),
            "required": _level(required),
            "language_support": support,
            "bridged": bool(candidate < required and dutch_accepted(candidate, required, support)),
            "kind": KINDS[self.opportunity.kind],  # who offers the support, in words
        }, self._effect("dutch"))

    def languages(self) -> Reason | None:
        opportunity = self.opportunity
        if len(opportunity.languages) == 0:
            return None
        columns, ranks = _row(self.pool.language_rank, self.i)
        held = dict(zip(columns.tolist(), ranks.tolist(), strict=True))
        met, short = [], []
        for column, minimum, required in zip(opportunity.languages.tolist(),
                                             opportunity.language_min_rank.tolist(),
                                             opportunity.language_required.tolist(), strict=True):
            rank = held.get(column, 0)
            entry = {"code": self.spaces.languages.ids[column], "candidate": _level(rank),
                     "minimum": _level(minimum), "required": bool(required)}
            (met if rank >= minimum else short).append(entry)
        return Reason("languages", {"met": met, "short": short}, self._effect("languages"))

    def distance(self) -> Reason:
        if math.isnan(self.km):
            return Reason("distance_unknown", {}, self._effect("distance"))
        commute = float(self.pool.max_commute_km[self.i])
        return Reason("distance", {
            "km": round(self.km, 1),
            "max_commute_km": None if math.isnan(commute) else commute,
        }, self._effect("distance"))

    def hours(self) -> Reason | None:
        wished, offered = float(self.pool.hours_wished[self.i]), self.opportunity.hours
        if math.isnan(wished) or math.isnan(offered):
            return None
        return Reason("hours", {"wished": wished, "offered": offered}, self._effect("hours"))

    def schedule(self) -> Reason | None:
        needed = self.opportunity.schedule
        if not needed:
            return None
        available = int(self.pool.availability[self.i])
        return Reason("schedule", {
            "needed": list(bit_names(needed, DAY_PARTS)),
            "available": list(bit_names(available, DAY_PARTS)) if available else None,
            "missing": list(bit_names(needed & ~available, DAY_PARTS)) if available else [],
        }, self._effect("schedule"))

    def sector(self) -> Reason | None:
        wished, sector = int(self.pool.wished_sectors[self.i]), self.opportunity.sector
        if not wished or sector < 0:
            return None
        return Reason("sector", {"sector": NACE_SECTIONS[sector],
                                 "wished": bool(wished >> sector & 1)}, self._effect("sector"))

    def start_date(self) -> Reason:
        available = float(self.pool.available_from[self.i])
        starts = self.opportunity.starts_on
        late = None if math.isnan(available) or math.isnan(starts) else int(
            max(available - starts, 0)
        )
        return Reason("start_date", {
            "available_from": _iso(date_of(available)),
            "starts_on": _iso(date_of(starts)),
            "days_late": late,
        }, self._effect("start_date"))

    def work_permission(self) -> Reason | None:
        if self.pool.work_permission_pending[self.i]:
            return Reason("work_permission_pending", {})
        return None

    def unmet(self, requirement: str) -> Reason:
        if requirement not in HARD_REQUIREMENTS:
            raise ValueError(f"{requirement!r} is not a hard requirement")
        params: dict = {"requirement": requirement}
        pool, i, opportunity = self.pool, self.i, self.opportunity
        if requirement == "kind":
            params.update(kind=KINDS[opportunity.kind],
                          wished_kinds=[kind for kind in bit_names(int(pool.wished_kinds[i]), KINDS)
                                        if kind not in KINDS_OPEN_TO_ALL])
        elif requirement == "dutch_level":
            params.update(candidate=_level(pool.dutch_rank[i]),
                          required=_level(opportunity.dutch_rank),
                          language_support=opportunity.language_support)
        elif requirement == "distance":
            params.update(km=round(self.km, 1), max_commute_km=float(pool.max_commute_km[i]))
        elif requirement == "working_time":
            params.update(needed=list(bit_names(opportunity.schedule, DAY_PARTS)),
                          available=list(bit_names(int(pool.availability[i]), DAY_PARTS)))
        return Reason("requirement_unmet", params)


def _iso(day) -> str | None:
    return None if day is None else day.isoformat()

