"""Reference data: ESCO occupations and skills, ISCO groups, CEFR levels, languages,
NACE sections and Belgian postcodes. Loaded by ``flask taxonomy load``; read-only after.
Every model raises the ``taxonomy`` data version when written (``data_versions.py``):
the matching engine keeps what it numbers and resolves until then."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.db_types import sql_in
from marketplace.extensions import db
from marketplace.taxonomy.levels import SKILL_KINDS


class CefrLevel(db.Model):
    """A level of the Common European Framework of Reference, plus 'none'."""

    __data_version__ = "taxonomy"  # the matching engine caches what it numbers
    __tablename__ = "cefr_level"

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer, nullable=False, unique=True)


class Language(db.Model):
    """A language by its ISO 639-1 code, named in Dutch and English."""

    __data_version__ = "taxonomy"  # the matching engine caches what it numbers
    __tablename__ = "language"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name_nl: Mapped[str] = mapped_column(String(100), nullable=False)
    name_en: Mapped[str] = mapped_column(String(100), nullable=False)


class NaceSection(db.Model):
    """A NACE Rev. 2 section (A to U): the sector of an employer or federation."""

    __data_version__ = "taxonomy"  # the matching engine caches what it numbers
    __tablename__ = "nace_section"

    code: Mapped[str] = mapped_column(String(1), primary_key=True)
    label_nl: Mapped[str] = mapped_column(String(200), nullable=False)
    label_en: Mapped[str] = mapped_column(String(200), nullable=False)


class Postcode(db.Model):
    """A Belgian postcode with its main municipality and a representative point.

    One postcode can cover several places; ``places`` lists them all and the point is
    the mean of their coordinates.
    """

    __data_version__ = "taxonomy"  # the matching engine caches what it numbers
    __tablename__ = "postcode"

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    municipality: Mapped[str] = mapped_column(String(100), nullable=False, index=True)
    places: Mapped[str] = mapped_column(String(500), nullable=False)
    latitude: Mapped[float] = mapped_column(Float, nullable=False)
    longitude: Mapped[float] = mapped_column(Float, nullable=False)

    @property
    def label(self) -> str:
        return f"{self.code} {self.municipality}"


class IscoGroup(db.Model):
    """An ISCO-08 group: 1 digit (major) to 4 digits (unit group)."""

    __data_version__ = "taxonomy"  # the matching engine caches what it numbers
    __tablename__ = "isco_group"

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    label_en: Mapped[str] = mapped_column(String(300), nullable=False)
    level: Mapped[int] = mapped_column(Integer, nullable=False)

    __table_args__ = (CheckConstraint("level BETWEEN 1 AND 4", name="level"),)


class Occupation(db.Model):
    """An ESCO occupation with Dutch and English labels."""

    __data_version__ = "taxonomy"  # the matching engine caches what it numbers
    __tablename__ = "occupation"

    id: Mapped[int] = mapped_column(primary_key=True)
    uri: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
    isco_code: Mapped[str] = mapped_column(
        ForeignKey("isco_group.code"), nullable=False, index=True
    )
    esco_code: Mapped[str] = mapped_column(String(40), nullable=False)
    label_nl: Mapped[str] = mapped_column(String(300), nullable=False)
    label_en: Mapped[str] = mapped_column(String(300), nullable=False)
    alt_labels_nl: Mapped[str] = mapped_column(Text, nullable=False, default="")
    alt_labels_en: Mapped[str] = mapped_column(Text, nullable=False, default="")
    description_nl: Mapped[str] = mapped_column(Text, nullable=False, default="")
    description_en: Mapped[str] = mapped_column(Text, nullable=False, default="")

    isco_group: Mapped[IscoGroup] = relationship()

    def label(self, locale: str) -> str:
        return self.label_en if locale == "en" else self.label_nl


class Skill(db.Model):
    """An ESCO skill group, skill, transversal skill, language skill or ICT skill.

    ESCO publishes no Dutch labels for skills. ``label_nl`` comes from Werkbrug's own
    catalogue (``data/skills_nl.csv``) for the skills most asked in Antwerp's sectors;
    it is empty for the others, which show their English label in both languages.
    """

    __data_version__ = "taxonomy"  # the matching engine caches what it numbers
    __tablename__ = "skill"

    id: Mapped[int] = mapped_column(primary_key=True)
    uri: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    code: Mapped[str | None] = mapped_column(String(40))
    label_en: Mapped[str] = mapped_column(String(300), nullable=False)
    label_nl: Mapped[str] = mapped_column(String(300), nullable=False, default="",
                                          server_default="")
    alt_labels_en: Mapped[str] = mapped_column(Text, nullable=False, default="")
    description_en: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (CheckConstraint(sql_in("kind", SKILL_KINDS), name="kind"),)

    def label(self, locale: str) -> str:
        """The Dutch label on Dutch pages when the catalogue has one, else English."""
        return skill_label(self.label_nl, self.label_en, locale)[0]

    def label_lang(self, locale: str) -> str:
        """The language of :meth:`label` for ``locale`` (``"nl"`` or ``"en"``)."""
        return skill_label(self.label_nl, self.label_en, locale)[1]


def skill_label(label_nl: str, label_en: str, locale: str) -> tuple[str, str]:
    """A skill's label for ``locale`` and the language it is in: the Dutch label on
    Dutch pages when the catalogue has one, else the English one (for code that reads
    the two labels without loading skills).

    >>> skill_label("heftruck besturen", "operate forklift", "nl")
    ('heftruck besturen', 'nl')
    >>> skill_label("", "operate forklift", "nl"), skill_label("x", "operate forklift", "en")
    (('operate forklift', 'en'), ('operate forklift', 'en'))
    """
    if locale != "en" and label_nl:
        return label_nl, "nl"
    return label_en, "en"
