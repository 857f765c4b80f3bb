"""Simulated coach decisions, to test and demonstrate learning from the suggestion logs.

For benchmark data (``benchdata.py``, true occupations), every opportunity gets the
list the cold-start scorer would show (its ``shown`` best eligible candidates). A
simulated coach then judges the shown candidates by a *hidden preference*: a weighted
sum of the same ten features with other weights than the cold-start score (by default
coaches care much more about a short commute and the required skills, and less about
the exact occupation once it is close), plus a little noise. The coach proposes the
one or two candidates they like best; the employer invites the best of those and
hires them half of the time. Grades as in ``training.py``: hired 3, invited 2,
proposed 1, shown and not chosen 0.

Pure: numpy only, seeded, so the same arguments give the same logs.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from marketplace.matching.benchmodel import BenchData
from marketplace.matching.esco_data import esco_spaces
from marketplace.matching.features import FEATURE_NAMES
from marketplace.matching.opportunity_table import OpportunitySpec
from marketplace.matching.pool import CandidatePool
from marketplace.matching.scoring import rank_candidates
from marketplace.matching.training import GRADES, TrainingData

HIDDEN_PREFERENCE: Mapping[str, float] = {
    "occupation": 0.30,
    "skills_required": 0.25,
    "skills_advantage": 0.02,
    "dutch": 0.05,
    "languages": 0.02,
    "distance": 0.25,
    "hours": 0.05,
    "schedule": 0.02,
    "sector": 0.01,
    "start_date": 0.03,
}
"""What the simulated coaches weigh (compare ``scoring.COLD_START_WEIGHTS``)."""

NOISE = 0.02
"""Scale of the Gumbel noise on each judgement: coaches are not perfectly consistent."""


def simulate_logs(
    data: BenchData,
    preference: Mapping[str, float] = HIDDEN_PREFERENCE,
    *,
    shown: int = 10,
    noise: float = NOISE,
    seed: int = 0,
) -> TrainingData:
    """One shown list per opportunity of ``data`` and the simulated decisions on it,
    as training rows (lists and opportunities numbered by the opportunity's index)."""
    weights = np.array([preference[name] for name in FEATURE_NAMES], dtype=np.float64)
    rng = np.random.default_rng(seed)
    spaces = esco_spaces()
    pool = CandidatePool.from_records(data.candidate_records(true_occupations=True), spaces)
    records = data.opportunity_records(true_occupations=True)
    X, grades, lists = [], [], []
    for j, record in enumerate(records):
        ranking = rank_candidates(pool, OpportunitySpec.from_record(record, spaces), top_k=shown)
        if len(ranking) < 2:
            continue  # nothing to choose between
        utility = ranking.features @ weights + noise * rng.gumbel(size=len(ranking))
        liked = np.argsort(-utility, kind="stable")[: int(rng.integers(1, 3))]
        list_grades = np.zeros(len(ranking), dtype=np.int64)
        list_grades[liked] = GRADES["proposed"]
        best = liked[0]
        list_grades[best] = GRADES["hired"] if rng.random() < 0.5 else GRADES["interview"]
        X.append(ranking.features)
        grades.append(list_grades)
        lists.append(np.full(len(ranking), j))
    lists_array = np.concatenate(lists)
    return TrainingData(np.vstack(X), np.concatenate(grades), lists_array, lists_array.copy())
