"""The matching rules one pair at a time, in plain Python.

This is the readable specification of ``features.py``, ``requirements.py``, the
cold-start score and the order of a ranking (occupation first, then must-have skills,
then the score): a straightforward loop over candidates with the ``math`` module.
Tests check that the vectorised code gives the same features, requirements, scores and
rankings; ``bench/ranking.py`` times both on the same data.

:func:`reference_candidates` turns a pool into plain Python rows once (not part of what
the benchmark times), as a per-candidate implementation would hold its data.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from marketplace.matching.features import (
    DISTANCE_HALF_KM,
    FEATURE_NAMES,
    NEUTRAL,
    PARTIAL_SKILL_CREDIT,
    RELATION_CREDIT,
    START_HALF_DAYS,
)
from marketplace.matching.opportunity_table import OpportunitySpec
from marketplace.matching.pool import (
    ADVANTAGE_LANGUAGE_WEIGHT,
    EXPERIENCE_BASE,
    EXPERIENCE_HALF_LIFE_YEARS,
    REQUIRED_LANGUAGE_WEIGHT,
    CandidatePool,
)
from marketplace.matching.records import DAY_PARTS
from marketplace.matching.requirements import HARD_REQUIREMENTS, dutch_accepted
from marketplace.matching.scoring import COLD_START_WEIGHTS, SCORE_DECIMALS
from marketplace.matching.spaces import Spaces

EARTH_RADIUS_KM = 6371.0088


@dataclass
class ReferenceCandidate:
    """One candidate as plain Python values (NaN where unknown)."""

    id: Hashable
    dutch_rank: int
    consent: bool
    allowed_to_work: bool
    latitude: float
    longitude: float
    max_commute_km: float
    wished_kinds: int
    hours_wished: float
    availability: int
    available_from: float
    wished_sectors: int
    experience: dict[int, float]
    """Occupation column → years."""
    wished: set[int]
    skills: set[int]
    languages: dict[int, int]
    """Language column → CEFR rank."""


def reference_candidates(pool: CandidatePool) -> list[ReferenceCandidate]:
    """Every candidate of ``pool`` as a :class:`ReferenceCandidate`."""

    def row(matrix, i):
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        return matrix.indices[start:end].tolist(), matrix.data[start:end].tolist()

    candidates = []
    for i, candidate_id in enumerate(pool.ids):
        experience, wished = row(pool.experience_years, i), row(pool.wished, i)
        languages = row(pool.language_rank, i)
        candidates.append(ReferenceCandidate(
            id=candidate_id,
            dutch_rank=int(pool.dutch_rank[i]),
            consent=bool(pool.consent[i]),
            allowed_to_work=bool(pool.allowed_to_work[i]),
            latitude=float(pool.latitude[i]),
            longitude=float(pool.longitude[i]),
            max_commute_km=float(pool.max_commute_km[i]),
            wished_kinds=int(pool.wished_kinds[i]),
            hours_wished=float(pool.hours_wished[i]),
            availability=int(pool.availability[i]),
            available_from=float(pool.available_from[i]),
            wished_sectors=int(pool.wished_sectors[i]),
            experience=dict(zip(*experience, strict=True)),
            wished=set(wished[0]),
            skills=set(row(pool.skills, i)[0]),
            languages={c: int(r) for c, r in zip(*languages, strict=True)},
        ))
    return candidates


class ReferenceScorer:
    """Features, unmet requirements and the cold-start score of one pair at a time."""

    def __init__(self, spaces: Spaces, weights: Mapping[str, float] = COLD_START_WEIGHTS):
        occupations = spaces.occupations
        self.isco4 = occupations.isco4.tolist()
        self.esco_family = occupations.esco_family.tolist()
        self.skill_sets = {}
        self.spaces = spaces
        self.weights = [weights[name] for name in FEATURE_NAMES]
        self.credit = RELATION_CREDIT.tolist()

    def relation_credit(self, target: int, column: int) -> float:
        if column == target:
            return self.credit[5]
        if self.esco_family[column] == self.esco_family[target]:
            return self.credit[4]
        a, b = self.isco4[column], self.isco4[target]
        if a == b:
            return self.credit[3]
        if a // 10 == b // 10:
            return self.credit[2]
        if a // 100 == b // 100:
            return self.credit[1]
        return self.credit[0]

    def _skill_sets(self, skill: int) -> tuple[set[int], set[int]]:
        if skill not in self.skill_sets:
            credit = self.spaces.skills.credit_sets(skill)
            self.skill_sets[skill] = (set(credit.full.tolist()), set(credit.partial.tolist()))
        return self.skill_sets[skill]

    def features(self, c: ReferenceCandidate, o: OpportunitySpec) -> list[float]:
        """The feature values of ``FEATURE_NAMES``, in order."""
        return [
            self.occupation(c, o),
            self.skills(c, o.skills_required.tolist()),
            self.skills(c, o.skills_advantage.tolist()),
            min(max((c.dutch_rank - o.dutch_rank + 2) / 4, 0.0), 1.0),
            self.languages(c, o),
            self.distance(c, o),
            self.hours(c, o),
            self.schedule(c, o),
            self.sector(c, o),
            self.start(c, o),
        ]

    def occupation(self, c: ReferenceCandidate, o: OpportunitySpec) -> float:
        if o.occupation < 0:
            return NEUTRAL
        best = 0.0
        for column, years in c.experience.items():
            factor = EXPERIENCE_BASE + (1 - EXPERIENCE_BASE) * (
                1 - 2 ** (-max(years, 0.0) / EXPERIENCE_HALF_LIFE_YEARS)
            )
            best = max(best, self.relation_credit(o.occupation, column) * factor)
        for column in c.wished:
            best = max(best, self.relation_credit(o.occupation, column) * EXPERIENCE_BASE)
        return best

    def occupation_level(self, c: ReferenceCandidate, o: OpportunitySpec) -> float:
        """The credit of the closest relation level among the candidate's experience and
        wishes, years left out (0.5 when the opportunity names no occupation): the first
        key of the order."""
        if o.occupation < 0:
            return NEUTRAL
        closest = max((self.relation_credit(o.occupation, column)
                       for column in (*c.experience, *c.wished)), default=0.0)
        # An ESCO family is no closer than its ISCO unit group for the order (the
        # score still prefers it).
        return RELATION_CREDIT[3] if closest == RELATION_CREDIT[4] else closest

    def holds_must_haves(self, c: ReferenceCandidate, o: OpportunitySpec) -> bool:
        """Whether the candidate holds every must-have skill (true when none is asked):
        the second key of the order."""
        return self.skills(c, o.skills_required.tolist()) == 1.0

    def order_key(self, c: ReferenceCandidate, o: OpportunitySpec) -> tuple[float, bool, float]:
        """What the ranking sorts on, highest first: occupation first, then must-have
        skills, then the score (docs/matching.md)."""
        return self.occupation_level(c, o), self.holds_must_haves(c, o), self.score(c, o)

    def skills(self, c: ReferenceCandidate, wanted: list[int]) -> float:
        if not wanted:
            return 1.0
        total = 0.0
        for skill in wanted:
            full, partial = self._skill_sets(skill)
            if c.skills & full:
                total += 1.0
            elif c.skills & partial:
                total += PARTIAL_SKILL_CREDIT
        return total / len(wanted)

    def languages(self, c: ReferenceCandidate, o: OpportunitySpec) -> float:
        if len(o.languages) == 0:
            return 1.0
        total = weights = 0.0
        for column, minimum, required in zip(o.languages.tolist(), o.language_min_rank.tolist(),
                                             o.language_required.tolist(), strict=True):
            weight = REQUIRED_LANGUAGE_WEIGHT if required else ADVANTAGE_LANGUAGE_WEIGHT
            total += weight * min(c.languages.get(column, 0) / minimum, 1.0)
            weights += weight
        return total / weights

    @staticmethod
    def km(c: ReferenceCandidate, o: OpportunitySpec) -> float:
        """Haversine great-circle distance."""
        phi_a, phi_b = math.radians(c.latitude), math.radians(o.latitude)
        d_phi = phi_b - phi_a
        d_lambda = math.radians(o.longitude - c.longitude)
        half = math.sin(d_phi / 2) ** 2 + math.cos(phi_a) * math.cos(phi_b) * math.sin(
            d_lambda / 2) ** 2
        return 2 * EARTH_RADIUS_KM * math.asin(min(math.sqrt(half), 1.0))

    def distance(self, c: ReferenceCandidate, o: OpportunitySpec) -> float:
        km = self.km(c, o)
        return NEUTRAL if math.isnan(km) else 2 ** (-km / DISTANCE_HALF_KM)

    @staticmethod
    def hours(c: ReferenceCandidate, o: OpportunitySpec) -> float:
        if not (c.hours_wished > 0 and o.hours > 0):
            return NEUTRAL
        return 1 - abs(c.hours_wished - o.hours) / max(c.hours_wished, o.hours)

    @staticmethod
    def schedule(c: ReferenceCandidate, o: OpportunitySpec) -> float:
        if o.schedule == 0:
            return 1.0
        if c.availability == 0:
            return NEUTRAL
        return bin(c.availability & o.schedule).count("1") / bin(o.schedule).count("1")

    @staticmethod
    def sector(c: ReferenceCandidate, o: OpportunitySpec) -> float:
        if c.wished_sectors == 0 or o.sector < 0:
            return NEUTRAL
        return 1.0 if c.wished_sectors >> o.sector & 1 else 0.0

    @staticmethod
    def start(c: ReferenceCandidate, o: OpportunitySpec) -> float:
        late = c.available_from - o.starts_on
        if math.isnan(late):
            return NEUTRAL
        return 2 ** (-max(late, 0.0) / START_HALF_DAYS)

    def unmet(self, c: ReferenceCandidate, o: OpportunitySpec) -> tuple[str, ...]:
        """Names of the hard requirements the pair fails."""
        failed = {
            "consent": not c.consent,
            "kind": c.wished_kinds != 0 and not c.wished_kinds >> o.kind & 1,
            "dutch_level": not dutch_accepted(c.dutch_rank, o.dutch_rank, o.language_support),
            "distance": self.km(c, o) > c.max_commute_km,  # False when either is NaN
            "allowed_to_work": not c.allowed_to_work,
            "already_proposed": c.id in o.already_proposed,
            "working_time": not self.working_time_overlaps(c.availability, o.schedule),
        }
        return tuple(name for name in HARD_REQUIREMENTS if failed[name])

    @staticmethod
    def working_time_overlaps(available: int, schedule: int) -> bool:
        """Day parts as sets: a day job needs mornings or afternoons, shifts mornings,
        afternoons or evenings; nothing recorded on either side is no limit."""
        if not available or not schedule:
            return True
        needs = {"day": {"day"}, "evening": {"evening"}, "night": {"night"},
                 "weekend": {"weekend"}, "shifts": {"day", "evening"}}
        def parts(mask: int) -> set[str]:
            return set().union(*(needs[part] for i, part in enumerate(DAY_PARTS)
                                 if mask >> i & 1))
        return bool(parts(available) & parts(schedule))

    def score(self, c: ReferenceCandidate, o: OpportunitySpec) -> float:
        total = 0.0
        for weight, value in zip(self.weights, self.features(c, o), strict=True):
            total += weight * value
        return round(min(max(total, 0.0), 1.0), SCORE_DECIMALS)


def reference_rank_candidates(
    candidates: list[ReferenceCandidate], opportunity: OpportunitySpec, scorer: ReferenceScorer,
    top_k: int = 10,
) -> list[tuple[int, float]]:
    """``(row, score)`` of the ``top_k`` best eligible candidates, best first by
    :meth:`ReferenceScorer.order_key` (equal keys in row order): one candidate at a
    time."""
    scored = []
    for row, candidate in enumerate(candidates):
        if not scorer.unmet(candidate, opportunity):
            level, complete, score = scorer.order_key(candidate, opportunity)
            scored.append(((-level, not complete, -score, row), score))
    scored.sort()
    return [(key[-1], score) for key, score in scored[:top_k]]
