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

The data and their grades are :mod:`~marketplace.matching.benchmodel`'s classes.

Run ``python -m marketplace.matching.benchdata --help`` to write files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence

import numpy as np

from marketplace.matching.benchmodel import (
    BenchCandidate,
    BenchConfig,
    BenchData,
    BenchOpportunity,
    TypedOccupation,
)
from marketplace.matching.esco_data import (
    esco_spaces,
    load_occupations,
    load_postcodes,
    load_skills,
)
from marketplace.matching.geometry import great_circle_km
from marketplace.matching.records import KINDS
from marketplace.matching.typed_titles import type_title

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

DEFAULT_CONFIG = BenchConfig()


# -- generation ------------------------------------------------------------------------


def generate(config: BenchConfig = DEFAULT_CONFIG) -> BenchData:
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
        try:
            data.write_jsonl(sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:  # the reader (``| head``) stopped early: nothing went wrong
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
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
