"""What the taxonomy's reference files are: where they lie, their names and columns,
and the fixed lists that come from the code rather than a file (the NACE sections).

``reader.py`` reads these files; ``data/README.md`` describes each one.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app

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


def resolve_data_dir(data_dir: str | Path | None = None) -> Path:
    """The folder to read: the argument, else ``TAXONOMY_DATA_DIR``, else :data:`DATA_DIR`."""
    if data_dir is None:
        data_dir = current_app.config.get("TAXONOMY_DATA_DIR") or DATA_DIR
    return Path(data_dir)
