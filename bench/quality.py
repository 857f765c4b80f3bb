"""Matching quality: NDCG@10 of the cold-start scorer and of simple baselines.

For each seed, :func:`~marketplace.matching.benchdata.generate` makes opportunities and
candidates from the real ESCO occupations with messy typed titles; the candidates'
titles go through the title resolver, as imported records would. Each opportunity is a
query; its eligible candidates (hard requirements applied by the generator) are ranked
by

* the cold-start scorer (``rank_candidates``, top 10);
* "random eligible": a random order of the eligible candidates;
* "title similarity": cosine similarity of character 2- to 4-gram TF-IDF vectors
  between the opportunity's title and the candidate's closest title, alone;
* "scorer, true occupations": the scorer with every title resolved perfectly (what is
  lost to title resolution, and what to the scorer).

Relevance: 3 same occupation, 2 same ISCO unit group, 1 same minor group, 0 otherwise.
Run: ``.venv/bin/python -m bench.quality`` (``--help`` for sizes and seeds).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from marketplace.matching.benchdata import BenchConfig, BenchData, generate
from marketplace.matching.esco_data import esco_spaces, esco_title_resolver
from marketplace.matching.evaluation import mean_ndcg
from marketplace.matching.pool import CandidatePool, OpportunitySpec
from marketplace.matching.scoring import rank_candidates, top_indices
from marketplace.matching.spaces import ISCO4, SAME
from marketplace.taxonomy.labelindex import normalise

K = 10


def scorer_rankings(data: BenchData, *, true_occupations: bool) -> list[np.ndarray]:
    spaces = esco_spaces()
    pool = CandidatePool.from_records(
        data.candidate_records(true_occupations=true_occupations), spaces)
    specs = [OpportunitySpec.from_record(record, spaces)
             for record in data.opportunity_records(true_occupations=true_occupations)]
    rankings = []
    for j, spec in enumerate(specs):
        ranking = rank_candidates(pool, spec, top_k=K)
        if not data.eligible[j, ranking.indices].all():
            raise AssertionError("the scorer suggested a candidate the generator rules out")
        rankings.append(ranking.indices)
    return rankings


def random_rankings(data: BenchData, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.permutation(np.flatnonzero(eligible))[:K] for eligible in data.eligible]


def title_similarity_rankings(data: BenchData) -> list[np.ndarray]:
    owners, titles = [], []
    for i, candidate in enumerate(data.candidates):
        for entry in (*candidate.experience, *candidate.wishes):
            owners.append(i)
            titles.append(normalise(entry.title))
    queries = [normalise(o.title) for o in data.opportunities]
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    vectorizer.fit(queries + titles)
    similarity = (vectorizer.transform(queries) @ vectorizer.transform(titles).T).toarray()
    starts = np.flatnonzero(np.r_[True, np.diff(owners) != 0])
    best = np.maximum.reduceat(similarity, starts, axis=1)  # opportunities by candidates
    return [top_indices(best[j], data.eligible[j], K) for j in range(len(data.opportunities))]


def ndcg(data: BenchData, rankings: list[np.ndarray]) -> float:
    return mean_ndcg(
        ((data.relevance[j, ranked], data.relevance[j, data.eligible[j]])
         for j, ranked in enumerate(rankings)),
        K,
    )


def resolution_shares(data: BenchData) -> tuple[float, float, float]:
    """Shares of candidate titles resolved to the true occupation, to one in its ISCO
    unit group (or closer), and not at all."""
    space, resolver = esco_spaces().occupations, esco_title_resolver()
    same = group = missing = total = 0
    for candidate in data.candidates:
        for entry in (*candidate.experience, *candidate.wishes):
            total += 1
            resolution = resolver.resolve(entry.title)
            if resolution is None:
                missing += 1
                continue
            level = space.relation_level(space.index_of(entry.uri),
                                         space.index_of(resolution.occupation_id))
            same += level == SAME
            group += level >= ISCO4
    return same / total, group / total, missing / total


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="NDCG@10 of the matching engine.")
    parser.add_argument("--seeds", type=int, nargs="+", default=[2024, 2025, 2026])
    parser.add_argument("--opportunities", type=int, default=100)
    parser.add_argument("--candidates", type=int, default=3000)
    args = parser.parse_args(argv)

    esco_title_resolver()  # built once (a few seconds)
    columns = ("cold-start scorer", "random eligible", "title similarity",
               "scorer, true occupations")
    results: dict[str, list[float]] = {name: [] for name in columns}
    print(f"NDCG@{K}; {args.opportunities} opportunities and {args.candidates} candidates "
          f"per seed")
    for seed in args.seeds:
        started = time.perf_counter()
        data = generate(BenchConfig(seed=seed, opportunities=args.opportunities,
                                    candidates=args.candidates))
        figures = {
            "cold-start scorer": ndcg(data, scorer_rankings(data, true_occupations=False)),
            "random eligible": ndcg(data, random_rankings(data, seed)),
            "title similarity": ndcg(data, title_similarity_rankings(data)),
            "scorer, true occupations": ndcg(data, scorer_rankings(data,
                                                                   true_occupations=True)),
        }
        for name, value in figures.items():
            results[name].append(value)
        same, group, missing = resolution_shares(data)
        eligible = data.eligible.sum(axis=1).mean()
        relevant = ((data.relevance > 0) & data.eligible).sum(axis=1).mean()
        print(f"seed {seed}: " + ", ".join(f"{name} {value:.3f}"
                                            for name, value in figures.items()))
        print(f"  eligible per opportunity {eligible:.0f}, relevant {relevant:.0f}; titles "
              f"resolved to the true occupation {same:.1%}, within its ISCO unit group "
              f"{group:.1%}, unresolved {missing:.1%} ({time.perf_counter() - started:.0f} s)")
    print("mean: " + ", ".join(f"{name} {statistics.fmean(values):.3f}"
                               for name, values in results.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
