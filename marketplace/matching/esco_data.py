"""The shipped reference files, read without a database.

Tests, the benchmark data generator and the benchmarks build their spaces and title
resolver from ``marketplace/taxonomy/data`` directly; the app builds the same from the
database (``operations.py``). Ids here are ESCO URIs (occupations and skills) and
ISO 639-1 codes (languages).

Everything is read once per process and folder (``functools.cache``).
"""

from __future__ import annotations

import csv
import gzip
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from marketplace.matching.spaces import OccupationSpace, SkillSpace, Spaces, Vocabulary
from marketplace.matching.titles import TitleResolver
from marketplace.taxonomy.geo import representative_point

DATA_DIR = Path(__file__).resolve().parent.parent / "taxonomy" / "data"
"""The taxonomy files shipped with the package (the same folder ``taxonomy load`` reads)."""

LANGUAGE_CODES = (
    "am", "ar", "bg", "bn", "cs", "de", "el", "en", "es", "fa", "fr", "hi", "hu", "it",
    "ku", "nl", "pl", "ps", "pt", "ro", "ru", "so", "sq", "sw", "ta", "ti", "tr", "uk",
    "ur", "zh",
)
"""Languages for the pure side: Dutch, French, German, English and the languages most
often spoken by newcomers in Flanders. The app uses every language of its table."""


@dataclass(frozen=True)
class EscoOccupation:
    """One ESCO occupation with its Dutch and English labels."""

    uri: str
    isco_code: str
    esco_code: str
    label_nl: str
    label_en: str
    alt_labels_nl: tuple[str, ...]
    alt_labels_en: tuple[str, ...]


@dataclass(frozen=True)
class EscoSkill:
    """One ESCO skill or skill group with the URIs of its broader skills."""

    uri: str
    label: str
    code: str | None
    broader: tuple[str, ...]


def _records(path: Path) -> Iterator[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as stream:
        yield from csv.DictReader(stream, strict=True)


def _alt_labels(value: str) -> tuple[str, ...]:
    labels = (label.strip() for label in re.split(r"[\n|]", value or ""))
    return tuple(dict.fromkeys(label for label in labels if label))


@cache
def load_occupations(data_dir: Path = DATA_DIR) -> tuple[EscoOccupation, ...]:
    """Every occupation of ``occupations_en`` and ``occupations_nl``, by URI order."""
    dutch = {row["conceptUri"]: row for row in _records(data_dir / "occupations_nl.csv.gz")}
    occupations = []
    for row in _records(data_dir / "occupations_en.csv.gz"):
        nl = dutch[row["conceptUri"]]
        occupations.append(EscoOccupation(
            uri=row["conceptUri"],
            isco_code=row["iscoGroup"],
            esco_code=row["code"],
            label_nl=nl["preferredLabel"].strip(),
            label_en=row["preferredLabel"].strip(),
            alt_labels_nl=_alt_labels(nl["altLabels"]),
            alt_labels_en=_alt_labels(row["altLabels"]),
        ))
    return tuple(sorted(occupations, key=lambda occupation: occupation.uri))


@cache
def load_skills(data_dir: Path = DATA_DIR) -> tuple[EscoSkill, ...]:
    """Skill groups (hierarchy from their codes; ISCED-F fields from their URIs) and the
    transversal and ICT skills (hierarchy from ``broaderConceptUri``)."""
    skills: dict[str, EscoSkill] = {}
    groups = list(_records(data_dir / "skill_groups_en.csv.gz"))
    by_code = {row["code"]: row["conceptUri"] for row in groups if row["code"]}
    isced = {row["conceptUri"] for row in groups if "/isced-f/" in row["conceptUri"]}
    for row in groups:
        uri, code = row["conceptUri"], row["code"] or None
        broader = ()
        if code:
            parent = code.rsplit(".", 1)[0] if "." in code else (code[0] if len(code) > 1 else "")
            broader = (by_code[parent],) if parent in by_code else ()
        elif uri in isced:
            parent_uri = uri[:-1]
            broader = (parent_uri,) if parent_uri in isced else ()
        skills[uri] = EscoSkill(uri, row["preferredLabel"], code, broader)
    for filename in ("transversalSkillsCollection_en.csv.gz", "ictSkillsCollection_en.csv.gz"):
        for row in _records(data_dir / filename):
            broader = tuple(u.strip() for u in row["broaderConceptUri"].split("|") if u.strip())
            skills[row["conceptUri"]] = EscoSkill(row["conceptUri"], row["preferredLabel"],
                                                  None, broader)
    return tuple(skills.values())


@cache
def load_postcodes(data_dir: Path = DATA_DIR) -> dict[str, tuple[float, float]]:
    """Postcode → ``(latitude, longitude)``, the same point the database holds."""
    places: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for row in _records(data_dir / "be-postcodes.csv.gz"):
        places[row["postcode"]].append((float(row["lat"]), float(row["lng"])))
    return {code: representative_point(points) for code, points in places.items()}


@cache
def esco_spaces(data_dir: Path = DATA_DIR) -> Spaces:
    """Spaces with ESCO URIs as occupation and skill ids and :data:`LANGUAGE_CODES`."""
    skills = load_skills(data_dir)
    return Spaces(
        occupations=OccupationSpace.from_occupations(load_occupations(data_dir), "uri"),
        skills=SkillSpace([s.uri for s in skills], [s.broader for s in skills]),
        languages=Vocabulary(LANGUAGE_CODES),
    )


@cache
def esco_title_resolver(data_dir: Path = DATA_DIR) -> TitleResolver:
    """A :class:`~marketplace.matching.titles.TitleResolver` whose ids are URIs."""
    return TitleResolver.from_occupations(load_occupations(data_dir), "uri")
