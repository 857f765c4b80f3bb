"""The rows of a candidate's profile that live and die with the candidate.

* Languages with levels, experience (ESCO occupation, the title as the person says it,
  years, country), skills, wished occupations and wished sectors.
* ``candidate_sensitive``: self-declared gender and birth year, in their own table so
  that no query for matching, lists or employers touches them by accident. Only the
  owning coach sees them; they serve fairness reports only.

``Candidate`` (``models.py``) holds them as lists (``candidate.languages``, ...);
importing ``models.py`` imports this module too, so they are always mapped with it.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.candidates.models import MAX_EXPERIENCE_YEARS, Candidate, optional_in
from marketplace.candidates.vocabularies import Gender
from marketplace.extensions import db
from marketplace.taxonomy.models import Language, NaceSection, Occupation, Skill


class CandidateLanguage(db.Model):
    """A language other than Dutch that the candidate speaks, with a CEFR level."""

    __data_version__ = "candidates"  # the matching engine caches them
    __data_version_key__ = "candidate_id"
    __tablename__ = "candidate_language"

    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), primary_key=True
    )
    language_code: Mapped[str] = mapped_column(
        ForeignKey("language.code"), primary_key=True, index=True
    )
    level: Mapped[str] = mapped_column(ForeignKey("cefr_level.code"), nullable=False)

    candidate: Mapped[Candidate] = relationship(back_populates="languages")
    language = relationship(Language, lazy="joined")


class CandidateExperience(db.Model):
    """Work done before: an ESCO occupation, the title as the person says it, how many
    years and in which country (ISO 3166 alpha-2)."""

    __data_version__ = "candidates"  # the matching engine caches them
    __data_version_key__ = "candidate_id"
    __tablename__ = "candidate_experience"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), nullable=False, index=True
    )
    occupation_id: Mapped[int] = mapped_column(
        ForeignKey("occupation.id"), nullable=False, index=True
    )
    title_as_said: Mapped[str | None] = mapped_column(String(200))
    years: Mapped[float] = mapped_column(Float, nullable=False)
    country: Mapped[str | None] = mapped_column(String(2))

    candidate: Mapped[Candidate] = relationship(back_populates="experiences")
    occupation = relationship(Occupation, lazy="joined")

    __table_args__ = (
        CheckConstraint(f"years >= 0 AND years <= {MAX_EXPERIENCE_YEARS}", name="years"),
        CheckConstraint(
            "country IS NULL OR (length(country) = 2 AND country = upper(country))", name="country"
        ),
    )


class CandidateSkill(db.Model):
    """An ESCO skill (or skill group) the candidate has."""

    __data_version__ = "candidates"  # the matching engine caches them
    __data_version_key__ = "candidate_id"
    __tablename__ = "candidate_skill"

    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(ForeignKey("skill.id"), primary_key=True, index=True)

    candidate: Mapped[Candidate] = relationship(back_populates="skills")
    skill = relationship(Skill, lazy="joined")


class CandidateWishedOccupation(db.Model):
    """An ESCO occupation the candidate would like to work in."""

    __data_version__ = "candidates"  # the matching engine caches them
    __data_version_key__ = "candidate_id"
    __tablename__ = "candidate_wished_occupation"

    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), primary_key=True
    )
    occupation_id: Mapped[int] = mapped_column(
        ForeignKey("occupation.id"), primary_key=True, index=True
    )

    candidate: Mapped[Candidate] = relationship(back_populates="wished_occupations")
    occupation = relationship(Occupation, lazy="joined")


class CandidateWishedSector(db.Model):
    """A NACE section the candidate would like to work in."""

    __data_version__ = "candidates"  # the matching engine caches them
    __data_version_key__ = "candidate_id"
    __tablename__ = "candidate_wished_sector"

    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), primary_key=True
    )
    sector_code: Mapped[str] = mapped_column(ForeignKey("nace_section.code"), primary_key=True)

    candidate: Mapped[Candidate] = relationship(back_populates="wished_sectors")
    sector = relationship(NaceSection, lazy="joined")


class CandidateSensitive(db.Model):
    """Self-declared gender and birth year: only for fairness reports, shown only to the
    owning coach, never used for ranking and never shown to employers."""

    __data_version__ = "candidates"  # the matching engine caches them
    __data_version_key__ = "candidate_id"
    __tablename__ = "candidate_sensitive"

    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), primary_key=True
    )
    gender: Mapped[str | None] = mapped_column(String(12))
    birth_year: Mapped[int | None] = mapped_column(Integer)

    candidate: Mapped[Candidate] = relationship(back_populates="sensitive")

    __table_args__ = (
        CheckConstraint(optional_in("gender", Gender), name="gender"),
        CheckConstraint(
            "birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100", name="birth_year"
        ),
    )
