"""A simulated partner history for testing that the ranking learns (issue 17).

A seeded world of candidates, past opportunities and employers who hire by their own
preference, written as the records a partner would import (``flask records import``):
organisations, one partner with its coaches, candidates, opportunities that are filled
or closed, the suggestion lists the partner showed and the proposals with their
outcomes. ``tests/ranking/test_learning_from_history.py`` and ``bench/learning.py``
use it.

The employers' preference is what the cold-start scorer does not know: they care most
about a short commute and about years of experience in the very occupation they offer,
and not about a Dutch level above what they ask, the hours or the start date. It is
stated here in the world's own terms (kilometres between postcodes, years), never in
the ranking's features, so a model can only learn it from the outcomes.

Coaches show each opportunity a list of candidates of that occupation and a few of
related ones, propose those the cold-start order would (with noise: coaches follow the
list, not blindly), and the employer invites and hires among the proposed by its
preference; the others are declined.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field

import numpy as np

#: Real ESCO occupations of logistics, cleaning and kitchens, two per ISCO unit group
#: where ESCO has them, so that lists mix the same and related occupations.
OCCUPATIONS = (
    "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755",  # forklift
    "http://data.europa.eu/esco/occupation/bea705fe-06ac-4147-b8e0-6e8ac1208d8f",  # warehouse
    "http://data.europa.eu/esco/occupation/303a1e34-cb16-4054-b323-81e5eec17397",  # cleaner
    "http://data.europa.eu/esco/occupation/e1cf6897-158d-4b48-a39e-2a3a8cac216c",  # kitchen
    "http://data.europa.eu/esco/occupation/45037d43-a8f5-4f46-b332-b2935bc305f4",  # truck
)
#: Antwerp postcodes with their points (latitude, longitude), for the world's commute.
POSTCODES = {
    "2000": (51.2194, 4.4025), "2018": (51.2050, 4.4180), "2020": (51.1880, 4.3900),
    "2030": (51.2700, 4.3900), "2040": (51.3300, 4.3100), "2050": (51.2250, 4.3700),
    "2060": (51.2250, 4.4300), "2100": (51.2130, 4.4700), "2140": (51.2100, 4.4500),
    "2150": (51.1950, 4.4900), "2170": (51.2550, 4.4400), "2180": (51.2950, 4.4400),
    "2600": (51.1900, 4.4300), "2610": (51.1700, 4.3900), "2660": (51.1700, 4.3500),
    "2640": (51.1700, 4.4500), "2900": (51.2600, 4.5300), "2930": (51.2900, 4.4900),
    "2500": (51.1310, 4.5700), "2800": (51.0250, 4.4800),
}
DUTCH = ("A1", "A2", "B1", "B2")
PARTNER = "world-partner"
COACH = "coach@world.example.org"
TODAY = dt.date(2026, 6, 1)
"""The world's 'now': everything in it happened before."""


def commute_km(a: str, b: str) -> float:
    (lat1, lon1), (lat2, lon2) = POSTCODES[a], POSTCODES[b]
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


@dataclass(frozen=True)
class WorldConfig:
    seed: int = 17
    candidates: int = 400
    opportunities: int = 150
    shown: int = 15
    proposed: int = 5
    employers: int = 6


@dataclass
class World:
    records: list[dict] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [json.dumps(record, ensure_ascii=False) for record in self.records]

    def write(self, path) -> None:
        with open(path, "w", encoding="utf-8") as handle:
            handle.writelines(line + "\n" for line in self.lines())


def build_world(config: WorldConfig = WorldConfig()) -> World:
    """The world's records, the same for the same config."""
    rng = np.random.default_rng(config.seed)
    world = World()
    codes = sorted(POSTCODES)
    world.records.append({"type": "organisation", "ref": PARTNER,
                          "name": "Wereld Trajectbegeleiding vzw", "role": "partner"})
    world.records.append({"type": "coach", "email": COACH, "name": "Wereld Coach",
                          "organisation": PARTNER})
    employers = [f"world-employer-{n}" for n in range(config.employers)]
    world.records += [{"type": "organisation", "ref": ref, "name": f"Wereldbedrijf {n}",
                       "role": "employer", "sector": "H", "postcode": codes[n % len(codes)]}
                      for n, ref in enumerate(employers)]
    people = []
    for n in range(config.candidates):
        home = codes[rng.integers(len(codes))]
        main = int(rng.integers(len(OCCUPATIONS)))
        years = float(np.round(rng.gamma(1.6, 2.0), 1))
        experience = [{"occupation": OCCUPATIONS[main], "years": min(years, 40.0)}]
        if rng.random() < 0.4:
            other = int(rng.integers(len(OCCUPATIONS)))
            if other != main:
                experience.append({"occupation": OCCUPATIONS[other],
                                   "years": float(np.round(rng.uniform(0.2, 3), 1))})
        ref = f"world-candidate-{n}"
        people.append((ref, home, {e["occupation"]: e["years"] for e in experience}))
        world.records.append({
            "type": "candidate", "ref": ref, "coach": COACH, "pseudonym": f"Wereld {n}",
            "postcode": home, "dutch_level": DUTCH[rng.integers(len(DUTCH))],
            "experience": experience,
            "wishes": {"kinds": ["job"], "hours_per_week": float(rng.choice([20, 30, 38]))},
            "consent": True,
        })
    for n in range(config.opportunities):
        _past_opportunity(world, rng, config, n, employers, codes, people)
    return world


def _past_opportunity(world, rng, config, n, employers, codes, people) -> None:
    ref = f"world-opportunity-{n}"
    occupation = OCCUPATIONS[rng.integers(len(OCCUPATIONS))]
    place = codes[rng.integers(len(codes))]
    shown_on = TODAY - dt.timedelta(days=int(rng.integers(60, 700)))
    world.records.append({
        "type": "opportunity", "ref": ref, "organisation": employers[n % len(employers)],
        "kind": "job", "title": f"Vacature {n}", "description": "Een plaats van vroeger.",
        "occupation": occupation, "postcode": place, "hours_per_week": 38.0,
        "dutch_level": "A2", "language_support": True, "places": 1,
        "starts_on": (shown_on + dt.timedelta(days=30)).isoformat(),
        "status": "filled" if rng.random() < 0.8 else "closed",
    })
    same = [p for p in people if occupation in p[2]]
    other = [p for p in people if occupation not in p[2]]
    pick_same = rng.choice(len(same), size=min(len(same), config.shown - 3), replace=False)
    pick_other = rng.choice(len(other), size=3, replace=False)
    shown = [same[i] for i in pick_same] + [other[i] for i in pick_other]
    # Coaches propose from the list as shown, with their own noise.
    coach_view = np.array([p[2].get(occupation, 0.0) * 0.1 - commute_km(place, p[1]) * 0.01
                           + rng.normal(0, 0.3) for p in shown])
    proposed = [shown[i] for i in np.argsort(-coach_view)[:config.proposed]]
    # The employer's own preference: a short commute and years in this occupation.
    liking = np.array([
        1.6 * math.exp(-commute_km(place, p[1]) / 6.0)
        + 1.0 * min(p[2].get(occupation, 0.0), 8.0) / 8.0
        + rng.normal(0, 0.15) for p in proposed])
    order = np.argsort(-liking)
    outcomes = {proposed[order[0]][0]: "hired", proposed[order[1]][0]: "invited"}
    world.records.append({"type": "suggestion_list", "opportunity": ref,
                          "shown_on": shown_on.isoformat(),
                          "candidates": [p[0] for p in shown]})
    for number, person in enumerate(proposed):
        outcome = outcomes.get(person[0], "declined")
        record = {"type": "proposal", "ref": f"{ref}-proposal-{number}", "candidate": person[0],
                  "opportunity": ref, "coach": COACH,
                  "proposed_on": (shown_on + dt.timedelta(days=1)).isoformat(),
                  "outcome": outcome}
        if outcome != "invited":
            record["decided_on"] = (shown_on + dt.timedelta(days=14)).isoformat()
        if outcome == "invited":
            record["decided_on"] = (shown_on + dt.timedelta(days=7)).isoformat()
        if outcome == "declined":
            record["decline_reason"] = "profile"
        world.records.append(record)
