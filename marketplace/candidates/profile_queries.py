"""What a candidate's profile page shows besides the candidate's own row, in one
statement: their languages, work experience, skills, wished occupations and sectors,
and, by who reads it, the sensitive row and the handovers (their own coach) or the
coach and organisation who share the profile (another coach).

These were a lazy load per list, and a statement each for the sensitive row, the
handovers and the sharing coach and organisation: one ``UNION ALL`` of plain rows now,
its parts told apart by their first column. The statement is built once per language
and reader (a bound candidate id): building a union costs more Python than it saves
if done on every request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import Float, Integer, Select, String, bindparam, literal, select, union_all
from sqlalchemy.orm import aliased

from marketplace.accounts.models import Organisation, User
from marketplace.candidates.handovers import CandidateHandover
from marketplace.candidates.models import Candidate
from marketplace.candidates.profile_rows import (
    CandidateExperience,
    CandidateLanguage,
    CandidateSensitive,
    CandidateSkill,
    CandidateWishedOccupation,
    CandidateWishedSector,
)
from marketplace.db_types import UTCDateTime
from marketplace.extensions import db
from marketplace.taxonomy.models import Language, NaceSection, Occupation, Skill

#: The parts of the statement, in the order it returns them.
(_LANGUAGE, _EXPERIENCE, _SKILL, _WISHED_OCCUPATION, _WISHED_SECTOR, _SENSITIVE,
 _HANDOVER, _SHARER) = range(1, 9)


class LanguageLine(NamedTuple):
    name: str
    level: str


class ExperienceLine(NamedTuple):
    occupation: str
    title_as_said: str | None
    years: float
    country: str | None


class SkillLine(NamedTuple):
    """Both labels, as ``Skill`` has them: the page shows the Dutch one when there is
    one, and marks the English one as English."""

    label_nl: str | None
    label_en: str


class HandoverLine(NamedTuple):
    """One handover of the profile's history: when, between whom, and the note."""

    at: datetime
    from_coach: str
    from_organisation: str
    to_coach: str
    to_organisation: str
    note: str | None


class SectorLine(NamedTuple):
    code: str
    label: str


@dataclass
class ProfileDetails:
    """The lists of one profile, in the reader's language, each in the profile's order."""

    languages: list[LanguageLine] = field(default_factory=list)
    experiences: list[ExperienceLine] = field(default_factory=list)
    skills: list[SkillLine] = field(default_factory=list)
    #: The labels of the wished occupations, by occupation id.
    wished_occupations: list[str] = field(default_factory=list)
    wished_sectors: list[SectorLine] = field(default_factory=list)
    #: Only for the candidate's own coach (another coach's page does not read them).
    gender: str | None = None
    birth_year: int | None = None
    handovers: list[HandoverLine] = field(default_factory=list)
    #: Only for another coach: who shares the profile.
    coach_name: str | None = None
    organisation_name: str | None = None


def profile_details(candidate: Candidate, owner: bool, locale: str) -> ProfileDetails:
    """The lists of ``candidate``'s profile page in ``locale``; with ``owner`` (the
    reader is their coach) the sensitive row and the handovers, else the sharing
    coach's and organisation's names."""
    details = ProfileDetails()
    rows = db.session.execute(_details_select(locale == "en", owner),
                              {"candidate_id": candidate.id})
    for part, _order, first, second, third, fourth, fifth, number, moment in rows:
        if part == _LANGUAGE:
            details.languages.append(LanguageLine(first, second))
        elif part == _EXPERIENCE:
            details.experiences.append(ExperienceLine(first, second, number, third))
        elif part == _SKILL:
            details.skills.append(SkillLine(first, second))
        elif part == _WISHED_OCCUPATION:
            details.wished_occupations.append(first)
        elif part == _WISHED_SECTOR:
            details.wished_sectors.append(SectorLine(first, second))
        elif part == _SENSITIVE:
            details.gender = first
            details.birth_year = int(number) if number is not None else None
        elif part == _HANDOVER:
            details.handovers.append(HandoverLine(moment, first, second, third, fourth, fifth))
        else:
            details.coach_name, details.organisation_name = first, second
    return details


#: The names of the statement's columns (every part is labelled alike: a text left
#: empty twice in one part would otherwise be one column of the union).
_COLUMNS = ("part", "ordinal", "first", "second", "third", "fourth", "fifth", "number",
            "moment")


def _row(*columns) -> Select:
    """A select of one part, its columns named as ``_COLUMNS``."""
    return select(*(column.label(name) for column, name in zip(columns, _COLUMNS, strict=True)))


@lru_cache(maxsize=4)
def _details_select(english: bool, owner: bool) -> Select:
    """The statement of ``profile_details`` for the bound ``candidate_id``, built once
    per language and kind of reader.

    Columns: part, the order within the part, five texts, a number, a moment."""
    candidate_id = bindparam("candidate_id", type_=Integer)
    text, number, moment = literal(None, String), literal(None, Float), literal(None, UTCDateTime)
    occupation = Occupation.label_en if english else Occupation.label_nl
    parts = [
        _row(literal(_LANGUAGE, Integer), literal(0, Integer),
               Language.name_en if english else Language.name_nl, CandidateLanguage.level,
               CandidateLanguage.language_code, text, text, number, moment)
        .join(Language, Language.code == CandidateLanguage.language_code)
        .where(CandidateLanguage.candidate_id == candidate_id),
        _row(literal(_EXPERIENCE, Integer), CandidateExperience.id, occupation,
               CandidateExperience.title_as_said, CandidateExperience.country, text, text,
               CandidateExperience.years, moment)
        .join(Occupation, Occupation.id == CandidateExperience.occupation_id)
        .where(CandidateExperience.candidate_id == candidate_id),
        _row(literal(_SKILL, Integer), CandidateSkill.skill_id, Skill.label_nl,
               Skill.label_en, text, text, text, number, moment)
        .join(Skill, Skill.id == CandidateSkill.skill_id)
        .where(CandidateSkill.candidate_id == candidate_id),
        _row(literal(_WISHED_OCCUPATION, Integer), CandidateWishedOccupation.occupation_id,
               occupation, text, text, text, text, number, moment)
        .join(Occupation, Occupation.id == CandidateWishedOccupation.occupation_id)
        .where(CandidateWishedOccupation.candidate_id == candidate_id),
        _row(literal(_WISHED_SECTOR, Integer), literal(0, Integer),
               CandidateWishedSector.sector_code,
               NaceSection.label_en if english else NaceSection.label_nl,
               CandidateWishedSector.sector_code, text, text, number, moment)
        .join(NaceSection, NaceSection.code == CandidateWishedSector.sector_code)
        .where(CandidateWishedSector.candidate_id == candidate_id),
    ]
    if owner:
        from_coach, to_coach = aliased(User), aliased(User)
        from_org, to_org = aliased(Organisation), aliased(Organisation)
        parts += [
            _row(literal(_SENSITIVE, Integer), literal(0, Integer), CandidateSensitive.gender,
                   text, text, text, text, CandidateSensitive.birth_year, moment)
            .where(CandidateSensitive.candidate_id == candidate_id),
            _row(literal(_HANDOVER, Integer), CandidateHandover.id, from_coach.name,
                   from_org.name, to_coach.name, to_org.name, CandidateHandover.note, number,
                   CandidateHandover.handed_over_at)
            .join(from_coach, from_coach.id == CandidateHandover.from_coach_id)
            .join(from_org, from_org.id == CandidateHandover.from_organisation_id)
            .join(to_coach, to_coach.id == CandidateHandover.to_coach_id)
            .join(to_org, to_org.id == CandidateHandover.to_organisation_id)
            .where(CandidateHandover.candidate_id == candidate_id),
        ]
    else:
        parts.append(
            _row(literal(_SHARER, Integer), literal(0, Integer), User.name, Organisation.name,
                   text, text, text, number, moment)
            .select_from(Candidate)
            .join(User, User.id == Candidate.coach_id)
            .join(Organisation, Organisation.id == Candidate.organisation_id)
            .where(Candidate.id == candidate_id)
        )
    everything = union_all(*parts).subquery()
    # The languages and sectors are in the order of their codes (the third text), the
    # other lists in the order of their ids.
    return select(everything).order_by(everything.c.part, everything.c.ordinal,
                                       everything.c.third)
