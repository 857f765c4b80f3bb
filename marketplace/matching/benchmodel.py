"""The benchmark data that :func:`marketplace.matching.benchdata.generate` makes, and
how it is graded: the configuration, the generated opportunities and candidates, the
relevance grades and eligibility by the ranking's rules (docs/matching.md), and the
records and JSON Lines written from them.

The generator (how the data are drawn) is :mod:`marketplace.matching.benchdata`; this
module holds what the data are and what counts as a good ranking of them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from marketplace.matching.esco_data import esco_title_resolver
from marketplace.matching.geometry import great_circle_km
from marketplace.matching.records import CandidateRecord, OpportunityRecord, level_rank
from marketplace.matching.spaces import ESCO_FAMILY, ISCO3, ISCO4, SAME, Spaces
from marketplace.matching.titles import TitleResolver

GRADE_BY_RELATION = {SAME: 3, ESCO_FAMILY: 2, ISCO4: 2, ISCO3: 1}
"""Relevance grade per relation level; every other level is 0."""
NEEDED_DAY_PARTS = {
    "day": {"mornings", "afternoons"}, "evening": {"evenings"}, "night": {"nights"},
    "weekend": {"weekends"}, "shifts": {"mornings", "afternoons", "evenings"},
}
"""The day parts each working time needs: a candidate with day parts sharing none of
them with the opportunity's working time is not eligible."""


@dataclass(frozen=True)
class BenchConfig:
    """What to generate. The same config gives the same data, byte for byte."""

    seed: int = 2024
    opportunities: int = 100
    candidates: int = 3000
    reference_date: dt.date = dt.date(2026, 3, 2)
    """Start dates and availability lie around this date."""
    occupation_given_share: float = 0.5
    """Share of opportunities that name their ESCO occupation."""
    typo_share: float = 0.2
    """Share of typed candidate titles with one typing error (opportunities: half)."""


@dataclass(frozen=True)
class TypedOccupation:
    """A title as typed, with the true occupation behind it (never written for
    candidates) and, for experience, the years."""

    title: str
    uri: str
    years: float | None = None


@dataclass(frozen=True)
class BenchOpportunity:
    ref: str
    organisation: str
    kind: str
    title: str
    uri: str
    occupation_given: bool
    postcode: str
    hours_per_week: float
    dutch_level: str
    language_support: bool
    starts_on: dt.date
    languages: tuple[tuple[str, str, bool], ...]
    skills: tuple[tuple[str, bool], ...]
    """``(uri, required)``: must-haves are required."""
    sector: str
    schedule: tuple[str, ...] = ()
    """Working time; empty: not stated."""


@dataclass(frozen=True)
class BenchCandidate:
    ref: str
    coach: str
    postcode: str
    dutch_level: str
    languages: tuple[tuple[str, str], ...]
    experience: tuple[TypedOccupation, ...]
    wishes: tuple[TypedOccupation, ...]
    wished_kinds: tuple[str, ...]
    hours_per_week: float | None
    max_commute_km: float | None
    available_from: dt.date
    allowed_to_work: str
    consent: bool
    skills: tuple[str, ...]
    available: tuple[str, ...] = ()
    """Day parts the candidate can work; empty: no limits."""


@dataclass
class BenchData:
    """Generated organisations, coaches, opportunities and candidates."""

    config: BenchConfig
    organisations: list[dict]
    coaches: list[dict]
    opportunities: list[BenchOpportunity]
    candidates: list[BenchCandidate]
    spaces: Spaces = field(repr=False)
    postcodes: dict[str, tuple[float, float]] = field(repr=False)

    @cached_property
    def relevance(self) -> np.ndarray:
        """Grades, opportunities by candidates (int8, 0 to 3)."""
        space = self.spaces.occupations
        grade = np.zeros(6, dtype=np.int8)
        for level, value in GRADE_BY_RELATION.items():
            grade[level] = value
        entries = [[space.index_of(e.uri) for e in (*c.experience, *c.wishes)]
                   for c in self.candidates]
        owners = np.repeat(np.arange(len(entries)), [len(e) for e in entries])
        columns = np.array([column for e in entries for column in e], dtype=np.int64)
        result = np.zeros((len(self.opportunities), len(self.candidates)), dtype=np.int8)
        for j, opportunity in enumerate(self.opportunities):
            levels = space.relation_levels(space.index_of(opportunity.uri))
            np.maximum.at(result[j], owners, grade[levels[columns]])
        return result

    @cached_property
    def must_haves_held(self) -> np.ndarray:
        """Whether each candidate holds every must-have skill of each opportunity
        (opportunities by candidates; true when none is asked)."""
        held = [set(c.skills) for c in self.candidates]
        result = np.ones((len(self.opportunities), len(self.candidates)), dtype=bool)
        for j, o in enumerate(self.opportunities):
            required = {uri for uri, is_required in o.skills if is_required}
            if required:
                result[j] = [required <= skills for skills in held]
        return result

    @cached_property
    def grades(self) -> np.ndarray:
        """Occupation first, then must-haves (module docstring): 0 to 6, opportunities
        by candidates (int8)."""
        relevant = self.relevance > 0
        return (2 * self.relevance - (relevant & ~self.must_haves_held)).astype(np.int8)

    @cached_property
    def eligible(self) -> np.ndarray:
        """Whether each pair meets the hard requirements (opportunities by candidates),
        by the generator's own rules."""
        candidates = self.candidates
        points = np.array([self.postcodes[c.postcode] for c in candidates])
        dutch = np.array([level_rank(c.dutch_level) for c in candidates])
        commute = np.array([np.inf if c.max_commute_km is None else c.max_commute_km
                            for c in candidates])
        willing = np.array([c.consent and c.allowed_to_work != "no" for c in candidates])
        available = [set(c.available) for c in candidates]
        result = np.zeros((len(self.opportunities), len(candidates)), dtype=bool)
        for j, o in enumerate(self.opportunities):
            latitude, longitude = self.postcodes[o.postcode]
            km = great_circle_km(points[:, 0], points[:, 1], latitude, longitude)
            needed = level_rank(o.dutch_level) - (1 if o.language_support else 0)
            kind = np.array([not c.wished_kinds or o.kind in c.wished_kinds for c in candidates])
            needs = set().union(*(NEEDED_DAY_PARTS[time] for time in o.schedule))
            fits = np.array([not needs or not parts or bool(parts & needs)
                             for parts in available])
            result[j] = willing & kind & (dutch >= needed) & (km <= commute) & fits
        return result

    # -- the pure side's records -------------------------------------------------------

    def opportunity_records(self, resolver: TitleResolver | None = None, *,
                            true_occupations: bool = False) -> list[OpportunityRecord]:
        """Opportunities as records: the named occupation, else the resolved title
        (with ``true_occupations``: the true occupation, as if resolved perfectly)."""
        if not true_occupations:
            resolver = resolver or esco_title_resolver()
        records = []
        for o in self.opportunities:
            if true_occupations or o.occupation_given:
                occupation = o.uri
            else:
                occupation = _resolved(resolver, o.title)
            latitude, longitude = self.postcodes[o.postcode]
            records.append(OpportunityRecord(
                id=o.ref, kind=o.kind, occupation=occupation, dutch_level=o.dutch_level,
                language_support=o.language_support, latitude=latitude, longitude=longitude,
                hours_per_week=o.hours_per_week, starts_on=o.starts_on, sector=o.sector,
                skills_required=[uri for uri, required in o.skills if required],
                skills_advantage=[uri for uri, required in o.skills if not required],
                languages=list(o.languages), schedule=list(o.schedule),
            ))
        return records

    def candidate_records(self, resolver: TitleResolver | None = None, *,
                          true_occupations: bool = False) -> list[CandidateRecord]:
        """Candidates as records, their titles resolved (unresolved titles are left out;
        with ``true_occupations``: the true occupations, as if resolved perfectly)."""
        if true_occupations:
            def occupation_of(entry: TypedOccupation) -> str | None:
                return entry.uri
        else:
            resolver = resolver or esco_title_resolver()

            def occupation_of(entry: TypedOccupation) -> str | None:
                return _resolved(resolver, entry.title)
        records = []
        for c in self.candidates:
            experience = [(occupation_of(e), e.years) for e in c.experience]
            wishes = [occupation_of(w) for w in c.wishes]
            latitude, longitude = self.postcodes[c.postcode]
            records.append(CandidateRecord(
                id=c.ref, dutch_level=c.dutch_level, consent=c.consent,
                allowed_to_work=c.allowed_to_work, latitude=latitude, longitude=longitude,
                max_commute_km=c.max_commute_km, wished_kinds=c.wished_kinds,
                hours_per_week=c.hours_per_week, available_from=c.available_from,
                experience=[(uri, years) for uri, years in experience if uri is not None],
                wished_occupations=[uri for uri in wishes if uri is not None],
                skills=list(c.skills), languages=list(c.languages),
                availability=list(c.available),
            ))
        return records

    # -- the interchange format --------------------------------------------------------

    def jsonl_lines(self) -> Iterator[dict]:
        """Every record of the JSON Lines interchange format, in load order."""
        yield from self.organisations
        yield from self.coaches
        for o in self.opportunities:
            line = {
                "type": "opportunity", "ref": o.ref, "organisation": o.organisation,
                "kind": o.kind, "title": o.title,
                "description": f"{o.title.strip()} ({o.kind}), {o.postcode}.",
                "postcode": o.postcode, "hours_per_week": o.hours_per_week,
                "dutch_level": o.dutch_level, "language_support": o.language_support,
                "places": 1, "starts_on": o.starts_on.isoformat(),
                "languages": [{"code": code, "level": level, "required": required}
                              for code, level, required in o.languages],
                "skills": [{"uri": uri, "required": required} for uri, required in o.skills],
                "status": "published",
            }
            if o.occupation_given:
                line["occupation"] = o.uri
            if o.schedule:
                line["schedule"] = list(o.schedule)
            yield line
        for c in self.candidates:
            wishes: dict = {"occupations": [w.title for w in c.wishes]}
            if c.wished_kinds:
                wishes["kinds"] = list(c.wished_kinds)
            if c.hours_per_week is not None:
                wishes["hours_per_week"] = c.hours_per_week
            if c.max_commute_km is not None:
                wishes["max_commute_km"] = c.max_commute_km
            line = {
                "type": "candidate", "ref": c.ref, "coach": c.coach, "pseudonym": c.ref,
                "postcode": c.postcode, "dutch_level": c.dutch_level,
                "languages": [{"code": code, "level": level} for code, level in c.languages],
                "experience": [{"title": e.title, "years": e.years} for e in c.experience],
                "skills": [{"uri": uri} for uri in c.skills],
                "wishes": wishes,
                "available_from": c.available_from.isoformat(),
                "allowed_to_work": c.allowed_to_work,
                "consent": c.consent,
            }
            if c.available:
                line["available"] = list(c.available)
            yield line

    def write_jsonl(self, stream) -> int:
        """Write :meth:`jsonl_lines` to a text stream; answers the number of lines."""
        count = 0
        for line in self.jsonl_lines():
            stream.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
        return count

    def truth_lines(self) -> Iterator[dict]:
        """Per opportunity, the :attr:`grades` of every eligible candidate with a grade
        above 0 and the refs of the eligible candidates (the ideal ranking's pool); then
        the same per candidate, over opportunities."""
        for j, o in enumerate(self.opportunities):
            eligible = np.flatnonzero(self.eligible[j])
            yield {
                "type": "relevance",
                "opportunity": o.ref,
                "occupation": o.uri,
                "eligible": [self.candidates[i].ref for i in eligible],
                "grades": {self.candidates[i].ref: int(self.grades[j, i])
                           for i in eligible if self.grades[j, i] > 0},
            }
        for i, c in enumerate(self.candidates):
            eligible = np.flatnonzero(self.eligible[:, i])
            yield {
                "type": "relevance",
                "candidate": c.ref,
                "eligible": [self.opportunities[j].ref for j in eligible],
                "grades": {self.opportunities[j].ref: int(self.grades[j, i])
                           for j in eligible if self.grades[j, i] > 0},
            }


def _resolved(resolver: TitleResolver, title: str) -> str | None:
    resolution = resolver.resolve(title)
    return None if resolution is None else resolution.occupation_id
