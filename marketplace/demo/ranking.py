"""Demo: one trained ranking model in the registry, so that admins see the ranking page
with a model they could switch to.

The model is trained on simulated coach decisions (``matching/simulation.py``: coaches
who weigh a short commute and the required skills more than the cold-start scorer)
on seeded benchmark data, and evaluated exactly as ``flask match train`` does. It is
stored *not* active: the demo's suggestions stay those of the documented cold-start
scorer until an admin chooses otherwise.
"""

from __future__ import annotations

from marketplace.matching.benchdata import BenchConfig, generate
from marketplace.matching.scoring import ColdStartScorer
from marketplace.matching.simulation import simulate_logs
from marketplace.matching.training import ALGORITHM, train_and_evaluate
from marketplace.ranking.operations import store_trained_model

SEED = 2026


def load_demo_ranking_model() -> str:
    """Train and store the demo model (not active); its version."""
    logs = simulate_logs(generate(BenchConfig(seed=SEED, opportunities=80, candidates=800)),
                         seed=SEED)
    current = ColdStartScorer()
    result = train_and_evaluate(logs, current, seed=SEED)
    model = store_trained_model(
        result.model, algorithm=ALGORITHM, rows=logs.rows, lists=logs.list_count,
        metrics=result.evaluation.as_metrics(current.version), promote=False,
    )
    return model.version
