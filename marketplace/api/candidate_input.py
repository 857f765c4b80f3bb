"""What the candidate write operations accept, and how it becomes a ``CandidateProfile``.

The fields are the coach's profile form's, named as in ``CandidateProfile``, with the
records format's constrained types and the domain's limits and rules
(``candidates/models.py``, ``candidates/profile_rules.py``); the coach is named by
e-mail and must be an active coach of the token's organisation. Gender and birth
year are not taken: they serve fairness reports only and stay in the site (a change
through the API keeps what the coach entered there).

``PATCH`` sends only what changes; the current profile is merged with it and checked
as a whole (:func:`merged_input`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from marketplace.api.bodies import EXAMPLE_OCCUPATION, partial_model, validated
from marketplace.api.lookups import Lookups
from marketplace.api.spec import StrictModel
from marketplace.candidates.case_systems import active_coach
from marketplace.candidates.form_choices import country_names
from marketplace.candidates.models import MAX_COMMUTE_KM, MAX_EXPERIENCE_YEARS, MAX_HOURS_PER_WEEK
from marketplace.candidates.operations import CandidateProfile, ExperienceEntry, profile_of
from marketplace.candidates.profile_rules import (
    MAX_NOTE_LENGTH,
    available_from_too_old,
    is_phone_number,
)
from marketplace.candidates.vocabularies import (
    CommuteMeans,
    ConsentMethod,
    DayPart,
    DiplomaRecognition,
    DutchLevelSource,
    EducationLevel,
    Trajectory,
    WorkPermission,
)
from marketplace.db_types import local_today
from marketplace.records.schema import (
    EscoOccupation,
    EscoSkill,
    LanguageCode,
    Level,
    LongText,
    NaceSection,
    Postcode,
    Pseudonym,
    Text,
    WishedKind,
)

ForeignLevel = Literal["A1", "A2", "B1", "B2", "C1", "C2"]
EditableStatus = Literal["active", "paused", "placed", "left"]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]


class CandidateLanguageIn(StrictModel):
    language: LanguageCode = Field(description="ISO 639-1 code; Dutch has its own field.")
    level: ForeignLevel


class ExperienceIn(StrictModel):
    occupation: EscoOccupation = Field(description="The ESCO occupation URI.")
    title_as_said: Text | None = Field(None, description="The words the person used.")
    years: Annotated[float, Field(ge=0, le=MAX_EXPERIENCE_YEARS)]
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = Field(
        None, description="ISO 3166 alpha-2 code, e.g. SY.")


class ConsentIn(StrictModel):
    """The person's consent to be matched within the partnership, as the site keeps it."""

    given_on: date = Field(description="Not in the future.")
    method: ConsentMethod

    @field_validator("given_on")
    @classmethod
    def _not_in_future(cls, value: date) -> date:
        if value > local_today():
            raise ValueError("this date is in the future")
        return value


EXAMPLE = {
    "coach": "coach@vdab.example", "pseudonym": "Samira", "postcode": "2060",
    "dutch_level": "A2", "allowed_to_work": "yes", "trajectory": "integrated",
    "languages": [{"language": "ar", "level": "C2"}],
    "experiences": [{"occupation": EXAMPLE_OCCUPATION, "years": 3, "country": "SY"}],
    "wished_occupations": [EXAMPLE_OCCUPATION], "wished_kinds": ["job"], "hours_per_week": 30,
    "day_parts": ["afternoons"], "consent": {"given_on": "2026-01-05",
                                             "method": "signed_form"},
}


class CandidateIn(StrictModel):
    """A candidate's profile as the coach's form has it."""

    coach: EmailStr = Field(description="An active coach of your organisation.")
    pseudonym: Pseudonym = Field(description="First name or pseudonym: employers see it.")
    email: EmailStr | None = None
    phone: Phone | None = Field(None, description="Digits, spaces and a +.")
    postcode: Postcode
    dutch_level: Level
    dutch_level_assessed_on: date | None = None
    dutch_level_source: DutchLevelSource | None = None
    languages: Annotated[list[CandidateLanguageIn], Field(max_length=30)] = []
    education_level: EducationLevel | None = None
    diploma_recognition: DiplomaRecognition | None = None
    experiences: Annotated[list[ExperienceIn], Field(max_length=30)] = []
    skills: Annotated[list[EscoSkill], Field(max_length=100)] = []
    wished_occupations: Annotated[list[EscoOccupation], Field(max_length=30)] = []
    wished_kinds: list[WishedKind] = Field([], description="Empty: every kind is fine.")
    wished_sectors: list[NaceSection] = []
    hours_per_week: Annotated[int, Field(ge=1, le=MAX_HOURS_PER_WEEK)] | None = None
    day_parts: list[DayPart] = Field([], description="Empty: every moment is fine.")
    max_commute_km: Annotated[int, Field(ge=0, le=MAX_COMMUTE_KM)] | None = None
    commute_means: CommuteMeans | None = None
    driving_licence: bool = False
    available_from: date | None = Field(None, description="Empty: available now.")
    allowed_to_work: WorkPermission
    trajectory: Trajectory
    status: EditableStatus = "active"
    shared_with_partnership: bool = Field(False, description="Needs open consent.")
    coach_note: Annotated[LongText, StringConstraints(max_length=MAX_NOTE_LENGTH)] | None = None

    @model_validator(mode="after")
    def _rules_over_fields(self):
        if self.phone and not is_phone_number(self.phone):
            raise ValueError("phone: use digits, spaces and a + only")
        today = local_today()
        if self.dutch_level_assessed_on and self.dutch_level_assessed_on > today:
            raise ValueError("dutch_level_assessed_on is in the future")
        if self.available_from and available_from_too_old(self.available_from, today):
            raise ValueError("available_from is more than a year ago")
        codes = [row.language for row in self.languages]
        if "nl" in codes:
            raise ValueError("Dutch has its own field: dutch_level")
        if len(codes) != len(set(codes)):
            raise ValueError("a language is listed twice")
        return self


class NewCandidateIn(CandidateIn):
    """A new candidate: only with the person's consent."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE]})

    consent: ConsentIn


class CandidatePut(CandidateIn):
    """A whole profile for ``PUT /candidates/by-ref/{ref}``; ``consent`` is needed to
    create one, and gives consent anew to one whose consent was withdrawn."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE]})

    consent: ConsentIn | None = None


#: The profile's fields, each optional: only the ones sent change (``PATCH``).
CandidatePatch = partial_model("CandidatePatch", CandidateIn,
                               {"hours_per_week": 20, "status": "paused"})


def current_values(row) -> dict[str, Any]:
    """The stored profile as a ``CandidateIn`` body."""
    profile = profile_of(row)
    return {
        "coach": row.coach.email, "pseudonym": profile.pseudonym, "email": profile.email,
        "phone": profile.phone, "postcode": profile.postcode,
        "dutch_level": profile.dutch_level,
        "dutch_level_assessed_on": profile.dutch_level_assessed_on,
        "dutch_level_source": profile.dutch_level_source,
        "languages": [{"language": code, "level": level}
                      for code, level in sorted(profile.languages.items())],
        "education_level": profile.education_level,
        "diploma_recognition": profile.diploma_recognition,
        "experiences": [{"occupation": item.occupation.uri, "title_as_said": item.title_as_said,
                         "years": item.years, "country": item.country}
                        for item in row.experiences],
        "skills": sorted(item.skill.uri for item in row.skills),
        "wished_occupations": sorted(item.occupation.uri for item in row.wished_occupations),
        "wished_kinds": sorted(profile.wished_kinds),
        "wished_sectors": sorted(profile.wished_sectors),
        "hours_per_week": profile.hours_per_week, "day_parts": sorted(profile.day_parts),
        "max_commute_km": profile.max_commute_km, "commute_means": profile.commute_means,
        "driving_licence": profile.driving_licence, "available_from": profile.available_from,
        "allowed_to_work": profile.allowed_to_work, "trajectory": profile.trajectory,
        "status": profile.status,
        "shared_with_partnership": profile.shared_with_partnership,
        "coach_note": profile.coach_note,
    }


_LISTS = ("languages", "experiences", "skills", "wished_occupations", "wished_kinds",
          "wished_sectors", "day_parts")


def merged_input(row, patch: StrictModel) -> CandidateIn:
    """The stored profile with the sent fields over it, checked as a whole (422)."""
    values = {**current_values(row), **patch.model_dump(exclude_unset=True)}
    for name in _LISTS:
        values[name] = values[name] or []
    values["driving_licence"] = bool(values["driving_licence"])
    values["shared_with_partnership"] = bool(values["shared_with_partnership"])
    return validated(CandidateIn, values)


def to_profile(body: CandidateIn, organisation_id: int, keep_from=None):
    """The body as ``(coach, profile)`` for the operations; 422 for a coach who is not
    an active coach of the organisation, and unknown codes and URIs. ``keep_from``: the
    stored candidate, whose gender and birth year stay as the coach entered them."""
    lookups = Lookups()
    coach = active_coach(str(body.coach), organisation_id)
    if coach is None:
        lookups.fail(("coach",), "Not an active coach of your organisation.", "unknown_coach")
    postcode = lookups.postcode(body.postcode, ("postcode",))
    languages = {row.language: row.level for number, row in enumerate(body.languages)
                 if lookups.language(row.language, ("languages", number, "language"))}
    countries = country_names()
    experiences = []
    for number, row in enumerate(body.experiences):
        occupation = lookups.occupation(row.occupation, ("experiences", number, "occupation"))
        if row.country and row.country not in countries:
            lookups.fail(("experiences", number, "country"), "Not a country code.",
                         "unknown_country")
        if occupation is not None:
            experiences.append(ExperienceEntry(occupation.id, row.title_as_said, row.years,
                                               row.country))
    skills = [found.id for number, uri in enumerate(body.skills)
              if (found := lookups.skill(uri, ("skills", number)))]
    wished = [found.id for number, uri in enumerate(body.wished_occupations)
              if (found := lookups.occupation(uri, ("wished_occupations", number)))]
    for number, code in enumerate(body.wished_sectors):
        lookups.sector(code, ("wished_sectors", number))
    lookups.raise_if_any()
    profile = CandidateProfile(
        pseudonym=body.pseudonym, postcode=postcode, dutch_level=body.dutch_level,
        allowed_to_work=body.allowed_to_work, trajectory=body.trajectory, status=body.status,
        email=str(body.email) if body.email else None, phone=body.phone or None,
        dutch_level_assessed_on=body.dutch_level_assessed_on,
        dutch_level_source=body.dutch_level_source, languages=languages,
        education_level=body.education_level, diploma_recognition=body.diploma_recognition,
        experiences=experiences, skills=frozenset(skills),
        wished_occupations=frozenset(wished), wished_kinds=frozenset(body.wished_kinds),
        wished_sectors=frozenset(body.wished_sectors), hours_per_week=body.hours_per_week,
        day_parts=frozenset(body.day_parts), max_commute_km=body.max_commute_km,
        commute_means=body.commute_means, driving_licence=body.driving_licence,
        available_from=body.available_from,
        shared_with_partnership=body.shared_with_partnership,
        coach_note=body.coach_note or None,
    )
    if keep_from is not None:
        kept = profile_of(keep_from)
        profile = replace(profile, gender=kept.gender, birth_year=kept.birth_year)
    return coach, profile
