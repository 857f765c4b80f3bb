"""NDCG@k with graded relevance, on examples worked out by hand."""

from __future__ import annotations

import math

import pytest

from marketplace.matching.evaluation import dcg_at_k, mean_ndcg, ndcg_at_k


def test_dcg_uses_exponential_gain_and_a_log2_discount():
    # (2^3 - 1)/log2(2) + (2^2 - 1)/log2(3) + (2^0 - 1)/log2(4)
    assert dcg_at_k([3, 2, 0], 3) == pytest.approx(7 + 3 / math.log2(3))
    assert dcg_at_k([3, 2, 0], 1) == 7
    assert dcg_at_k([], 10) == 0


def test_a_perfect_ranking_scores_one():
    assert ndcg_at_k([3, 2, 2, 1, 0], [0, 1, 2, 3, 2], 10) == pytest.approx(1.0)


def test_a_known_imperfect_ranking():
    ranked = [2, 3, 0]
    ideal = [3, 2, 0, 1]
    expected = (3 + 7 / math.log2(3)) / (7 + 3 / math.log2(3) + 1 / math.log2(4))
    assert ndcg_at_k(ranked, ideal, 3) == pytest.approx(expected)


def test_only_the_first_k_positions_count():
    assert ndcg_at_k([3, 0, 0, 3], [3, 3], 1) == pytest.approx(1.0)
    assert ndcg_at_k([3, 0, 0, 3], [3, 3], 4) < 1.0


def test_queries_without_a_relevant_entry_are_left_out_of_the_mean():
    assert math.isnan(ndcg_at_k([0, 0], [0, 0, 0], 10))
    assert mean_ndcg([([0], [0, 0]), ([3], [3]), ([0, 3], [3])], 10) == pytest.approx(
        (1 + 1 / math.log2(3)) / 2)
    assert math.isnan(mean_ndcg([], 10))
