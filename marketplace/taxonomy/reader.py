"""Reading and checking every reference file into the rows of the taxonomy tables
(phase 1 of ``flask taxonomy load``; ``loader.py`` writes them). No database needed.

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

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from babel import Locale

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
from marketplace.taxonomy.records import (
    Problems,
    RowError,
    TaxonomyDataError,
    alt_labels,
    convert_records,
    matching,
    number,
    read_records,
    text,
    unique_rows,
)
from marketplace.taxonomy.sources import (
    BELGIUM_LATITUDE,
    BELGIUM_LONGITUDE,
    DATA_DIR,
    ISCO_COLUMNS,
    ISCO_FILE,
    NACE_SECTIONS,
    OCCUPATION_COLUMNS,
    OCCUPATIONS_EN_FILE,
    OCCUPATIONS_NL_FILE,
    POSTCODE_COLUMNS,
    POSTCODES_FILE,
    SKILL_COLLECTION_COLUMNS,
    SKILL_FILES,
    SKILL_GROUP_COLUMNS,
    SKILL_SECTORS,
    SKILLS_NL_COLUMNS,
    SKILLS_NL_FILE,
)


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
