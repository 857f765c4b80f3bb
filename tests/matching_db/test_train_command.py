"""``flask match train``: reading the logs, the report, promotion, --dry-run and
--min-rows, with the training rows of 150 simulated lists (``matching/simulation.py``) in
place of the logs. ``tests/ranking/test_train_from_logs.py`` writes real logs."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.matching.benchdata import BenchConfig, generate
from marketplace.matching.scoring import COLD_START_VERSION
from marketplace.matching.simulation import simulate_logs
from marketplace.ranking import scorer, training_rows
from marketplace.ranking.models import RankingModel


@pytest.fixture(scope="module")
def simulated_logs():
    return simulate_logs(generate(BenchConfig(seed=11, opportunities=150, candidates=1500)), seed=3)


@pytest.fixture
def logs(monkeypatch, simulated_logs):
    monkeypatch.setattr(training_rows, "training_data", lambda: simulated_logs)
    return simulated_logs


def _train(app, *args):
    return app.test_cli_runner().invoke(args=["match", "train", *args])


def _models() -> int:
    return db.session.scalar(select(func.count(RankingModel.id)))


def test_without_suggestion_logs_nothing_is_trained(app, app_ctx):
    assert training_rows.training_data().rows == 0
    result = _train(app)
    assert result.exit_code == 0, result.stdout
    assert "Too little data: 0 entries" in result.stdout
    assert _models() == 0


def test_training_on_coach_decisions_promotes_a_better_model(app, app_ctx, logs):
    result = _train(app, "--seed", "1")
    assert result.exit_code == 0, result.stderr
    assert "reading the suggestion logs" in result.stderr
    assert "fold 5/5" in result.stderr
    assert f"data:      {logs.rows} entries, 150 lists" in result.stdout
    assert "decision:  promoted" in result.stdout
    model = db.session.scalar(select(RankingModel).where(RankingModel.active))
    assert model.promoted and model.training_rows == logs.rows
    assert model.metrics["current_version"] == COLD_START_VERSION
    assert model.metrics["ndcg10_new"] > model.metrics["ndcg10_current"]
    assert scorer.active_scorer().version == model.version


def test_a_dry_run_reports_and_stores_nothing(app, app_ctx, logs):
    result = _train(app, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "(dry run, not stored)" in result.stdout
    assert _models() == 0


def test_too_few_rows_for_the_minimum(app, app_ctx, logs):
    result = _train(app, "--min-rows", str(logs.rows + 1))
    assert "Nothing trained." in result.stdout
    assert _models() == 0
