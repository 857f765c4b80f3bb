"""How long building the occupation label index and one autocomplete search take.

Run: ``.venv/bin/python -m bench.taxonomy_search``. Prints figures; asserts nothing.
"""

from __future__ import annotations

import statistics
import time

from marketplace.matching.esco_data import load_occupations
from marketplace.matching.titles import occupation_label_entries
from marketplace.taxonomy.labelindex import LabelIndex

QUERIES = ["heftruckchaufeur", "lasser", "cleaning lady", "verpleegkundige", "a", "chauffeur",
           "magazijnier", "kapster", "warehouse worker", "keukenhulp"]


def main() -> None:
    occupations = load_occupations()
    number = {occupation.uri: n for n, occupation in enumerate(occupations)}
    entries = [(number[uri], label, lang, preferred) for uri, label, lang, preferred
               in occupation_label_entries(occupations, id_attribute="uri")]
    started = time.perf_counter()
    index = LabelIndex.build(entries)
    build_seconds = time.perf_counter() - started
    index.search("warm up")
    durations = []
    for _round in range(20):
        for query in QUERIES:
            started = time.perf_counter()
            index.search(query, limit=10)
            durations.append((time.perf_counter() - started) * 1000)
    print(f"labels indexed:       {len(index):>8}")
    print(f"index build:          {build_seconds:>8.2f} s")
    print(f"search median:        {statistics.median(durations):>8.2f} ms")
    print(f"search 95th centile:  {statistics.quantiles(durations, n=20)[-1]:>8.2f} ms")


if __name__ == "__main__":
    main()
