"""How long building the occupation label index and one autocomplete search take.

Run: ``.venv/bin/python -m bench.taxonomy_search``. Prints figures; asserts nothing.
"""

from __future__ import annotations

import statistics
import time

from marketplace.taxonomy.labelindex import LabelIndex
from marketplace.taxonomy.loader import DATA_DIR, read_taxonomy

QUERIES = ["heftruckchaufeur", "lasser", "cleaning lady", "verpleegkundige", "a", "chauffeur",
           "magazijnier", "kapster", "warehouse worker", "keukenhulp"]


def main() -> None:
    rows = read_taxonomy(DATA_DIR).occupations
    entries = []
    for number, row in enumerate(rows):
        entries.append((number, row["label_nl"], "nl", True))
        entries.append((number, row["label_en"], "en", True))
        entries += [(number, label, "nl", False) for label in row["alt_labels_nl"].splitlines()]
        entries += [(number, label, "en", False) for label in row["alt_labels_en"].splitlines()]
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
