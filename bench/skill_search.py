"""How long building the skill indexes and one skill search take, over all ESCO skills
(the groups, the 13,939 skills and their derived alternative labels, the Dutch
catalogue) read from the shipped data files, without a database.

Also counts, over the queries, the results that only look like the query (``similar``)
shown beside results that hold the typed words: the focused search leaves them out.

Run: ``.venv/bin/python -m bench.skill_search``. Prints figures; asserts nothing.
"""

from __future__ import annotations

import statistics
import time

from marketplace.taxonomy.labelindex import LabelIndex
from marketplace.taxonomy.reader import read_taxonomy

QUERIES = ["heftruck", "forklift", "warehouse", "pick", "moving and", "kassa", "metselen",
           "schoonmaken", "koken", "a", "customer service", "welding", "orderpicken",
           "heftrck", "customer servise", "vorkheftruck"]
ROUNDS = 10


def main() -> None:
    skills = read_taxonomy().skills
    entries, descriptions = [], []
    for number, skill in enumerate(skills):
        entries.append((number, skill["label_en"], "en", True))
        if skill["label_nl"]:
            entries.append((number, skill["label_nl"], "nl", True))
        entries += [(number, alt, "en", False) for alt in skill["alt_labels_en"].splitlines()]
        descriptions.append((number, skill["description_en"], "en", False))
    started = time.perf_counter()
    labels = LabelIndex.build(entries, fuzzy_alternatives=False)
    label_seconds = time.perf_counter() - started
    started = time.perf_counter()
    described = LabelIndex.build(descriptions, fuzzy_alternatives=False)
    description_seconds = time.perf_counter() - started
    started = time.perf_counter()  # builds what the typo tier looks up, on first use
    labels.search("heftrck", limit=20, lang="nl", preferred_first=True, focused=True)
    first_typo_ms = (time.perf_counter() - started) * 1000
    durations = []
    for _round in range(ROUNDS):
        for query in QUERIES:
            started = time.perf_counter()
            labels.search(query, limit=20, lang="nl", preferred_first=True, focused=True)
            described.search(query, limit=20)  # the worst case: descriptions every time
            durations.append((time.perf_counter() - started) * 1000)
    shown = [labels.search(query, limit=20, lang="nl", preferred_first=True, focused=True)
             for query in QUERIES]
    look_alikes = sum(sum(m.how == "similar" for m in found) for found in shown
                      if any(m.how != "similar" for m in found))
    print(f"skills:                   {len(skills):>8}")
    print(f"labels indexed:           {len(labels):>8}")
    print(f"label index build:        {label_seconds:>8.2f} s")
    print(f"description index build:  {description_seconds:>7.2f} s")
    print(f"first search with a typo: {first_typo_ms:>8.2f} ms")
    print(f"search median:            {statistics.median(durations):>8.2f} ms")
    print(f"search 95th centile:      {statistics.quantiles(durations, n=20)[-1]:>8.2f} ms")
    print(f"results shown:            {sum(map(len, shown)):>8}")
    print(f"look-alikes beside good:  {look_alikes:>8}")


if __name__ == "__main__":
    main()
