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
from marketplace.taxonomy.models import Occupation, Skill
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


def read_rows(candidate_id: int) -> dict:
    """The candidate's values of ``ROW_FIELDS`` from the database, as ``profile_of``
    takes them, in one statement instead of loading six relationships (each with its
    joined taxonomy entity); experience lines in the order they were saved."""
    return _read(candidate_id, for_form=False)[0]


def read_form_rows(candidate_id: int) -> tuple[dict, dict[int, Occupation], dict[int, Skill]]:
    """``read_rows`` for the profile form, with, in the same statement, the occupations
    and skills of the rows by id (the pickers show their labels) and the taxonomy's data
    version, kept as the request's (``note_taxonomy_version``: the form's language
    choices are kept by it). Statements of their own for those cost more.

    The occupations and skills are objects of their models that no session holds (their
    id, URI and labels only): the form only shows them and takes their ids back."""
    return _read(candidate_id, for_form=True)


def _read(candidate_id: int, for_form: bool) -> tuple[dict, dict, dict]:
    languages, experiences, sets = {}, [], {"skills": set(), "wished_occupations": set(),
                                            "wished_sectors": set()}
    sensitive = (None, None)
    occupations, skills = {}, {}
    for kind, text, number, other, years, uri, label_nl, label_en in db.session.execute(
            _rows_statement(for_form), {"candidate_id": candidate_id}):
        if kind == _TAXONOMY_VERSION:
            note_taxonomy_version(number)
            continue
        if uri is not None:  # the occupation or skill of the line, for the form
            found, model = (skills, Skill) if kind == "skills" else (occupations, Occupation)
            if number not in found:
                found[number] = model(id=number, uri=uri, label_nl=label_nl, label_en=label_en)
        if kind == "languages":
            languages[text] = other
        elif kind == "experiences":
            experiences.append(ExperienceEntry(number, text, years, other))
        elif kind == "sensitive":
            sensitive = (text, number)
        else:
            sets[kind].add(text if kind == "wished_sectors" else number)
    rows = {"languages": languages, "experiences": experiences,
            **{name: frozenset(values) for name, values in sets.items()},
            "gender": sensitive[0], "birth_year": sensitive[1]}
    return rows, occupations, skills


#: The kind of ``read_rows``' line that holds the taxonomy's data version.
_TAXONOMY_VERSION = "taxonomy_version"


@lru_cache(maxsize=2)
def _rows_statement(for_form: bool):
    """The UNION that ``read_rows`` sends, built once per process (building a statement
    and its cache key costs more than running it for one candidate). Each branch gives
    (kind, text, number, other text, years, and for the form the URI and labels of the
    line's occupation or skill), ordered so experience lines keep their order; for the
    form a line with the taxonomy's data version too."""
    candidate_id = bindparam("candidate_id", type_=Integer)
    no_text, no_number, no_years = cast(null(), String), cast(null(), Integer), cast(null(), Float)
    nothing_shown = (no_text, no_text, no_text)
    occupation, skill = Occupation.__table__, Skill.__table__

    def branch(kind, model, text, number, other, years, position, entity=None):
        """One kind of line; with ``entity`` (the table of its occupation or skill,
        whose id is ``number``) and for the form, that entry's URI and labels."""
        shown = entity is not None and for_form
        uri, label_nl, label_en = ((entity.c.uri, entity.c.label_nl, entity.c.label_en)
                                   if shown else nothing_shown)
        line = select(literal(kind, String).label("kind"), text.label("text"),
                      number.label("number"), other.label("other"), years.label("years"),
                      position.label("position"), uri.label("uri"),
                      label_nl.label("label_nl"), label_en.label("label_en"))
        if shown:
            line = line.select_from(model).join(entity, entity.c.id == number)
        return line.where(model.candidate_id == candidate_id)

    branches = [
        branch("languages", CandidateLanguage, CandidateLanguage.language_code, no_number,
               CandidateLanguage.level, no_years, no_number),
        branch("experiences", CandidateExperience, CandidateExperience.title_as_said,
               CandidateExperience.occupation_id, CandidateExperience.country,
               CandidateExperience.years, CandidateExperience.id, occupation),
        branch("skills", CandidateSkill, no_text, CandidateSkill.skill_id, no_text, no_years,
               no_number, skill),
        branch("wished_occupations", CandidateWishedOccupation, no_text,
               CandidateWishedOccupation.occupation_id, no_text, no_years, no_number,
               occupation),
        branch("wished_sectors", CandidateWishedSector, CandidateWishedSector.sector_code,
               no_number, no_text, no_years, no_number),
        branch("sensitive", CandidateSensitive, CandidateSensitive.gender,
               CandidateSensitive.birth_year, no_text, no_years, no_number),
    ]
    if for_form:
        branches.append(select(literal(_TAXONOMY_VERSION, String), no_text,
                               version_subquery("taxonomy"), no_text, no_years, no_number,
                               *nothing_shown))
    lines = union_all(*branches).subquery()
    return (select(lines.c.kind, lines.c.text, lines.c.number, lines.c.other, lines.c.years,
                   lines.c.uri, lines.c.label_nl, lines.c.label_en)
            .order_by(lines.c.kind, lines.c.position))


def changed_profile_fields(before: CandidateProfile, after: CandidateProfile) -> list[str]:
    """The names of the profile fields whose values differ, in form order."""
    return [
        f.name
        for f in fields(CandidateProfile)
        if getattr(before, f.name) != getattr(after, f.name)
    ]
