"""What a candidate's profile page shows besides the candidate's own row, in one
statement: their languages, work experience, skills, wished occupations and sectors,
and, by who reads it, the sensitive row and the handovers (their own coach) or the
coach and organisation who share the profile (another coach).

These were a lazy load per list, and a statement each for the sensitive row, the
handovers and the sharing coach and organisation: one ``UNION ALL`` of plain rows now,
its parts told apart by their first column. The same statement reads the sections
other packages show on the profile (barriers, proposals, try-outs, trajectory:
``profile_sections``). It is built once per language and kind of reader (a bound
candidate id): building a union costs more Python than it saves if done on every
request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Select, select, union_all

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
from marketplace.candidates.profile_sections import (
    ProfileReader,
    section_of,
    section_row,
    sections,
)
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.db_types import local_today
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
    #: What the other packages' sections read, by section name (``profile_sections``).
    sections: dict[str, Any] = field(default_factory=dict)


def profile_details(candidate: Candidate, owner: bool, locale: str) -> ProfileDetails:
    """The lists of ``candidate``'s profile page in ``locale``; with ``owner`` (the
    reader is their coach) the sensitive row and the handovers, else the sharing
    coach's and organisation's names; and the sections of the other packages
    (``profile_sections``), all in one statement."""
    details = ProfileDetails()
    reader = ProfileReader(english=locale == "en", owner=owner,
                           active=candidate.status == CandidateStatus.ACTIVE)
    found: dict[int, list] = {}
    rows = db.session.execute(_details_select(reader),
                              {"candidate_id": candidate.id, "today": local_today()})
    for row in rows:
        part, first, second, third = row.part, row.text1, row.text2, row.text3
        if part == _LANGUAGE:
            details.languages.append(LanguageLine(first, second))
        elif part == _EXPERIENCE:
            details.experiences.append(ExperienceLine(first, second, row.number, third))
        elif part == _SKILL:
            details.skills.append(SkillLine(first, second))
        elif part == _WISHED_OCCUPATION:
            details.wished_occupations.append(first)
        elif part == _WISHED_SECTOR:
            details.wished_sectors.append(SectorLine(first, second))
        elif part == _SENSITIVE:
            details.gender = first
            details.birth_year = int(row.number) if row.number is not None else None
        elif part == _HANDOVER:
            details.handovers.append(
                HandoverLine(row.moment, first, second, third, row.text4, row.text5))
        elif part == _SHARER:
            details.coach_name, details.organisation_name = first, second
        else:
            found.setdefault(section_of(part), []).append(row)
    details.sections = {section.name: section.read(candidate, reader, found.get(first, []))
                        for first, section in sections()}
    return details


@lru_cache(maxsize=8)
def _details_select(reader: ProfileReader) -> Select:
    """The statement of ``profile_details`` for the bound ``candidate_id`` and ``today``,
    built once per language and kind of reader, of the tables' columns: the rows are
    plain values, so SQLAlchemy's ORM has nothing to do on each profile.

    Columns: those of ``profile_sections.COLUMNS``; the profile's own parts use the
    first five texts, the number and the moment."""
    english, owner, candidate_id = reader.english, reader.owner, reader.candidate_id
    language, occupation = Language.__table__, Occupation.__table__
    skill, sector = Skill.__table__, NaceSection.__table__
    spoken, experience = CandidateLanguage.__table__, CandidateExperience.__table__
    has_skill, wished_occupation = CandidateSkill.__table__, CandidateWishedOccupation.__table__
    wished_sector = CandidateWishedSector.__table__
    occupation_label = occupation.c.label_en if english else occupation.c.label_nl
    parts = [
        section_row(_LANGUAGE, 0, text1=language.c.name_en if english else language.c.name_nl,
                    text2=spoken.c.level, text3=spoken.c.language_code)
        .join(language, language.c.code == spoken.c.language_code)
        .where(spoken.c.candidate_id == candidate_id),
        section_row(_EXPERIENCE, experience.c.id, text1=occupation_label,
                    text2=experience.c.title_as_said, text3=experience.c.country,
                    number=experience.c.years)
        .join(occupation, occupation.c.id == experience.c.occupation_id)
        .where(experience.c.candidate_id == candidate_id),
        section_row(_SKILL, has_skill.c.skill_id, text1=skill.c.label_nl,
                    text2=skill.c.label_en)
        .join(skill, skill.c.id == has_skill.c.skill_id)
        .where(has_skill.c.candidate_id == candidate_id),
        section_row(_WISHED_OCCUPATION, wished_occupation.c.occupation_id,
                    text1=occupation_label)
        .join(occupation, occupation.c.id == wished_occupation.c.occupation_id)
        .where(wished_occupation.c.candidate_id == candidate_id),
        section_row(_WISHED_SECTOR, 0, text1=wished_sector.c.sector_code,
                    text2=sector.c.label_en if english else sector.c.label_nl,
                    text3=wished_sector.c.sector_code)
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
            section_row(_SENSITIVE, 0, text1=sensitive.gender, number=sensitive.birth_year)
            .where(sensitive.candidate_id == candidate_id),
            section_row(_HANDOVER, handover.c.id, text1=from_coach.c.name,
                        text2=from_org.c.name, text3=to_coach.c.name, text4=to_org.c.name,
                        text5=handover.c.note, moment=handover.c.handed_over_at)
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
            section_row(_SHARER, 0, text1=users.c.name, text2=organisations.c.name)
            .select_from(candidate)
            .join(users, users.c.id == candidate.c.coach_id)
            .join(organisations, organisations.c.id == candidate.c.organisation_id)
            .where(candidate.c.id == candidate_id)
        )
    for first, section in sections():
        parts += section.parts(reader, first)
    everything = union_all(*parts).subquery()
    # The languages and sectors are in the order of their codes (the third text), the
    # other lists in the order of their ids or of the ordinal their part gives them.
    return select(everything).order_by(everything.c.part, everything.c.ordinal,
                                       everything.c.text3)
