"""The opportunity resource's models: what the API answers (and, for the write
operations, what it accepts). Built from the row by ``OpportunityOut.of``."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal

from pydantic import BaseModel, Field

from marketplace.api.paging import PageQuery
from marketplace.opportunities.rules import asks_weekly_hours
from marketplace.opportunities.vocab import (
    ContractType,
    OpportunityKind,
    OpportunityStatus,
)


class OrganisationRef(BaseModel):
    ref: str
    name: str


class OccupationRef(BaseModel):
    uri: str = Field(description="The ESCO occupation URI.")
    label_nl: str
    label_en: str


class LanguageRequirement(BaseModel):
    language: str = Field(description="ISO 639-1 code.")
    level: str = Field(description="CEFR level: A1 ... C2.")
    required: bool = Field(description="False: an advantage.")


class SkillRequirement(BaseModel):
    uri: str = Field(description="The ESCO skill URI.")
    required: bool = Field(description="True: must-have; False: nice-to-have.")


class OpportunityOut(BaseModel):
    """One opportunity as its owner, a partner's coach or the partnership sees it."""

    id: int
    ref: str
    organisation: OrganisationRef
    kind: OpportunityKind
    status: OpportunityStatus
    title: str
    occupation: OccupationRef
    description: str
    postcode: str
    hours_per_week: float | None = Field(
        description="null for a try-out: it has no hours per week, it is one session "
                    "(session_on, session_starts, session_ends).")
    schedule: list[Literal["day", "evening", "night", "weekend", "shifts"]]
    contract_type: ContractType | None
    internship_weeks: int | None
    duration_weeks: int | None
    schedule_note: str | None
    session_on: date | None
    session_starts: time | None
    session_ends: time | None
    street_address: str | None
    places: int
    places_left: int
    starts_on: date | None
    closes_on: date | None
    dutch_level: str
    language_support: bool
    driving_licence: bool
    certificates: str
    notes_for_coaches: str
    further_occupations: list[str] = Field(description="Try-outs: ESCO occupation URIs "
                                                       "to taste besides the main one.")
    languages: list[LanguageRequirement]
    skills: list[SkillRequirement]
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    version: int = Field(description="The same as the ETag: send it in If-Match.")

    @classmethod
    def of(cls, row) -> OpportunityOut:
        return cls(
            id=row.id, ref=row.ref,
            organisation=OrganisationRef(ref=row.organisation.ref, name=row.organisation.name),
            kind=row.kind, status=row.status, title=row.title,
            occupation=OccupationRef(uri=row.occupation.uri, label_nl=row.occupation.label_nl,
                                     label_en=row.occupation.label_en),
            description=row.description, postcode=row.postcode,
            # A try-out's stored hours are shown nowhere (rules.asks_weekly_hours).
            hours_per_week=row.hours_per_week if asks_weekly_hours(row.kind) else None,
            schedule=row.schedule,
            contract_type=row.contract_type, internship_weeks=row.internship_weeks,
            duration_weeks=row.duration_weeks, schedule_note=row.schedule_note,
            session_on=row.session_on, session_starts=row.session_starts,
            session_ends=row.session_ends, street_address=row.street_address,
            places=row.places, places_left=row.places_left, starts_on=row.starts_on,
            closes_on=row.closes_on, dutch_level=row.dutch_level,
            language_support=row.language_support, driving_licence=row.driving_licence,
            certificates=row.certificates, notes_for_coaches=row.notes_for_coaches,
            further_occupations=[item.uri for item in row.further_occupations],
            languages=[LanguageRequirement(language=item.language_code, level=item.level,
                                           required=item.required) for item in row.languages],
            skills=[SkillRequirement(uri=item.skill.uri, required=item.required)
                    for item in row.skills],
            created_at=row.created_at, updated_at=row.updated_at,
            published_at=row.published_at, version=row.version,
        )


class OpportunityPage(BaseModel):
    items: list[OpportunityOut]
    next_cursor: str | None = Field(description="Pass as cursor for the next page; "
                                                "null on the last page.")


class OpportunityListQuery(PageQuery):
    status: OpportunityStatus | None = Field(None, description="Only this status.")
