"""The ranking learns from a partner's imported history: a simulated world whose
employers hire by preferences the cold-start scorer does not know (``world.py``) is
imported through the records importer and trained on; the learned model ranks the
held-out opportunities clearly better, and is promoted."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.matching.scoring import COLD_START_VERSION
from marketplace.ranking import operations
from marketplace.ranking.models import RankingModel
from marketplace.ranking.train import train_new_model
from marketplace.records.importer import import_records
from marketplace.records.reader import parse_lines
from tests.ranking.world import WorldConfig, build_world


def test_history_of_a_simulated_world_teaches_the_ranking_what_employers_prefer(app_ctx):
    summary = import_records(parse_lines(build_world().lines()))
    assert summary.created["proposal"] == 150 * 5 and summary.created["suggestion_list"] == 150
    db.session.flush()
    outcome = train_new_model(folds=5, seed=0)
    evaluation = outcome.evaluation
    print(f"\nNDCG@10 on held-out opportunities: cold start {evaluation.ndcg_current:.3f}, "
          f"learned {evaluation.ndcg_new:.3f}")
    assert outcome.current_version == COLD_START_VERSION
    assert outcome.rows == 150 * 15 and outcome.lists == 150
    assert evaluation.ndcg_new >= evaluation.ndcg_current + 0.05
    assert outcome.promote and operations.active_version() == outcome.model.version


def _models() -> int:
    return db.session.scalar(select(func.count()).select_from(RankingModel))


def test_too_little_history_trains_nothing_and_says_why(app):
    world = build_world(WorldConfig(candidates=40, opportunities=1))
    with app.app_context():
        import_records(parse_lines(world.lines()))
        db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["match", "train"])
    assert result.exit_code == 0, result.output
    assert "Too little data: 14 entries, 2 chosen (at least 200 entries" in result.stdout
    result = runner.invoke(args=["match", "train", "--min-rows", "1"])
    assert result.exit_code == 0, result.output
    assert "Too little data to learn from: 14 entries about 1 opportunities" in result.stdout
    assert "Traceback" not in result.output
    with app.app_context():
        assert _models() == 0 and operations.active_version() == COLD_START_VERSION
