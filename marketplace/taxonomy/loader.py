"""Load the reference data into the database: ``flask --app wsgi taxonomy load``.

The load runs in two phases:

1. **Read and check.** Every file in the data folder (``data/*.csv.gz``, see
   ``data/README.md``) is read and every row is checked before anything is written. A
   missing file, a broken gzip stream, a missing column or a bad row stops the load with
   a :class:`TaxonomyDataError` that names the file and line of each problem.
2. **Write.** Each table is compared in memory with what the database already holds;
   new rows are inserted and changed rows updated with executemany-style bulk
   statements. Nothing is deleted: other tables refer to occupations, skills,
   languages and postcodes, and a row that disappeared from a newer ESCO export is
   still what an old vacancy meant. Running the load twice changes nothing the second
   time.

:func:`load_taxonomy` only flushes; the caller commits (the CLI command commits once).

Sources per table:

* ``cefr_level``: :class:`~marketplace.taxonomy.levels.Cefr`, with its rank.
* ``language``: every two-letter (ISO 639-1) code that the Unicode CLDR data in
  ``babel`` names in both Dutch and English, first letter capitalised.
* ``nace_section``: :data:`NACE_SECTIONS`, the 21 NACE Rev. 2 sections with their
  official Dutch (NACE-BEL 2008) and English names.
* ``postcode``: one row per 4-digit postcode. ``municipality`` is the first place the
  file lists for that postcode (the file lists places alphabetically, so for a postcode
  with several places this is not always the main one: 3700 gives 's Herenelderen,
  not Tongeren), ``places`` all of them joined with ``", "``. The point is the mean of
  the places' coordinates, leaving out places more than ``POSTCODE_OUTLIER_KM`` (in
  ``geo.py``) from the postcode's median point: a few place names were geocoded to a
  namesake elsewhere in Belgium (3700 Sluizen lies 190 km west).
* ``isco_group``: ``isco_groups_en.csv``; the level (1 to 4) is the length of the code.
* ``occupation``: ``occupations_en.csv`` and ``occupations_nl.csv`` joined on the URI;
  both must list the same occupations with the same ISCO and ESCO codes, and every ISCO
  code must be a group in ``isco_groups_en.csv``. Alternative labels are stored one per
  line, without duplicates.
* ``skill``: kind ``group`` from ``skill_groups_en.csv``, kind ``skill`` from
  ``skills_en.csv`` (all 13,939 ESCO skills, labels derived from ESCO's free-text dump
  by ``scripts/derive_esco_skills.py``), then ``transversal``, ``language`` and ``ict``
  from the ESCO collections. A URI listed in several files is stored once, with the
  kind and labels of the *last* file in that order: the more specific collection wins
  (its labels are ESCO's own, not derived; the 21 basic ICT skills are also
  transversal skills and get kind ``ict``). ``label_nl`` comes from ``skills_nl.csv``,
  Werkbrug's own Dutch catalogue (plain text, ``;``-separated, so translators can edit
  it); every URI in it must be a skill of the other files. Its ``label_en`` column is
  the English label a person checked while translating: for a skill whose labels were
  derived (kind ``skill``) it replaces the derived preferred label, which stays as an
  alternative label when it differs (the derivation can cut a label short:
  ``operate cash`` for ``operate cash register``).
"""

from __future__ import annotations

import csv
import gzip
import math
import re
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from flask import current_app
from sqlalchemy import insert, inspect, select, update

from marketplace.extensions import db
from marketplace.taxonomy.geo import representative_point
from marketplace.taxonomy.levels import Cefr
from marketplace.taxonomy.models import (
    CefrLevel,
    IscoGroup,
    Language,
    NaceSection,
    Occupation,
    Postcode,
    Skill,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
"""The data shipped with the package; ``TAXONOMY_DATA_DIR`` can point elsewhere."""

POSTCODES_FILE = "be-postcodes.csv.gz"
ISCO_FILE = "isco_groups_en.csv.gz"
OCCUPATIONS_EN_FILE = "occupations_en.csv.gz"
OCCUPATIONS_NL_FILE = "occupations_nl.csv.gz"
SKILL_FILES: tuple[tuple[str, str], ...] = (
    ("group", "skill_groups_en.csv.gz"),
    ("skill", "skills_en.csv.gz"),
    ("transversal", "transversalSkillsCollection_en.csv.gz"),
    ("language", "languageSkillsCollection_en.csv.gz"),
    ("ict", "ictSkillsCollection_en.csv.gz"),
)
"""Skill files in load order; for a URI in several files, the last kind wins."""
SKILLS_NL_FILE = "skills_nl.csv"
"""Werkbrug's Dutch names of skills: ``conceptUri;label_nl;sector;label_en``."""

POSTCODE_COLUMNS = ("postcode", "municipality", "lng", "lat")
ISCO_COLUMNS = ("code", "preferredLabel")
OCCUPATION_COLUMNS = ("conceptUri", "iscoGroup", "code", "preferredLabel", "altLabels",
                      "description")
SKILL_GROUP_COLUMNS = ("conceptUri", "code", "preferredLabel", "altLabels", "description")
SKILL_COLLECTION_COLUMNS = ("conceptUri", "preferredLabel", "altLabels", "description")
SKILLS_NL_COLUMNS = ("conceptUri", "label_nl", "sector", "label_en")
SKILL_SECTORS = ("logistics", "cleaning", "care", "hospitality", "construction", "retail",
                 "general")
"""The sectors of the Dutch catalogue (``general``: asked in every sector)."""

BELGIUM_LATITUDE = (49.3, 51.6)
BELGIUM_LONGITUDE = (2.4, 6.5)
MAX_PROBLEMS_SHOWN = 25

NACE_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("A", "Landbouw, bosbouw en visserij", "Agriculture, forestry and fishing"),
    ("B", "Winning van delfstoffen", "Mining and quarrying"),
    ("C", "Industrie", "Manufacturing"),
    ("D", "Productie en distributie van elektriciteit, gas, stoom en gekoelde lucht",
     "Electricity, gas, steam and air conditioning supply"),
    ("E", "Distributie van water; afval- en afvalwaterbeheer en sanering",
     "Water supply; sewerage, waste management and remediation activities"),
    ("F", "Bouwnijverheid", "Construction"),
    ("G", "Groot- en detailhandel; reparatie van auto's en motorfietsen",
     "Wholesale and retail trade; repair of motor vehicles and motorcycles"),
    ("H", "Vervoer en opslag", "Transportation and storage"),
    ("I", "Verschaffen van accommodatie en maaltijden",
     "Accommodation and food service activities"),
    ("J", "Informatie en communicatie", "Information and communication"),
    ("K", "Financiële activiteiten en verzekeringen", "Financial and insurance activities"),
    ("L", "Exploitatie van en handel in onroerend goed", "Real estate activities"),
    ("M", "Vrije beroepen en wetenschappelijke en technische activiteiten",
     "Professional, scientific and technical activities"),
    ("N", "Administratieve en ondersteunende diensten",
     "Administrative and support service activities"),
    ("O", "Openbaar bestuur en defensie; verplichte sociale verzekeringen",
     "Public administration and defence; compulsory social security"),
    ("P", "Onderwijs", "Education"),
    ("Q", "Menselijke gezondheidszorg en maatschappelijke dienstverlening",
     "Human health and social work activities"),
    ("R", "Kunst, amusement en recreatie", "Arts, entertainment and recreation"),
    ("S", "Overige diensten", "Other service activities"),
    ("T", "Huishoudens als werkgever; niet-gedifferentieerde productie van goederen en "
          "diensten door huishoudens voor eigen gebruik",
     "Activities of households as employers; undifferentiated goods- and "
     "services-producing activities of households for own use"),
    ("U", "Extraterritoriale organisaties en lichamen",
     "Activities of extraterritorial organisations and bodies"),
)
"""The 21 NACE Rev. 2 sections: code, Dutch label (NACE-BEL 2008), English label."""

TAXONOMY_MODELS = (CefrLevel, Language, NaceSection, Postcode, IscoGroup, Occupation, Skill)
"""Every table the load writes, in write order (ISCO groups before occupations)."""


# -- errors and results ----------------------------------------------------------------


class TaxonomyError(Exception):
    """The load cannot go ahead; the message says why and what to do."""


class TaxonomyDataError(TaxonomyError):
    """One or more data files are missing or wrong; ``problems`` lists each one as
    ``"<file>: line <n>: <what is wrong>"``."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:MAX_PROBLEMS_SHOWN]
        lines = [f"The taxonomy data is not valid; nothing was written ({len(problems)} "
                 f"problem{'s' if len(problems) != 1 else ''}):"]
        lines += [f"  {problem}" for problem in shown]
        if len(problems) > len(shown):
            lines.append(f"  ... and {len(problems) - len(shown)} more")
        super().__init__("\n".join(lines))


class TaxonomyDatabaseError(TaxonomyError):
    """The database is not ready for the load (for example: not migrated)."""


@dataclass
class TableChange:
    """What the load did to one table."""

    table: str
    rows: int
    created: int = 0
    updated: int = 0

    @property
    def unchanged(self) -> int:
        return self.rows - self.created - self.updated


@dataclass
class LoadSummary:
    """What :func:`load_taxonomy` did, per table, and how long it took."""

    tables: list[TableChange] = field(default_factory=list)
    seconds: float = 0.0

    def __getitem__(self, table: str) -> TableChange:
        for change in self.tables:
            if change.table == table:
                return change
        raise KeyError(table)

    @property
    def created(self) -> int:
        return sum(change.created for change in self.tables)

    @property
    def updated(self) -> int:
        return sum(change.updated for change in self.tables)

    def report(self) -> str:
        """A short table for the terminal."""
        lines = [f"Taxonomy loaded in {self.seconds:.1f} s "
                 f"({self.created} created, {self.updated} updated):"]
        for change in self.tables:
            lines.append(f"  {change.table:<14} {change.rows:>6} rows  "
                         f"{change.created:>6} created  {change.updated:>6} updated")
        return "\n".join(lines)


@dataclass
class TaxonomyData:
    """Every table's rows, read and checked, as column → value dicts."""

    cefr_levels: list[dict]
    languages: list[dict]
    nace_sections: list[dict]
    postcodes: list[dict]
    isco_groups: list[dict]
    occupations: list[dict]
    skills: list[dict]

    def tables(self) -> list[tuple[type, str, list[dict]]]:
        """``(model, natural key, rows)`` in write order."""
        return [
            (CefrLevel, "code", self.cefr_levels),
            (Language, "code", self.languages),
            (NaceSection, "code", self.nace_sections),
            (Postcode, "code", self.postcodes),
            (IscoGroup, "code", self.isco_groups),
            (Occupation, "uri", self.occupations),
            (Skill, "uri", self.skills),
        ]


# -- the entry point -------------------------------------------------------------------


def load_taxonomy(data_dir: str | Path | None = None) -> LoadSummary:
    """Read and check every file, then insert or update every taxonomy table.

    ``data_dir`` defaults to ``TAXONOMY_DATA_DIR`` or the package's ``data/`` folder.
    Needs an app context. Flushes, never commits. Raises :class:`TaxonomyDataError`
    (bad files) or :class:`TaxonomyDatabaseError` (tables missing) before writing
    anything.
    """
    started = time.perf_counter()
    data = read_taxonomy(resolve_data_dir(data_dir))
    check_tables()
    summary = LoadSummary(tables=[_upsert(m, key, rows) for m, key, rows in data.tables()])
    db.session.flush()
    _expire_loaded_objects()
    summary.seconds = time.perf_counter() - started
    return summary


def resolve_data_dir(data_dir: str | Path | None = None) -> Path:
    """The folder to read: the argument, else ``TAXONOMY_DATA_DIR``, else :data:`DATA_DIR`."""
    if data_dir is None:
        data_dir = current_app.config.get("TAXONOMY_DATA_DIR") or DATA_DIR
    return Path(data_dir)


def read_taxonomy(data_dir: str | Path = DATA_DIR) -> TaxonomyData:
    """Read and check every file in ``data_dir``; no database needed.

    Raises :class:`TaxonomyDataError` listing every problem found.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise TaxonomyDataError([f"{data_dir}: the data folder does not exist"])
    problems = Problems(data_dir)
    isco_groups = _read_isco_groups(problems)
    data = TaxonomyData(
        cefr_levels=cefr_level_rows(),
        languages=language_rows(),
        nace_sections=nace_section_rows(),
        postcodes=_read_postcodes(problems),
        isco_groups=isco_groups,
        occupations=_read_occupations(problems, {row["code"] for row in isco_groups}),
        skills=_read_skills(problems),
    )
    if problems:
        raise TaxonomyDataError(problems.items)
    return data


# -- reading files ---------------------------------------------------------------------


class RowError(ValueError):
    """One row is wrong; the message says how (the caller adds file and line)."""


class Problems:
    """Collects ``file: line n: message`` problems while the files are read."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.items: list[str] = []
        self.unreadable: set[str] = set()
        """Files that could not be read at all (checks across files skip them)."""

    def add(self, filename: str, line: int | None, message: str) -> None:
        where = f"{filename}: line {line}" if line else filename
        self.items.append(f"{where}: {message}")

    def __bool__(self) -> bool:
        return bool(self.items)


@dataclass(frozen=True)
class Record:
    """One CSV record: the line it starts on and the wanted columns' stripped values."""

    line: int
    values: dict[str, str]


def read_records(problems: Problems, filename: str, columns: Iterable[str],
                 delimiter: str = ",") -> list[Record]:
    """Every record of a CSV file (gzip-compressed when its name ends in ``.gz``), or
    ``[]`` after adding a problem."""
    path = problems.data_dir / filename
    if not path.is_file():
        return _unreadable(problems, filename, None, f"file not found in {problems.data_dir}")
    reader = None
    opener = gzip.open if filename.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream, strict=True, delimiter=delimiter)
            return list(_records(reader, columns, problems, filename))
    except RowError as error:
        return _unreadable(problems, filename, 1, str(error))
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, csv.Error) as error:
        line = (reader.line_num if reader else 0) + 1
        return _unreadable(problems, filename, line, f"cannot read the file ({error})")


def _unreadable(problems: Problems, filename: str, line: int | None, message: str) -> list:
    problems.add(filename, line, message)
    problems.unreadable.add(filename)
    return []


def _records(reader, columns: Iterable[str], problems: Problems, filename: str):
    """Records after the header; a problem for each row with the wrong number of fields."""
    positions, width = _header_positions(next(reader, None), columns)
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any(value.strip() for value in row):
            continue
        if len(row) != width:
            problems.add(filename, start, f"expected {width} fields, found {len(row)}")
            continue
        yield Record(start, {name: row[i].strip() for name, i in positions.items()})


def _header_positions(header: list[str] | None, columns: Iterable[str]):
    """``({column: position}, number of fields)`` from the header line."""
    if not header:
        raise RowError("the file is empty (no header line)")
    header = [name.strip() for name in header]
    missing = [name for name in columns if name not in header]
    if missing:
        raise RowError(f"missing column(s): {', '.join(missing)}")
    return {name: header.index(name) for name in columns}, len(header)


def convert_records(
    problems: Problems,
    filename: str,
    records: list[Record],
    convert: Callable[[dict[str, str]], dict],
) -> list[tuple[int, dict]]:
    """``(line, row)`` for each record that ``convert`` accepts; a problem for the rest."""
    rows = []
    for record in records:
        try:
            rows.append((record.line, convert(record.values)))
        except RowError as error:
            problems.add(filename, record.line, str(error))
    return rows


def unique_rows(problems: Problems, filename: str, rows: list[tuple[int, dict]],
                key: str) -> dict[str, tuple[int, dict]]:
    """Rows by ``key``, in file order; a problem for each repeated key."""
    by_key: dict[str, tuple[int, dict]] = {}
    for line, row in rows:
        if row[key] in by_key:
            first = by_key[row[key]][0]
            problems.add(filename, line, f"{row[key]} already appears on line {first}")
        else:
            by_key[row[key]] = (line, row)
    return by_key


def text(values: dict[str, str], column: str, max_length: int, required: bool = True) -> str:
    """A column's text, checked for presence and length."""
    value = values[column]
    if required and not value:
        raise RowError(f"{column} is empty")
    if len(value) > max_length:
        raise RowError(f"{column} is longer than {max_length} characters")
    return value


def number(values: dict[str, str], column: str, low: float, high: float) -> float:
    """A column's number, which must lie between ``low`` and ``high``."""
    try:
        value = float(values[column])
    except ValueError:
        raise RowError(f"{column} {values[column]!r} is not a number") from None
    if not (math.isfinite(value) and low <= value <= high):
        raise RowError(f"{column} {value} is outside {low} to {high}")
    return value


def matching(values: dict[str, str], column: str, pattern: str, meaning: str) -> str:
    """A column's text, which must match the regular expression ``pattern``."""
    value = values[column]
    if not re.fullmatch(pattern, value):
        raise RowError(f"{column} {value!r} is not {meaning}")
    return value


def alt_labels(value: str) -> str:
    """Alternative labels (newline- or ``|``-separated) one per line, without repeats."""
    labels = (label.strip() for label in re.split(r"[\n|]", value))
    return "\n".join(dict.fromkeys(label for label in labels if label))


# -- postcodes -------------------------------------------------------------------------


def _postcode_place(values: dict[str, str]) -> dict:
    return {
        "code": matching(values, "postcode", r"\d{4}", "a 4-digit postcode"),
        "place": text(values, "municipality", 100),
        "latitude": number(values, "lat", *BELGIUM_LATITUDE),
        "longitude": number(values, "lng", *BELGIUM_LONGITUDE),
    }


def _read_postcodes(problems: Problems) -> list[dict]:
    records = read_records(problems, POSTCODES_FILE, POSTCODE_COLUMNS)
    places: dict[str, list[dict]] = {}
    for _line, place in convert_records(problems, POSTCODES_FILE, records, _postcode_place):
        places.setdefault(place["code"], []).append(place)
    rows = [postcode_row(code, group) for code, group in places.items()]
    for row in rows:
        if len(row["places"]) > 500:
            problems.add(POSTCODES_FILE, None, f"postcode {row['code']}: too many places")
    return rows


def postcode_row(code: str, places: list[dict]) -> dict:
    """One postcode from its places (each with ``place``, ``latitude``, ``longitude``)."""
    names = list(dict.fromkeys(place["place"] for place in places))
    latitude, longitude = representative_point(
        [(place["latitude"], place["longitude"]) for place in places]
    )
    return {
        "code": code,
        "municipality": names[0],
        "places": ", ".join(names),
        "latitude": latitude,
        "longitude": longitude,
    }


# -- ISCO groups and occupations -------------------------------------------------------


def _isco_group(values: dict[str, str]) -> dict:
    code = matching(values, "code", r"\d{1,4}", "an ISCO-08 code of 1 to 4 digits")
    return {"code": code, "label_en": text(values, "preferredLabel", 300), "level": len(code)}


def _read_isco_groups(problems: Problems) -> list[dict]:
    records = read_records(problems, ISCO_FILE, ISCO_COLUMNS)
    rows = convert_records(problems, ISCO_FILE, records, _isco_group)
    return [row for _line, row in unique_rows(problems, ISCO_FILE, rows, "code").values()]


def _occupation_language(values: dict[str, str]) -> dict:
    return {
        "uri": matching(values, "conceptUri", r"https?://\S{1,190}", "an ESCO URI"),
        "isco_code": matching(values, "iscoGroup", r"\d{4}", "a 4-digit ISCO-08 code"),
        "esco_code": text(values, "code", 40),
        "label": text(values, "preferredLabel", 300),
        "alt_labels": alt_labels(values["altLabels"]),
        "description": values["description"],
    }


def _read_occupation_file(problems: Problems, filename: str) -> dict[str, tuple[int, dict]]:
    records = read_records(problems, filename, OCCUPATION_COLUMNS)
    rows = convert_records(problems, filename, records, _occupation_language)
    return unique_rows(problems, filename, rows, "uri")


def _read_occupations(problems: Problems, isco_codes: set[str]) -> list[dict]:
    english = _read_occupation_file(problems, OCCUPATIONS_EN_FILE)
    dutch = _read_occupation_file(problems, OCCUPATIONS_NL_FILE)
    if {OCCUPATIONS_EN_FILE, OCCUPATIONS_NL_FILE} & problems.unreadable:
        return []  # comparing with an unreadable file would only add noise
    for uri, (line, _row) in dutch.items():
        if uri not in english:
            problems.add(OCCUPATIONS_NL_FILE, line, f"{uri} is not in {OCCUPATIONS_EN_FILE}")
    rows = []
    for uri, (line, en) in english.items():
        if uri not in dutch:
            problems.add(OCCUPATIONS_EN_FILE, line, f"{uri} is not in {OCCUPATIONS_NL_FILE}")
            continue
        nl_line, nl = dutch[uri]
        for column in ("isco_code", "esco_code"):
            if en[column] != nl[column]:
                problems.add(OCCUPATIONS_NL_FILE, nl_line, f"{column} {nl[column]} differs "
                             f"from {en[column]} in {OCCUPATIONS_EN_FILE}")
        if ISCO_FILE not in problems.unreadable and en["isco_code"] not in isco_codes:
            problems.add(OCCUPATIONS_EN_FILE, line,
                         f"ISCO group {en['isco_code']} is not in {ISCO_FILE}")
        rows.append(occupation_row(en, nl))
    return rows


def occupation_row(en: dict, nl: dict) -> dict:
    """One occupation from its English and Dutch rows."""
    return {
        "uri": en["uri"],
        "isco_code": en["isco_code"],
        "esco_code": en["esco_code"],
        "label_nl": nl["label"],
        "label_en": en["label"],
        "alt_labels_nl": nl["alt_labels"],
        "alt_labels_en": en["alt_labels"],
        "description_nl": nl["description"],
        "description_en": en["description"],
    }


# -- skills ----------------------------------------------------------------------------


def _skill_reader(kind: str) -> Callable[[dict[str, str]], dict]:
    def convert(values: dict[str, str]) -> dict:
        code = text(values, "code", 40, required=False) if "code" in values else ""
        return {
            "uri": matching(values, "conceptUri", r"https?://\S{1,190}", "an ESCO URI"),
            "kind": kind,
            "code": code or None,
            "label_en": text(values, "preferredLabel", 300),
            "label_nl": "",
            "alt_labels_en": alt_labels(values["altLabels"]),
            "description_en": values["description"],
        }

    return convert


def _read_skills(problems: Problems) -> list[dict]:
    skills: dict[str, dict] = {}
    for kind, filename in SKILL_FILES:
        columns = SKILL_GROUP_COLUMNS if kind == "group" else SKILL_COLLECTION_COLUMNS
        records = read_records(problems, filename, columns)
        rows = convert_records(problems, filename, records, _skill_reader(kind))
        for _line, row in unique_rows(problems, filename, rows, "uri").values():
            skills[row["uri"]] = row  # a later, more specific collection wins
    unchecked = {filename for _kind, filename in SKILL_FILES} & problems.unreadable
    for uri, (line, names) in _read_dutch_skill_labels(problems).items():
        if uri in skills:
            _name_skill(skills[uri], names)
        elif not unchecked:
            problems.add(SKILLS_NL_FILE, line, f"{uri} is not an ESCO skill of the skill files")
    return list(skills.values())


def _name_skill(skill: dict, names: dict) -> None:
    """Give ``skill`` the catalogue's Dutch label, and its checked English label when
    the English one was derived."""
    skill["label_nl"] = names["label_nl"]
    if skill["kind"] == "skill" and names["label_en"] != skill["label_en"]:
        derived = skill["label_en"]
        skill["label_en"] = names["label_en"]
        skill["alt_labels_en"] = alt_labels(f"{skill['alt_labels_en']}\n{derived}")


def _dutch_skill_label(values: dict[str, str]) -> dict:
    sector = values["sector"]
    if sector not in SKILL_SECTORS:
        raise RowError(f"sector {sector!r} is not one of {', '.join(SKILL_SECTORS)}")
    return {
        "uri": matching(values, "conceptUri", r"https?://\S{1,190}", "an ESCO URI"),
        "label_nl": text(values, "label_nl", 300),
        "label_en": text(values, "label_en", 300),
    }


def _read_dutch_skill_labels(problems: Problems) -> dict[str, tuple[int, dict]]:
    """``{uri: (line, row)}`` from :data:`SKILLS_NL_FILE`."""
    records = read_records(problems, SKILLS_NL_FILE, SKILLS_NL_COLUMNS, delimiter=";")
    rows = convert_records(problems, SKILLS_NL_FILE, records, _dutch_skill_label)
    return unique_rows(problems, SKILLS_NL_FILE, rows, "uri")


# -- tables from code ------------------------------------------------------------------


def cefr_level_rows() -> list[dict]:
    return [{"code": level.value, "rank": level.rank} for level in Cefr]


def nace_section_rows() -> list[dict]:
    return [{"code": code, "label_nl": nl, "label_en": en} for code, nl, en in NACE_SECTIONS]


def language_rows() -> list[dict]:
    """Every ISO 639-1 language that CLDR names in Dutch and English."""
    dutch, english = Locale("nl").languages, Locale("en").languages
    codes = sorted(c for c in english if len(c) == 2 and c.isalpha() and c.islower())
    return [
        {"code": code, "name_nl": capitalise(dutch[code]), "name_en": capitalise(english[code])}
        for code in codes
        if code in dutch
    ]


def capitalise(name: str) -> str:
    """First letter upper case, the rest untouched: ``'noors - bokmål'`` → ``'Noors - bokmål'``."""
    return name[:1].upper() + name[1:]


# -- writing ---------------------------------------------------------------------------


def check_tables() -> None:
    """Raise :class:`TaxonomyDatabaseError` unless every taxonomy table exists."""
    inspector = inspect(db.session.connection())
    missing = [m.__tablename__ for m in TAXONOMY_MODELS if not inspector.has_table(m.__tablename__)]
    if missing:
        raise TaxonomyDatabaseError(
            f"The database has no table {', '.join(missing)}: it is not migrated. "
            "Run 'flask --app wsgi db upgrade' first; nothing was written."
        )


def _upsert(model: type, key: str, rows: list[dict]) -> TableChange:
    """Insert new rows and update changed ones, matched on the natural ``key``."""
    change = TableChange(model.__tablename__, len(rows))
    if not rows:
        return change
    primary_key = model.__mapper__.primary_key[0].key
    columns = list(rows[0])
    wanted = dict.fromkeys([primary_key, key, *columns])
    existing = {
        row[key]: row
        for row in db.session.execute(select(*(getattr(model, c) for c in wanted))).mappings()
    }
    inserts, updates = [], []
    for row in rows:
        old = existing.get(row[key])
        if old is None:
            inserts.append(row)
        elif any(old[c] != row[c] for c in columns):
            updates.append({**row, primary_key: old[primary_key]})
    if inserts:
        db.session.execute(insert(model), inserts)
    if updates:
        db.session.execute(update(model), updates)
    change.created, change.updated = len(inserts), len(updates)
    return change


def _expire_loaded_objects() -> None:
    """Bulk statements bypass the identity map; make loaded taxonomy objects reload."""
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, TAXONOMY_MODELS):
            db.session.expire(obj)
