"""Derive the labels of all ESCO skills from ESCO's free-text dump.

Usage (from the repository root)::

    .venv/bin/python scripts/derive_esco_skills.py [../shared/data/esco/skills_en_text.csv]

Reads ``skills_en_text.csv`` (columns ``id`` and ``description``: each skill's labels
and description run together), splits each text with
:mod:`marketplace.taxonomy.skilltext` and writes
``marketplace/taxonomy/data/skills_en.csv.gz`` (``conceptUri``, ``preferredLabel``,
``altLabels`` separated by `` | ``, ``description``; gzip ``-9 -n`` equivalent, so the
output is byte-for-byte the same on every run). Then prints how many preferred labels
agree with the ESCO collections shipped beside it.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

from marketplace.taxonomy.skilltext import derive_skills

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "marketplace" / "taxonomy" / "data"
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "esco" / "skills_en_text.csv"
OUTPUT = DATA_DIR / "skills_en.csv.gz"
COLLECTIONS = ("transversalSkillsCollection_en.csv.gz", "languageSkillsCollection_en.csv.gz",
               "ictSkillsCollection_en.csv.gz")


def main(source: Path) -> None:
    with source.open(encoding="utf-8-sig", newline="") as stream:
        rows = [(row["id"].strip(), row["description"]) for row in csv.DictReader(stream)]
    skills = derive_skills(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("conceptUri", "preferredLabel", "altLabels", "description"))
    for skill in sorted(skills, key=lambda s: s.uri):
        writer.writerow((skill.uri, skill.label, " | ".join(skill.alt_labels), skill.description))
    with OUTPUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9,
                                                 filename="", mtime=0) as stream:
        stream.write(buffer.getvalue().encode("utf-8"))
    derived = {skill.uri: skill.label for skill in skills}
    right = total = 0
    for name in COLLECTIONS:
        with gzip.open(DATA_DIR / name, "rt", encoding="utf-8", newline="") as stream:
            for row in csv.DictReader(stream):
                if row["conceptUri"] in derived:
                    total += 1
                    right += derived[row["conceptUri"]] == row["preferredLabel"]
    print(f"wrote {len(skills)} skills to {OUTPUT.relative_to(ROOT)}")
    print(f"preferred label right for {right} of {total} collection skills in the dump "
          f"({right / max(total, 1):.1%})")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE)
