"""The candidate resource's answers: a profile as the coaches of a partner organisation
see it (``CandidateOut.of``), and the cursor-paged list.

A candidate of the token's own organisation comes with everything its coach keeps
except gender and birth year (those serve fairness reports only and stay in the
site). A candidate another organisation shares with the partnership comes as the
site shows it to other coaches: without contact details, the coach's note, the
coach's address and the consent details.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from marketplace.api.bodies import EXAMPLE_OCCUPATION
from marketplace.api.opportunity_schemas import OrganisationRef
from marketplace.api.paging import PageQuery
from marketplace.candidates.vocabularies import (
    CandidateStatus,
    CommuteMeans,
    ConsentMethod,
    DayPart,
    DiplomaRecognition,
    DutchLevelSource,
    EducationLevel,
    Trajectory,
    WorkPermission,
)


class ConsentOut(BaseModel):
    given_on: date
    method: ConsentMethod


class CandidateLanguageOut(BaseModel):
    language: str = Field(description="ISO 639-1 code.")
    level: str = Field(description="CEFR level: A1 ... C2.")


class ExperienceOut(BaseModel):
    occupation: str = Field(description="The ESCO occupation URI.")
    title_as_said: str | None
    years: float
    country: str | None = Field(description="ISO 3166 code of the country, if known.")


EXAMPLE = {
    "id": 42, "ref": "VDAB-000123", "own": True,
    "organisation": {"ref": "organisation-vdab", "name": "VDAB Antwerpen"},
    "coach": "coach@vdab.example", "status": "active",
    "consent": {"given_on": "2026-01-05", "method": "signed_form"},
    "pseudonym": "Samira", "email": None, "phone": None, "postcode": "2060",
    "dutch_level": "A2", "dutch_level_assessed_on": None, "dutch_level_source": None,
    "languages": [{"language": "ar", "level": "C2"}], "education_level": "secondary",
    "diploma_recognition": "pending",
    "experiences": [{"occupation": EXAMPLE_OCCUPATION, "title_as_said": None, "years": 3.0,
                     "country": "SY"}],
    "skills": [], "wished_occupations": [EXAMPLE_OCCUPATION], "wished_kinds": ["job"],
    "wished_sectors": ["H"], "hours_per_week": 30, "day_parts": ["afternoons"],
    "max_commute_km": 15, "commute_means": "bike", "driving_licence": False,
    "available_from": None, "allowed_to_work": "yes", "trajectory": "integrated",
    "shared_with_partnership": False, "coach_note": None,
    "created_at": "2026-01-05T09:30:00Z", "updated_at": "2026-01-05T09:30:00Z", "version": 3,
}


class CandidateOut(BaseModel):
    """One candidate; ``own`` False: shared by another organisation (read-only)."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE]})

    id: int
    ref: str
    own: bool = Field(description="True: your organisation's; False: shared with the "
                                  "partnership by another organisation (read-only).")
    organisation: OrganisationRef
    coach: str | None = Field(description="The coach's e-mail (only your own candidates).")
    status: CandidateStatus
    consent: ConsentOut | None = Field(description="The open consent (own candidates).")
    pseudonym: str
    email: str | None
    phone: str | None
    postcode: str
    dutch_level: str
    dutch_level_assessed_on: date | None
    dutch_level_source: DutchLevelSource | None
    languages: list[CandidateLanguageOut]
    education_level: EducationLevel | None
    diploma_recognition: DiplomaRecognition | None
    experiences: list[ExperienceOut]
    skills: list[str] = Field(description="ESCO skill URIs.")
    wished_occupations: list[str] = Field(description="ESCO occupation URIs.")
    wished_kinds: list[Literal["job", "internship", "volunteering", "training"]]
    wished_sectors: list[str] = Field(description="NACE section letters.")
    hours_per_week: int | None
    day_parts: list[DayPart]
    max_commute_km: int | None
    commute_means: CommuteMeans | None
    driving_licence: bool
    available_from: date | None
    allowed_to_work: WorkPermission
    trajectory: Trajectory
    shared_with_partnership: bool
    coach_note: str | None
    created_at: datetime
    updated_at: datetime
    version: int = Field(description="The same as the ETag: send it in If-Match.")

    @classmethod
    def of(cls, row, organisation_id: int) -> CandidateOut:
        own = row.organisation_id == organisation_id
        consent = next((r for r in row.consent_records if r.is_active), None)
        return cls(
            id=row.id, ref=row.ref, own=own,
            organisation=OrganisationRef(ref=row.organisation.ref, name=row.organisation.name),
            coach=row.coach.email if own else None, status=row.status,
            consent=ConsentOut(given_on=consent.given_on, method=consent.method)
            if own and consent else None,
            pseudonym=row.pseudonym, email=row.email if own else None,
            phone=row.phone if own else None, postcode=row.postcode,
            dutch_level=row.dutch_level, dutch_level_assessed_on=row.dutch_level_assessed_on,
            dutch_level_source=row.dutch_level_source,
            languages=[CandidateLanguageOut(language=item.language_code, level=item.level)
                       for item in sorted(row.languages, key=lambda item: item.language_code)],
            education_level=row.education_level, diploma_recognition=row.diploma_recognition,
            experiences=[ExperienceOut(occupation=item.occupation.uri,
                                       title_as_said=item.title_as_said, years=item.years,
                                       country=item.country) for item in row.experiences],
            skills=sorted(item.skill.uri for item in row.skills),
            wished_occupations=sorted(item.occupation.uri for item in row.wished_occupations),
            wished_kinds=sorted(str(kind) for kind in row.wished_kinds),
            wished_sectors=sorted(item.sector_code for item in row.wished_sectors),
            hours_per_week=row.hours_per_week, day_parts=[str(p) for p in row.day_parts],
            max_commute_km=row.max_commute_km, commute_means=row.commute_means,
            driving_licence=row.driving_licence, available_from=row.available_from,
            allowed_to_work=row.allowed_to_work, trajectory=row.trajectory,
            shared_with_partnership=row.shared_with_partnership,
            coach_note=row.coach_note if own else None,
            created_at=row.created_at, updated_at=row.updated_at, version=row.version,
        )


class CandidatePage(BaseModel):
    items: list[CandidateOut]
    next_cursor: str | None = Field(description="Pass as cursor for the next page; "
                                                "null on the last page.")


class CandidateListQuery(PageQuery):
    scope: Literal["mine", "shared"] = Field(
        "mine", description="mine: your organisation's candidates; shared: those other "
                            "organisations share with the partnership.")
    status: CandidateStatus | None = Field(None, description="Only this status.")
