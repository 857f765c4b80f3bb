"""A candidate's profile as plain values (``CandidateProfile``): what the profile form,
the API and imports give the operations, and what they compare a save with.

A save and the edit form read the values kept in rows of other tables (other
languages, experience, skills, wished occupations and sectors, gender and birth year)
in one statement (``read_rows``), not by loading the candidate's six relationships.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from functools import lru_cache

from sqlalchemy import Float, Integer, String, bindparam, cast, literal, null, select, union_all

from marketplace.candidates.models import Candidate
from marketplace.candidates.profile_rows import (
    CandidateExperience,
    CandidateLanguage,
    CandidateSensitive,
    CandidateSkill,
    CandidateWishedOccupation,
    CandidateWishedSector,
)
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.data_versions import version_subquery
from marketplace.extensions import db
from marketplace.taxonomy.version import note_taxonomy_version


@dataclass(frozen=True)
class ExperienceEntry:
    """One line of work experience, as the profile form and an import give it."""

    occupation_id: int
    title_as_said: str | None
    years: float
    country: str | None


@dataclass
class CandidateProfile:
    """Everything a coach can fill in about a candidate, as plain values.

    Field names are the names of the form fields, so the names of changed fields in
    the audit log can be shown with the form's labels.
    """

    pseudonym: str
    postcode: str
    dutch_level: str
    allowed_to_work: str
    trajectory: str
    status: str = CandidateStatus.ACTIVE
    email: str | None = None
    phone: str | None = None
    dutch_level_assessed_on: date | None = None
    dutch_level_source: str | None = None
    languages: dict[str, str] = field(default_factory=dict)  # language code -> CEFR level
    education_level: str | None = None
    diploma_recognition: str | None = None
    experiences: list[ExperienceEntry] = field(default_factory=list)
    skills: frozenset[int] = frozenset()
    wished_occupations: frozenset[int] = frozenset()
    wished_kinds: frozenset[str] = frozenset()
    wished_sectors: frozenset[str] = frozenset()
    hours_per_week: int | None = None
    day_parts: frozenset[str] = frozenset()
    max_commute_km: int | None = None
    commute_means: str | None = None
    driving_licence: bool = False
    available_from: date | None = None
    shared_with_partnership: bool = False
    coach_note: str | None = None
    gender: str | None = None
    birth_year: int | None = None


#: Profile fields that are plain columns of the candidate row.
SCALAR_FIELDS = (
    "pseudonym", "postcode", "dutch_level", "allowed_to_work", "trajectory", "status",
    "email", "phone", "dutch_level_assessed_on", "dutch_level_source", "education_level",
    "diploma_recognition", "hours_per_week", "max_commute_km", "commute_means",
    "driving_licence", "available_from", "shared_with_partnership", "coach_note",
)  # fmt: skip


#: Profile fields kept in rows of other tables than the candidate's.
ROW_FIELDS = ("languages", "experiences", "skills", "wished_occupations", "wished_sectors",
              "gender", "birth_year")


def profile_of(candidate: Candidate, rows: dict | None = None) -> CandidateProfile:
    """The candidate's current profile as plain values; ``rows`` holds those of
    ``ROW_FIELDS`` (``read_rows``), else they come from the candidate's relationships."""
    return CandidateProfile(
        **{name: getattr(candidate, name) for name in SCALAR_FIELDS},
        **(rows if rows is not None else _related_rows(candidate)),
        wished_kinds=frozenset(str(kind) for kind in candidate.wished_kinds),
        day_parts=frozenset(str(part) for part in candidate.day_parts),
    )


def _related_rows(candidate: Candidate) -> dict:
    sensitive = candidate.sensitive
    return {
        "languages": {row.language_code: row.level for row in candidate.languages},
        "experiences": [
            ExperienceEntry(row.occupation_id, row.title_as_said, row.years, row.country)
            for row in candidate.experiences
        ],
        "skills": frozenset(row.skill_id for row in candidate.skills),
        "wished_occupations": frozenset(row.occupation_id
                                        for row in candidate.wished_occupations),
        "wished_sectors": frozenset(row.sector_code for row in candidate.wished_sectors),
        "gender": sensitive.gender if sensitive else None,
        "birth_year": sensitive.birth_year if sensitive else None,
    }


def read_rows(candidate_id: int, with_taxonomy_version: bool = False) -> dict:
    """The candidate's values of ``ROW_FIELDS`` from the database, as ``profile_of``
    takes them, in one statement instead of loading six relationships (each with its
    joined taxonomy entity); experience lines in the order they were saved.

    ``with_taxonomy_version``: the same statement also reads the taxonomy's data
    version and keeps it as the request's (``note_taxonomy_version``): the profile form
    needs it for its language choices, and a statement of its own cost more."""
    languages, experiences, sets = {}, [], {"skills": set(), "wished_occupations": set(),
                                            "wished_sectors": set()}
    sensitive = (None, None)
    for kind, text, number, other, years in db.session.execute(
            _rows_statement(with_taxonomy_version), {"candidate_id": candidate_id}):
        if kind == _TAXONOMY_VERSION:
            note_taxonomy_version(number)
        elif kind == "languages":
            languages[text] = other
        elif kind == "experiences":
            experiences.append(ExperienceEntry(number, text, years, other))
        elif kind == "sensitive":
            sensitive = (text, number)
        else:
            sets[kind].add(text if kind == "wished_sectors" else number)
    return {"languages": languages, "experiences": experiences,
            **{name: frozenset(values) for name, values in sets.items()},
            "gender": sensitive[0], "birth_year": sensitive[1]}


#: The kind of ``read_rows``' line that holds the taxonomy's data version.
_TAXONOMY_VERSION = "taxonomy_version"


@lru_cache(maxsize=2)
def _rows_statement(with_taxonomy_version: bool):
    """The UNION that ``read_rows`` sends, built once per process (building a statement
    and its cache key costs more than running it for one candidate). Each branch gives
    (kind, text, number, other text, years), ordered so experience lines keep their
    order."""
    candidate_id = bindparam("candidate_id", type_=Integer)
    no_text, no_number, no_years = cast(null(), String), cast(null(), Integer), cast(null(), Float)

    def branch(kind, model, text, number, other, years, position):
        return select(literal(kind, String).label("kind"), text.label("text"),
                      number.label("number"), other.label("other"), years.label("years"),
                      position.label("position")).where(model.candidate_id == candidate_id)

    branches = [
        branch("languages", CandidateLanguage, CandidateLanguage.language_code, no_number,
               CandidateLanguage.level, no_years, no_number),
        branch("experiences", CandidateExperience, CandidateExperience.title_as_said,
               CandidateExperience.occupation_id, CandidateExperience.country,
               CandidateExperience.years, CandidateExperience.id),
        branch("skills", CandidateSkill, no_text, CandidateSkill.skill_id, no_text, no_years,
               no_number),
        branch("wished_occupations", CandidateWishedOccupation, no_text,
               CandidateWishedOccupation.occupation_id, no_text, no_years, no_number),
        branch("wished_sectors", CandidateWishedSector, CandidateWishedSector.sector_code,
               no_number, no_text, no_years, no_number),
        branch("sensitive", CandidateSensitive, CandidateSensitive.gender,
               CandidateSensitive.birth_year, no_text, no_years, no_number),
    ]
    if with_taxonomy_version:
        branches.append(select(literal(_TAXONOMY_VERSION, String), no_text,
                               version_subquery("taxonomy"), no_text, no_years, no_number))
    lines = union_all(*branches).subquery()
    return (select(lines.c.kind, lines.c.text, lines.c.number, lines.c.other, lines.c.years)
            .order_by(lines.c.kind, lines.c.position))


def changed_profile_fields(before: CandidateProfile, after: CandidateProfile) -> list[str]:
    """The names of the profile fields whose values differ, in form order."""
    return [
        f.name
        for f in fields(CandidateProfile)
        if getattr(before, f.name) != getattr(after, f.name)
    ]
