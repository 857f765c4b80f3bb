"""Matching quality: NDCG@10 of the cold-start scorer and of simple baselines, in both
directions.

For each seed, :func:`~marketplace.matching.benchdata.generate` makes opportunities and
candidates from the real ESCO occupations with messy typed titles, working times, day
parts and must-have skills; the candidates' titles go through the title resolver, as
imported records would. Candidates for an opportunity: each opportunity is a query and
its eligible candidates (hard requirements applied by the generator, working time
included) are ranked. Opportunities for a candidate: each candidate is a query and the
opportunities eligible for them are ranked. Both by

* the cold-start scorer (``rank_candidates`` / ``rank_opportunities``, top 10);
* "random eligible": a random order of the eligible candidates;
* "title similarity": cosine similarity of character 2- to 4-gram TF-IDF vectors
  between the opportunity's title and the candidate's closest title, alone;
* "scorer, true occupations": the scorer with every title resolved perfectly (what is
  lost to title resolution, and what to the scorer).

Relevance (:attr:`~marketplace.matching.benchmodel.BenchData.grades`): occupation first
(same occupation, same ISCO unit group, same minor group, otherwise nothing), then
holding every must-have skill: 6 and 5, 4 and 3, 2 and 1, 0.
Run: ``.venv/bin/python -m bench.quality`` (``--help`` for sizes and seeds).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from marketplace.matching.benchdata import BenchConfig, generate
from marketplace.matching.benchmodel import BenchData
from marketplace.matching.esco_data import esco_spaces, esco_title_resolver
from marketplace.matching.evaluation import mean_ndcg
from marketplace.matching.opportunity_table import OpportunitySpec, OpportunityTable
from marketplace.matching.pool import CandidatePool
from marketplace.matching.scoring import rank_candidates, rank_opportunities, top_indices
from marketplace.matching.spaces import ISCO4, SAME
from marketplace.taxonomy.label_text import normalise

K = 10
FOR_OPPORTUNITY, FOR_CANDIDATE = "candidates for an opportunity", "opportunities for a candidate"
COLUMNS = ("cold-start scorer", "random eligible", "title similarity",
           "scorer, true occupations")


def scorer_rankings(data: BenchData, *, true_occupations: bool
                    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The scorer's top 10 candidates per opportunity, and top 10 opportunities per
    candidate."""
    spaces = esco_spaces()
    pool = CandidatePool.from_records(
        data.candidate_records(true_occupations=true_occupations), spaces)
    specs = [OpportunitySpec.from_record(record, spaces)
             for record in data.opportunity_records(true_occupations=true_occupations)]
    candidates = []
    for j, spec in enumerate(specs):
        ranking = rank_candidates(pool, spec, top_k=K)
        if not data.eligible[j, ranking.indices].all():
            raise AssertionError("the scorer suggested a candidate the generator rules out")
        candidates.append(ranking.indices)
    table = OpportunityTable.from_specs(specs, spaces)
    opportunities = []
    for i in range(len(pool)):
        ranking = rank_opportunities(pool, i, table, top_k=K)
        if not data.eligible[ranking.indices, i].all():
            raise AssertionError("the scorer suggested an opportunity the generator rules out")
        opportunities.append(ranking.indices)
    return candidates, opportunities


def random_rankings(eligible: np.ndarray, seed: int) -> list[np.ndarray]:
    """A random order of the eligible entries of each row of ``eligible``."""
    rng = np.random.default_rng(seed)
    return [rng.permutation(np.flatnonzero(row))[:K] for row in eligible]


def title_similarity_rankings(data: BenchData) -> tuple[list[np.ndarray], list[np.ndarray]]:
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
    return ([top_indices(best[j], data.eligible[j], K) for j in range(len(best))],
            [top_indices(best[:, i], data.eligible[:, i], K) for i in range(best.shape[1])])


def ndcg(grades: np.ndarray, eligible: np.ndarray, rankings: list[np.ndarray]) -> float:
    """Mean NDCG@10 of one ranking per row (query) of ``grades``, against the ideal
    order of the row's eligible entries."""
    return mean_ndcg(
        ((grades[q, ranked], grades[q, eligible[q]]) for q, ranked in enumerate(rankings)),
        K,
    )


def figures_of(data: BenchData, seed: int) -> dict[str, dict[str, float]]:
    """NDCG@10 per direction and ranking."""
    grades, eligible = data.grades, data.eligible
    scorer = scorer_rankings(data, true_occupations=False)
    perfect = scorer_rankings(data, true_occupations=True)
    similar = title_similarity_rankings(data)
    figures = {}
    for d, (direction, g, e) in enumerate(((FOR_OPPORTUNITY, grades, eligible),
                                           (FOR_CANDIDATE, grades.T, eligible.T))):
        figures[direction] = {
            "cold-start scorer": ndcg(g, e, scorer[d]),
            "random eligible": ndcg(g, e, random_rankings(e, seed)),
            "title similarity": ndcg(g, e, similar[d]),
            "scorer, true occupations": ndcg(g, e, perfect[d]),
        }
    return figures


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
    results = {direction: {name: [] for name in COLUMNS}
               for direction in (FOR_OPPORTUNITY, FOR_CANDIDATE)}
    print(f"NDCG@{K}; {args.opportunities} opportunities and {args.candidates} candidates "
          f"per seed")
    for seed in args.seeds:
        started = time.perf_counter()
        data = generate(BenchConfig(seed=seed, opportunities=args.opportunities,
                                    candidates=args.candidates))
        for direction, figures in figures_of(data, seed).items():
            for name, value in figures.items():
                results[direction][name].append(value)
            print(f"seed {seed}, {direction}: " + ", ".join(
                f"{name} {value:.3f}" for name, value in figures.items()))
        same, group, missing = resolution_shares(data)
        eligible = data.eligible.sum(axis=1).mean()
        relevant = ((data.relevance > 0) & data.eligible).sum(axis=1).mean()
        complete = (data.must_haves_held[(data.relevance > 0) & data.eligible]).mean()
        print(f"  eligible per opportunity {eligible:.0f}, relevant {relevant:.0f} (holding "
              f"every must-have {complete:.0%}); titles resolved to the true occupation "
              f"{same:.1%}, within its ISCO unit group {group:.1%}, unresolved "
              f"{missing:.1%} ({time.perf_counter() - started:.0f} s)")
    for direction, figures in results.items():
        print(f"mean, {direction}: " + ", ".join(
            f"{name} {statistics.fmean(values):.3f}" for name, values in figures.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
