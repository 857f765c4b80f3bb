"""Benchmark data from the real ESCO occupations: messy titles, known relevance.

:func:`generate` makes, for a seed, employers with opportunities and coaches with
candidates in the Antwerp area (postcodes within 30 km of Antwerpen 2000). Every
opportunity and every experience or wish of a candidate has a *true* ESCO occupation,
but what is written down is a title typed as people type them
(:func:`type_title`): a Dutch or English preferred or alternative label, in a random
case, sometimes without accents, with ``(m/v/x)``, a feminine form, a seniority word or
one typing error (:mod:`~marketplace.matching.typed_titles`). Candidates never carry
the occupation URI, so the title resolver is exercised; a share of the opportunities
names its occupation (as employers who pick it from the list do).

Opportunities state a working time (``schedule``: day, evening, night, weekend,
shifts, or none) and ask for skills, some of them must-haves (``required``); candidates
record the day parts they can work (``available``: mornings, afternoons, evenings,
nights, weekends, or none: no limits) and hold skills.

The grades follow the rules of the ranking (docs/matching.md), stated here on their
own, from the true data:

* :attr:`BenchData.relevance`, the occupation: the ESCO/ISCO relation between the
  opportunity's true occupation and the closest true occupation of the candidate's
  experience and wishes: 3 the same occupation, 2 the same ISCO unit group (4 digits),
  1 the same minor group (3 digits), 0 otherwise;
* :attr:`BenchData.must_haves_held`: the candidate holds every must-have skill (by its
  URI; true when none is asked);
* :attr:`BenchData.grades`, what the rankings are measured with: occupation first,
  then must-haves: ``2 * relevance``, one less when a must-have is missing (6, 5 the
  same occupation with and without every must-have, 4, 3 the unit group, 2, 1 the minor
  group, 0 otherwise).

Hard requirements are applied by the generator's own rules (:attr:`BenchData.eligible`):
consent, allowed to work, wished kinds, Dutch level (one level below with language
support), maximum commute, and a working time the candidate's day parts share nothing
with (:data:`NEEDED_DAY_PARTS`). Ineligible pairs are left out of both the ranking and
the ideal, in both directions (candidates for an opportunity, opportunities for a
candidate).

:meth:`BenchData.write_jsonl` writes the data in the JSON Lines interchange format
(organisations, coaches, opportunities, candidates) and :meth:`BenchData.truth_lines`
the relevance grades, for the ``records`` commands.

Run ``python -m marketplace.matching.benchdata --help`` to write files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from marketplace.matching.esco_data import (
    esco_spaces,
    esco_title_resolver,
    load_occupations,
    load_postcodes,
    load_skills,
)
from marketplace.matching.geometry import great_circle_km
from marketplace.matching.records import KINDS, CandidateRecord, OpportunityRecord, level_rank
from marketplace.matching.spaces import ESCO_FAMILY, ISCO3, ISCO4, SAME, Spaces
from marketplace.matching.titles import TitleResolver
from marketplace.matching.typed_titles import type_title

GRADE_BY_RELATION = {SAME: 3, ESCO_FAMILY: 2, ISCO4: 2, ISCO3: 1}
"""Relevance grade per relation level; every other level is 0."""

ANTWERP = "2000"
AREA_KM = 30.0
LEVELS = ("none", "A1", "A2", "B1", "B2", "C1", "C2")
CANDIDATE_DUTCH = (0.08, 0.17, 0.25, 0.27, 0.13, 0.07, 0.03)
REQUIRED_DUTCH = (0.10, 0.15, 0.30, 0.30, 0.12, 0.03, 0.0)
HOME_LANGUAGES = ("ar", "fr", "en", "tr", "ru", "fa", "ps", "ti", "so", "es", "pl", "ro", "uk")
SECTORS = ("C", "F", "G", "H", "I", "J", "M", "N", "P", "Q", "S")
MAJOR_GROUP_WEIGHT = {"0": 0.05, "1": 0.3, "2": 0.6, "3": 0.8, "4": 1.0, "5": 1.5, "6": 0.6,
                      "7": 1.5, "8": 1.5, "9": 2.0}
"""How often occupations of each ISCO major group are offered and held: newcomers in
Antwerp mostly work in services, trades, logistics and elementary occupations."""
RELATION_MIX = (("same", 0.12), ("isco4", 0.18), ("isco3", 0.15), ("isco2", 0.10),
                ("random", 0.45))
"""How a candidate's true occupation relates to that of a randomly chosen opportunity."""
WORKING_TIMES = ((("day",), 0.42), (("shifts",), 0.12), (("evening",), 0.08),
                 (("day", "weekend"), 0.08), (("night",), 0.04), (("weekend",), 0.05),
                 (("evening", "weekend"), 0.03), ((), 0.18))
"""How often opportunities state each working time (none: no limits)."""
AVAILABILITY = (((), 0.35), (("mornings", "afternoons"), 0.18), (("mornings",), 0.05),
                (("afternoons",), 0.04), (("evenings",), 0.06), (("evenings", "nights"), 0.03),
                (("nights",), 0.03), (("weekends",), 0.04),
                (("mornings", "afternoons", "evenings"), 0.08),
                (("mornings", "afternoons", "weekends"), 0.06),
                (("mornings", "afternoons", "evenings", "nights", "weekends"), 0.08))
"""How often candidates record each set of day parts (none: no limits)."""
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


# -- generation ------------------------------------------------------------------------


def generate(config: BenchConfig = BenchConfig()) -> BenchData:
    """Benchmark data for ``config`` (deterministic for its seed)."""
    return _Generator(config).run()


class _Generator:
    def __init__(self, config: BenchConfig):
        self.config = config
        self.rng = np.random.default_rng(config.seed)
        # Working times and day parts come from a stream of their own, so adding them
        # left every other value of a seed as it was.
        self.times = np.random.default_rng([config.seed, 15])
        self.spaces = esco_spaces()
        self.occupations = load_occupations()
        self.postcodes = load_postcodes()
        centre = self.postcodes[ANTWERP]
        self.area = sorted(
            code for code, point in self.postcodes.items()
            if code.startswith("2")
            and float(great_circle_km(centre[0], centre[1], point[0], point[1])) <= AREA_KM
        )
        weights = np.array([MAJOR_GROUP_WEIGHT[o.isco_code[0]] for o in self.occupations])
        self.weights = weights / weights.sum()
        isco = self.spaces.occupations
        self.groups = {
            name: _members(codes) for name, codes in
            (("isco4", isco.isco4), ("isco3", isco.isco3), ("isco2", isco.isco2))
        }
        skills = [s.uri for s in load_skills() if "/isced-f/" not in s.uri]
        self.skills = skills
        self.skill_profiles: dict[int, list[str]] = {}

    def run(self) -> BenchData:
        c = self.config
        organisations = [{"type": "organisation", "ref": "partner-1", "name": "Bench Partner",
                          "role": "partner", "postcode": ANTWERP}]
        employers = max(1, (c.opportunities + 2) // 3)
        for e in range(employers):
            organisations.append({
                "type": "organisation", "ref": f"employer-{e + 1:04d}",
                "name": f"Bench Employer {e + 1}", "role": "employer",
                "sector": SECTORS[self.rng.integers(len(SECTORS))],
                "postcode": self._postcode(),
            })
        coaches = [{"type": "coach", "email": f"coach{k + 1}@bench.example",
                    "name": f"Bench Coach {k + 1}", "organisation": "partner-1"}
                   for k in range(5)]
        opportunities = [self._opportunity(j, organisations[1 + j % employers])
                         for j in range(c.opportunities)]
        targets = [self.spaces.occupations.index_of(o.uri) for o in opportunities]
        candidates = [self._candidate(i, targets, coaches) for i in range(c.candidates)]
        return BenchData(config=c, organisations=organisations, coaches=coaches,
                         opportunities=opportunities, candidates=candidates,
                         spaces=self.spaces, postcodes=self.postcodes)

    # -- pieces ------------------------------------------------------------------------

    def _choice(self, items: Sequence, p: Sequence[float] | None = None):
        return items[int(self.rng.choice(len(items), p=p))]

    def _mix(self, mix: Sequence[tuple[tuple[str, ...], float]]) -> tuple[str, ...]:
        """One of the value sets of ``mix``, drawn by its shares (times stream)."""
        values, shares = zip(*mix, strict=True)
        return values[int(self.times.choice(len(values), p=shares))]

    def _postcode(self) -> str:
        return self._choice(self.area)

    def _occupation(self) -> int:
        return int(self.rng.choice(len(self.occupations), p=self.weights))

    def _related(self, target: int, how: str) -> int:
        """An occupation related to ``target`` at exactly the level ``how`` when one
        exists (else the closest that does)."""
        if how == "random":
            return self._occupation()
        if how == "same":
            return target
        isco = self.spaces.occupations
        levels = ("isco4", "isco3", "isco2")
        narrower = {"isco4": None, "isco3": "isco4", "isco2": "isco3"}
        for level in levels[levels.index(how):]:
            codes = getattr(isco, level)
            members = self.groups[level][int(codes[target])]
            inner = narrower[level]
            if inner is not None:
                inner_codes = getattr(isco, inner)
                members = [m for m in members if inner_codes[m] != inner_codes[target]]
            else:
                members = [m for m in members if m != target]
            if members:
                return int(self._choice(members))
        return target

    def _skill_profile(self, occupation: int) -> list[str]:
        group = int(self.spaces.occupations.isco2[occupation])
        if group not in self.skill_profiles:
            local = np.random.default_rng([self.config.seed, group])
            picks = local.choice(len(self.skills), size=12, replace=False)
            self.skill_profiles[group] = [self.skills[k] for k in sorted(picks)]
        return self.skill_profiles[group]

    def _opportunity(self, j: int, employer: dict) -> BenchOpportunity:
        c, rng = self.config, self.rng
        occupation = self._occupation()
        kind = self._choice(KINDS[:3], (0.7, 0.15, 0.15))  # work, not courses or try-outs
        profile = self._skill_profile(occupation)
        picked = rng.choice(len(profile), size=int(rng.integers(0, 6)), replace=False)
        required = rng.random(len(picked)) < 0.5
        languages: tuple = ()
        if rng.random() < 0.25:
            languages = ((self._choice(("en", "fr")), self._choice(("A2", "B1", "B2")),
                          bool(rng.random() < 0.5)),)
        hours = (4.0, 8.0, 12.0) if kind == "volunteering" else (19.0, 24.0, 30.0, 32.0, 38.0)
        return BenchOpportunity(
            ref=f"opportunity-{j + 1:05d}",
            organisation=employer["ref"],
            kind=kind,
            title=type_title(rng, self.occupations[occupation], for_opportunity=True,
                             typo_share=c.typo_share / 2),
            uri=self.occupations[occupation].uri,
            occupation_given=bool(rng.random() < c.occupation_given_share),
            postcode=self._postcode(),
            hours_per_week=self._choice(hours),
            dutch_level=self._choice(LEVELS, REQUIRED_DUTCH),
            language_support=bool(rng.random() < 0.4),
            starts_on=c.reference_date + dt.timedelta(days=int(rng.integers(0, 90))),
            languages=languages,
            skills=tuple((profile[k], bool(r)) for k, r in zip(picked, required, strict=True)),
            sector=employer["sector"],
            schedule=self._mix(WORKING_TIMES),
        )

    def _typed(self, occupation: int, years: float | None) -> TypedOccupation:
        title = type_title(self.rng, self.occupations[occupation], for_opportunity=False,
                           typo_share=self.config.typo_share)
        return TypedOccupation(title=title, uri=self.occupations[occupation].uri, years=years)

    def _candidate(self, i: int, targets: list[int], coaches: list[dict]) -> BenchCandidate:
        c, rng = self.config, self.rng
        names, shares = zip(*RELATION_MIX, strict=True)

        def true_occupation() -> int:
            return self._related(self._choice(targets), self._choice(names, shares))

        experience_count = int(rng.choice(4, p=(0.1, 0.45, 0.3, 0.15)))
        wish_count = int(rng.choice(3, p=(0.35, 0.45, 0.2)))
        if experience_count + wish_count == 0:
            wish_count = 1
        experience = tuple(
            self._typed(true_occupation(), float(round(min(rng.exponential(3.0), 25.0), 1)))
            for _ in range(experience_count)
        )
        wishes = tuple(self._typed(true_occupation(), None) for _ in range(wish_count))
        first = self.spaces.occupations.index_of((experience or wishes)[0].uri)
        profile = self._skill_profile(first)
        skills = {profile[k] for k in rng.choice(len(profile), size=int(rng.integers(1, 6)),
                                                 replace=False)}
        skills |= {self.skills[k] for k in rng.choice(len(self.skills),
                                                      size=int(rng.integers(0, 4)),
                                                      replace=False)}
        home = rng.choice(len(HOME_LANGUAGES), size=int(rng.integers(1, 4)), replace=False)
        languages = tuple(
            (HOME_LANGUAGES[k], "C2" if n == 0 else self._choice(LEVELS[1:]))
            for n, k in enumerate(home)
        )
        kinds_choice = rng.random()
        if kinds_choice < 0.5:
            wished_kinds: tuple[str, ...] = ()
        else:
            wished_kinds = self._choice((("job",), ("job", "internship"), ("internship",),
                                         ("volunteering",), ("job", "volunteering")),
                                        (0.5, 0.25, 0.1, 0.05, 0.1))
        return BenchCandidate(
            ref=f"candidate-{i + 1:06d}",
            coach=coaches[i % len(coaches)]["email"],
            postcode=self._postcode(),
            dutch_level=self._choice(LEVELS, CANDIDATE_DUTCH),
            languages=languages,
            experience=experience,
            wishes=wishes,
            wished_kinds=wished_kinds,
            hours_per_week=self._choice((19.0, 24.0, 30.0, 38.0)) if rng.random() < 0.6 else None,
            max_commute_km=(self._choice((5.0, 10.0, 15.0, 20.0, 30.0, 40.0))
                            if rng.random() < 0.6 else None),
            available_from=c.reference_date + dt.timedelta(days=int(rng.integers(-60, 120))),
            allowed_to_work=self._choice(("yes", "pending", "no"), (0.85, 0.1, 0.05)),
            consent=bool(rng.random() < 0.95),
            skills=tuple(sorted(skills)),
            available=self._mix(AVAILABILITY),
        )


def synthetic_candidate_records(count: int, seed: int = 2024) -> list[dict]:
    """``count`` candidates drawn in bulk for speed benchmarks, as dicts for
    :meth:`~marketplace.matching.pool.CandidatePool.from_records`: real ESCO
    occupations (weighted like :func:`generate`, but without titles), skills,
    languages, Antwerp-area postcodes and the same mix of hard-requirement attributes."""
    rng = np.random.default_rng(seed)
    occupations = load_occupations()
    weights = np.array([MAJOR_GROUP_WEIGHT[o.isco_code[0]] for o in occupations])
    postcodes = load_postcodes()
    centre = postcodes[ANTWERP]
    area = [point for code, point in sorted(postcodes.items()) if code.startswith("2")
            and float(great_circle_km(*centre, *point)) <= AREA_KM]
    skills = [s.uri for s in load_skills() if "/isced-f/" not in s.uri]

    def draw(n: int, p=None) -> np.ndarray:
        return rng.choice(len(p) if p is not None else n, size=count, p=p)

    experience_counts = draw(4, (0.1, 0.45, 0.3, 0.15))
    wish_counts = draw(3, (0.35, 0.45, 0.2))
    wish_counts[experience_counts + wish_counts == 0] = 1
    entries = rng.choice(len(occupations), size=int((experience_counts + wish_counts).sum()),
                         p=weights / weights.sum())
    years = np.minimum(np.round(rng.exponential(3.0, size=len(entries)), 1), 25.0)
    skill_counts = rng.integers(1, 9, size=count)
    skill_draws = rng.integers(0, len(skills), size=int(skill_counts.sum()))
    language_draws = rng.integers(0, len(HOME_LANGUAGES), size=(count, 3))
    dutch = draw(len(LEVELS), CANDIDATE_DUTCH)
    kinds = draw(5, (0.5, 0.2, 0.1, 0.1, 0.1))
    kind_sets = ((), ("job",), ("job", "internship"), ("internship",), ("volunteering",))
    commute = np.where(rng.random(count) < 0.6,
                       rng.choice((5.0, 10.0, 15.0, 20.0, 30.0, 40.0), size=count), np.nan)
    hours = np.where(rng.random(count) < 0.6, rng.choice((19.0, 24.0, 30.0, 38.0), size=count),
                     np.nan)
    places = rng.integers(0, len(area), size=count)
    available = rng.integers(-60, 120, size=count)
    permission = draw(3, (0.85, 0.1, 0.05))
    consent = rng.random(count) < 0.95
    records, entry, skill = [], 0, 0
    start = BenchConfig.reference_date
    for i in range(count):
        n_experience, n_wishes = int(experience_counts[i]), int(wish_counts[i])
        experience = [(occupations[entries[entry + k]].uri, float(years[entry + k]))
                      for k in range(n_experience)]
        wished = [occupations[entries[entry + n_experience + k]].uri for k in range(n_wishes)]
        entry += n_experience + n_wishes
        n_skills = int(skill_counts[i])
        own_skills = [skills[k] for k in skill_draws[skill:skill + n_skills]]
        skill += n_skills
        latitude, longitude = area[places[i]]
        records.append({
            "id": i, "dutch_level": LEVELS[dutch[i]], "consent": bool(consent[i]),
            "allowed_to_work": ("yes", "pending", "no")[permission[i]],
            "latitude": latitude, "longitude": longitude,
            "max_commute_km": None if np.isnan(commute[i]) else float(commute[i]),
            "wished_kinds": kind_sets[kinds[i]],
            "hours_per_week": None if np.isnan(hours[i]) else float(hours[i]),
            "available_from": start + dt.timedelta(days=int(available[i])),
            "experience": experience, "wished_occupations": wished, "skills": own_skills,
            "languages": [(HOME_LANGUAGES[k], "B1") for k in dict.fromkeys(language_draws[i])],
        })
    return records


def _members(codes: np.ndarray) -> dict[int, list[int]]:
    members: dict[int, list[int]] = {}
    for position, code in enumerate(codes.tolist()):
        members.setdefault(code, []).append(position)
    return members


# -- command line ----------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Write generated data as JSON Lines (and optionally the relevance grades)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=BenchConfig.seed)
    parser.add_argument("--opportunities", type=int, default=BenchConfig.opportunities)
    parser.add_argument("--candidates", type=int, default=BenchConfig.candidates)
    parser.add_argument("--out", default="-", help="JSON Lines file (default: stdout)")
    parser.add_argument("--truth", help="also write the relevance grades to this file")
    args = parser.parse_args(argv)
    data = generate(BenchConfig(seed=args.seed, opportunities=args.opportunities,
                                candidates=args.candidates))
    if args.out == "-":
        data.write_jsonl(sys.stdout)
    else:
        with open(args.out, "w", encoding="utf-8") as stream:
            data.write_jsonl(stream)
    if args.truth:
        with open(args.truth, "w", encoding="utf-8") as stream:
            for line in data.truth_lines():
                stream.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
