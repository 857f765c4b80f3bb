"""Ranking quality: NDCG@k with graded relevance.

For one query (an opportunity), a ranking lists candidates best first; each has a
relevance grade (0 = not relevant; the benchmark uses 3 = same occupation, 2 = same
ISCO unit group, 1 = same minor group). With gain ``2^rel - 1`` and discount
``log2(position + 1)``:

    DCG@k  = sum over the first k positions of (2^rel - 1) / log2(position + 1)
    NDCG@k = DCG@k of the ranking / DCG@k of the ideal ranking (all grades sorted)

NDCG@k is 1 when the first k entries are as good as they can be. A query without any
relevant entry has no ideal to compare with: :func:`ndcg_at_k` answers NaN and
:func:`mean_ndcg` leaves such queries out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np


def dcg_at_k(relevances: Sequence[float], k: int) -> float:
    """Discounted cumulative gain of the first ``k`` grades, in ranked order."""
    grades = np.asarray(relevances, dtype=np.float64)[:k]
    if grades.size == 0:
        return 0.0
    discounts = np.log2(np.arange(2, grades.size + 2))
    return float(((np.exp2(grades) - 1.0) / discounts).sum())


def ndcg_at_k(relevances_in_ranked_order: Sequence[float], ideal_relevances: Sequence[float],
              k: int) -> float:
    """NDCG@k of a ranking whose entries have ``relevances_in_ranked_order``, against
    ``ideal_relevances`` (the grades of every entry that could have been ranked, in
    any order). NaN when no entry is relevant."""
    ideal = dcg_at_k(np.sort(np.asarray(ideal_relevances, dtype=np.float64))[::-1], k)
    if ideal == 0.0:
        return float("nan")
    return dcg_at_k(relevances_in_ranked_order, k) / ideal


def mean_ndcg(queries: Iterable[tuple[Sequence[float], Sequence[float]]], k: int) -> float:
    """Mean NDCG@k over ``(relevances_in_ranked_order, ideal_relevances)`` pairs,
    leaving out queries without any relevant entry (NaN if none is left)."""
    values = [ndcg_at_k(ranked, ideal, k) for ranked, ideal in queries]
    values = [value for value in values if not np.isnan(value)]
    return float(np.mean(values)) if values else float("nan")
