"""The fairness report: selection rates and exposure per group, from the exact counts
of ``queries.fairness_counts``, published under the insights' disclosure rule.

* **Groups.** Four characteristics, each on its own: self-declared gender, age band
  (10 years, from the birth year, at the end of the period), Dutch level, and first
  language (the profile has no mother tongue: the other language spoken at the highest
  level stands in for it). "Not stated" is a group of its own.
* **Stages.** A candidate counts once per stage: in the top 10 of a ranked list of
  candidates for an opportunity, proposed, invited (or hired or accepted), hired for
  work, accepted on a course or try-out during the period. A proposal's ``hired``
  state is a hire for a job, internship or volunteering place, and an acceptance for a
  course or try-out (``proposals.vocab.KINDS_WITHOUT_PLACEMENT``): the two are stages
  of their own, so a group that mostly gets courses and another that mostly gets work
  do not look alike. Someone with both counts in both.
* **Protection** (``marketplace.insights.protection``): every count goes through
  ``protect`` (groups under 5 people hidden, others rounded to 5) and
  ``hide_zeros_beside_hidden`` per column; rates, ratios, shares and skew are worked
  out from the shown figures only, so a hidden count gives no ratio.
* **Four-fifths rule.** A group's rate divided by the best rate of the shown groups;
  below 0.8 it is flagged. Per stage: work and courses or try-outs each have their own
  best group and their own flag.
* **Exposure** (skew@10, Geyik et al. 2019): the natural log of a group's share of
  the top-10 places over its share of the eligible candidates; 0 is even, below 0 is
  less exposure than its size.

Pure Python over a few hundred group rows: no loop over people.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from marketplace.candidates.identity import age_band
from marketplace.insights.protection import Figure, hide_zeros_beside_hidden, protect
from marketplace.ranking.queries import GroupCounts

#: The four-fifths rule: a selection rate below this part of the best group's is flagged.
FOUR_FIFTHS = 0.8

DIMENSIONS: tuple[str, ...] = ("gender", "age_band", "dutch_level", "first_language")
STAGES: tuple[str, ...] = ("top10", "proposed", "invited", "hired", "accepted")

#: The key of people who did not say (no gender, no birth year, no other language).
NOT_STATED = ""


@dataclass
class GroupRow:
    """One group of one characteristic, as published."""

    key: str
    eligible: Figure
    counts: dict[str, Figure]
    places: Figure
    rates: dict[str, float | None]
    ratios: dict[str, float | None]
    place_share: float | None = None
    eligible_share: float | None = None
    skew: float | None = None

    def flagged(self, stage: str) -> bool:
        ratio = self.ratios[stage]
        return ratio is not None and ratio < FOUR_FIFTHS


@dataclass
class Breakdown:
    dimension: str
    rows: list[GroupRow]


def _key(counts: GroupCounts, dimension: str, end: date) -> str:
    if dimension == "age_band":
        if counts.age_low is None:
            return NOT_STATED
        return age_band(end.year - counts.age_low, end) or NOT_STATED
    return getattr(counts, dimension) or NOT_STATED


def _sum_by(rows: list[GroupCounts], dimension: str, end: date) -> dict[str, dict[str, int]]:
    """The exact counts added up per group of one characteristic."""
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        total = totals[_key(row, dimension, end)]
        for name in ("eligible", "top10_places", *STAGES):
            total[name] += getattr(row, name)
    return totals


def _protected_column(values: list[int], units: list[int]) -> list[Figure]:
    return hide_zeros_beside_hidden(protect(v, u) for v, u in zip(values, units, strict=True))


def _rate(part: Figure, whole: Figure) -> float | None:
    if part.hidden or whole.hidden or not whole.value:
        return None
    return part.value / whole.value


def _share(part: Figure, total: int) -> float | None:
    return None if part.hidden or not total else part.value / total


def breakdown(rows: list[GroupCounts], dimension: str, end: date) -> Breakdown:
    """One characteristic's published table (groups in key order, "not stated" last)."""
    totals = _sum_by(rows, dimension, end)
    keys = sorted(totals, key=lambda key: (key == NOT_STATED, key))
    eligible_exact = [totals[key]["eligible"] for key in keys]
    eligible = _protected_column(eligible_exact, eligible_exact)
    # A group's stage counts are about its own people: too few people hides them all.
    columns = {
        stage: _protected_column([totals[key][stage] for key in keys], eligible_exact)
        for stage in (*STAGES, "top10_places")
    }
    groups = [
        GroupRow(
            key=key,
            eligible=eligible[i],
            counts={stage: columns[stage][i] for stage in STAGES},
            places=columns["top10_places"][i],
            rates={stage: _rate(columns[stage][i], eligible[i]) for stage in STAGES},
            ratios={},
        )
        for i, key in enumerate(keys)
    ]
    for stage in STAGES:
        best = max((g.rates[stage] for g in groups if g.rates[stage] is not None), default=None)
        for group in groups:
            rate = group.rates[stage]
            group.ratios[stage] = rate / best if rate is not None and best else None
    shown_places = sum(g.places.value for g in groups if not g.places.hidden)
    shown_eligible = sum(g.eligible.value for g in groups if not g.eligible.hidden)
    for group in groups:
        group.place_share = _share(group.places, shown_places)
        group.eligible_share = _share(group.eligible, shown_eligible)
        if group.place_share and group.eligible_share:
            group.skew = math.log(group.place_share / group.eligible_share)
    return Breakdown(dimension=dimension, rows=groups)


def fairness_report(rows: list[GroupCounts], end: date) -> list[Breakdown]:
    """The published breakdowns of every characteristic (:data:`DIMENSIONS`)."""
    return [breakdown(rows, dimension, end) for dimension in DIMENSIONS]
