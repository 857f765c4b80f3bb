"""Learning the ranking from coach decisions: labels, pairs, evaluation by held-out
opportunities, the promotion rule, and simulated coaches (no app, no database)."""

from __future__ import annotations

import numpy as np
import pytest

from marketplace.matching.benchdata import BenchConfig, generate
from marketplace.matching.features import FEATURE_NAMES
from marketplace.matching.scoring import COLD_START_WEIGHTS, ColdStartScorer, SklearnScorer
from marketplace.matching.simulation import simulate_logs
from marketplace.matching.training import (
    MAX_PAIRS_PER_LIST,
    PROMOTION_MARGIN,
    Evaluation,
    TrainingData,
    evaluate,
    fit_pairwise_ranker,
    grade_of,
    list_ndcg,
    pairwise_examples,
    should_promote,
    train_and_evaluate,
)


@pytest.fixture(scope="module")
def bench_data():
    return generate(BenchConfig(seed=11, opportunities=150, candidates=1500))


def _data(X, grades, lists, opportunities=None) -> TrainingData:
    lists = np.asarray(lists)
    return TrainingData(
        np.asarray(X, dtype=float),
        np.asarray(grades),
        lists,
        lists.copy() if opportunities is None else np.asarray(opportunities),
    )


def test_an_entry_gets_the_grade_of_the_furthest_step_its_proposal_reached():
    assert grade_of([]) == 0
    assert grade_of(["proposed"]) == 1
    assert grade_of(["proposed", "declined"]) == 1
    assert grade_of(["proposed", "interview", "declined"]) == 2
    assert grade_of(["proposed", "interview", "hired"]) == 3


def test_pairs_come_from_one_list_and_go_both_ways():
    data = _data([[1, 0], [0, 1], [5, 5], [6, 6]], [1, 0, 0, 0], [1, 1, 2, 2])
    X, y = pairwise_examples(data, np.random.default_rng(0))
    # List 1 has one pair (better minus worse and back); list 2 has equal grades.
    assert X.tolist() == [[1, -1], [-1, 1]]
    assert y.tolist() == [1, 0]


def test_pairs_of_one_long_list_are_capped():
    grades = np.r_[np.ones(30), np.zeros(30)]
    data = _data(np.random.default_rng(1).random((60, 3)), grades, np.zeros(60))
    X, _y = pairwise_examples(data, np.random.default_rng(0))
    assert len(X) == 2 * MAX_PAIRS_PER_LIST


def test_logs_without_any_choice_cannot_be_learned_from():
    with pytest.raises(ValueError, match="nothing to learn"):
        pairwise_examples(_data([[1], [2]], [0, 0], [1, 1]), np.random.default_rng(0))


def test_the_fitted_ranker_orders_as_the_chosen_entries_did():
    rng = np.random.default_rng(4)
    X = rng.random((200, 2))
    lists = np.repeat(np.arange(20), 10)
    # In every list the entry with the largest second feature was chosen.
    grades = np.zeros(200, dtype=int)
    for start in range(0, 200, 10):
        grades[start + np.argmax(X[start : start + 10, 1])] = 1
    # Feature rows as the ranking has them; the two features in "dutch" and "distance",
    # every occupation and must-have the same, so the order is the score's.
    rows = np.full((200, len(FEATURE_NAMES)), 0.5)
    columns = [FEATURE_NAMES.index("dutch"), FEATURE_NAMES.index("distance")]
    rows[:, columns] = X
    model = fit_pairwise_ranker(_data(rows, grades, lists))
    first, second = model.coef_[0][columns]
    assert second > 5 * abs(first)
    scorer = SklearnScorer(model, "test")
    scores = scorer.score(rows)
    assert ((scores >= 0) & (scores <= 1)).all()
    assert list_ndcg(scorer, _data(rows, grades, lists)) > 0.95
    assert list_ndcg(ColdStartScorer(), _data(np.c_[X, np.zeros((200, 8))], grades, lists)) < 0.8


def test_promotion_needs_the_margin():
    def result(new, current):
        return Evaluation(new, current, 5, ())

    assert should_promote(result(0.80, 0.80 - PROMOTION_MARGIN))
    assert not should_promote(result(0.80, 0.80 - PROMOTION_MARGIN / 2))
    assert not should_promote(result(0.70, 0.80))
    assert not should_promote(result(float("nan"), 0.5))


def test_one_opportunity_cannot_be_held_out():
    data = _data([[1], [0], [1], [0]], [1, 0, 1, 0], [1, 1, 2, 2], [7, 7, 7, 7])
    with pytest.raises(ValueError, match="two opportunities"):
        evaluate(data, ColdStartScorer())


def test_training_on_simulated_coach_decisions_beats_the_cold_start_scorer(bench_data):
    logs = simulate_logs(bench_data, seed=3)
    messages = []
    result = train_and_evaluate(logs, ColdStartScorer(), seed=1, progress=messages.append)
    assert result.evaluation.ndcg_new > result.evaluation.ndcg_current + PROMOTION_MARGIN
    assert result.promote
    assert messages[:2] == ["fold 1/5", "fold 2/5"]
    assert result.evaluation.as_metrics("cold-start-1")["current_version"] == "cold-start-1"


def test_coaches_who_decide_like_the_cold_start_scorer_give_no_reason_to_switch(bench_data):
    logs = simulate_logs(bench_data, COLD_START_WEIGHTS, seed=3)
    result = train_and_evaluate(logs, ColdStartScorer(), seed=1)
    assert not result.promote
