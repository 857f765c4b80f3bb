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
    per language and kind of reader, of the tables' columns: the rows are plain values,
    so SQLAlchemy's ORM has nothing to do on each profile.

    Columns: part, the order within the part, five texts, a number, a moment."""
    candidate_id = bindparam("candidate_id", type_=Integer)
    text, number, moment = literal(None, String), literal(None, Float), literal(None, UTCDateTime)
    language, occupation = Language.__table__, Occupation.__table__
    skill, sector = Skill.__table__, NaceSection.__table__
    spoken, experience = CandidateLanguage.__table__, CandidateExperience.__table__
    has_skill, wished_occupation = CandidateSkill.__table__, CandidateWishedOccupation.__table__
    wished_sector = CandidateWishedSector.__table__
    occupation_label = occupation.c.label_en if english else occupation.c.label_nl
    parts = [
        _row(literal(_LANGUAGE, Integer), literal(0, Integer),
             language.c.name_en if english else language.c.name_nl, spoken.c.level,
             spoken.c.language_code, text, text, number, moment)
        .join(language, language.c.code == spoken.c.language_code)
        .where(spoken.c.candidate_id == candidate_id),
        _row(literal(_EXPERIENCE, Integer), experience.c.id, occupation_label,
             experience.c.title_as_said, experience.c.country, text, text,
             experience.c.years, moment)
        .join(occupation, occupation.c.id == experience.c.occupation_id)
        .where(experience.c.candidate_id == candidate_id),
        _row(literal(_SKILL, Integer), has_skill.c.skill_id, skill.c.label_nl,
             skill.c.label_en, text, text, text, number, moment)
        .join(skill, skill.c.id == has_skill.c.skill_id)
        .where(has_skill.c.candidate_id == candidate_id),
        _row(literal(_WISHED_OCCUPATION, Integer), wished_occupation.c.occupation_id,
             occupation_label, text, text, text, text, number, moment)
        .join(occupation, occupation.c.id == wished_occupation.c.occupation_id)
        .where(wished_occupation.c.candidate_id == candidate_id),
        _row(literal(_WISHED_SECTOR, Integer), literal(0, Integer),
             wished_sector.c.sector_code,
             sector.c.label_en if english else sector.c.label_nl,
             wished_sector.c.sector_code, text, text, number, moment)
        .join(sector, sector.c.code == wished_sector.c.sector_code)
        .where(wished_sector.c.candidate_id == candidate_id),
    ]
    users, organisations = User.__table__, Organisation.__table__
    if owner:
        sensitive, handover = CandidateSensitive.__table__.c, CandidateHandover.__table__
        from_coach, to_coach = users.alias("from_coach"), users.alias("to_coach")
        from_org = organisations.alias("from_organisation")
        to_org = organisations.alias("to_organisation")
        parts += [
            _row(literal(_SENSITIVE, Integer), literal(0, Integer), sensitive.gender,
                 text, text, text, text, sensitive.birth_year, moment)
            .where(sensitive.candidate_id == candidate_id),
            _row(literal(_HANDOVER, Integer), handover.c.id, from_coach.c.name,
                 from_org.c.name, to_coach.c.name, to_org.c.name, handover.c.note, number,
                 handover.c.handed_over_at)
            .select_from(handover)
            .join(from_coach, from_coach.c.id == handover.c.from_coach_id)
            .join(from_org, from_org.c.id == handover.c.from_organisation_id)
            .join(to_coach, to_coach.c.id == handover.c.to_coach_id)
            .join(to_org, to_org.c.id == handover.c.to_organisation_id)
            .where(handover.c.candidate_id == candidate_id),
        ]
    else:
        candidate = Candidate.__table__
        parts.append(
            _row(literal(_SHARER, Integer), literal(0, Integer), users.c.name,
                 organisations.c.name, text, text, text, number, moment)
            .select_from(candidate)
            .join(users, users.c.id == candidate.c.coach_id)
            .join(organisations, organisations.c.id == candidate.c.organisation_id)
            .where(candidate.c.id == candidate_id)
        )
    everything = union_all(*parts).subquery()
    # The languages and sectors are in the order of their codes (the third text), the
    # other lists in the order of their ids.
    return select(everything).order_by(everything.c.part, everything.c.ordinal,
                                       everything.c.third)
