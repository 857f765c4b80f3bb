"""What the opportunity write operations accept, and how it becomes ``OpportunityData``.

The fields are the site's opportunity form's, with the records format's constrained
types (``records/schema.py``) and the domain's limits (``opportunities/vocab.py``), so
the API, the import and the form accept the same values. Rules over several fields
come from the domain (``opportunities/rules.py``, ``operations.missing_for_publication``).
A field that does not belong to the kind (weeks of an internship on a job) is ignored,
as the form ignores it (``vocab.KIND_SPECIFIC_FIELDS``).

``PATCH`` sends only what changes: the current values are merged with it and checked
as a whole (:func:`merged_input`), so the same rules hold as for a full body.
"""

from __future__ import annotations

from datetime import date, time
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from marketplace.api.bodies import (
    EXAMPLE_OCCUPATION,
    EXAMPLE_SKILL,
    partial_model,
    validated,
)
from marketplace.api.lookups import Lookups
from marketplace.api.spec import StrictModel
from marketplace.opportunities.operations import LanguageWish, OpportunityData, SkillWish
from marketplace.opportunities.row_forms import MAX_LANGUAGE_ROWS, MAX_SKILL_ROWS
from marketplace.opportunities.rules import (
    asks_weekly_hours,
    offers_kind,
    timed_by_session,
    tryout_closes_too_late,
    tryout_closing_date,
)
from marketplace.opportunities.vocab import (
    MAX_COURSE_WEEKS,
    MAX_FURTHER_OCCUPATIONS,
    MAX_HOURS,
    MAX_INTERNSHIP_WEEKS,
    MAX_PLACES,
    MAX_SCHEDULE_NOTE,
    MIN_HOURS,
    ContractType,
    OpportunityKind,
)
from marketplace.records.schema import (
    EscoOccupation,
    EscoSkill,
    LanguageCode,
    Level,
    LongText,
    Postcode,
    Text,
    WorkingTime,
)

ForeignLevel = Literal["A1", "A2", "B1", "B2", "C1", "C2"]


def _local_time(value: time) -> time:
    if value.tzinfo is not None:
        raise ValueError("give the time without a time zone: Brussels time")
    return value


#: A try-out's start or end, in Brussels local time as the form has it.
LocalTime = Annotated[time, AfterValidator(_local_time)]
Certificates = Annotated[Text, StringConstraints(max_length=500)]
ScheduleNote = Annotated[Text, StringConstraints(max_length=MAX_SCHEDULE_NOTE)]


class LanguageIn(StrictModel):
    language: LanguageCode = Field(description="ISO 639-1 code; Dutch has its own field.")
    level: ForeignLevel
    required: bool = Field(False, description="False: an advantage.")


class SkillIn(StrictModel):
    uri: EscoSkill = Field(description="The ESCO skill URI.")
    required: bool = Field(False, description="True: must-have; False: nice-to-have.")


EXAMPLE = {
    "kind": "job", "title": "Heftruckchauffeur (dagploeg)", "occupation": EXAMPLE_OCCUPATION,
    "description": "Je laadt en lost vrachtwagens in ons magazijn.", "postcode": "2030",
    "hours_per_week": 38, "schedule": ["day"], "places": 2, "dutch_level": "A2",
    "language_support": True, "contract_type": "interim", "closes_on": "2030-06-30",
    "certificates": "VCA basisveiligheid",
    "languages": [{"language": "en", "level": "A2", "required": False}],
    "skills": [{"uri": EXAMPLE_SKILL, "required": True}], "publish": True,
}


class OpportunityIn(StrictModel):
    """An opportunity as the site's form has it; ``publish`` publishes it at once."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE]})

    kind: OpportunityKind = Field(description="Only the kinds your organisation offers.")
    title: Text
    occupation: EscoOccupation = Field(description="The ESCO occupation URI.")
    description: LongText = Field("", description="Needed to publish.")
    postcode: Postcode = Field(description="The workplace's Belgian postcode.")
    hours_per_week: Annotated[float, Field(ge=MIN_HOURS, le=MAX_HOURS)] | None = Field(
        None, description="Needed, but for try-outs: one session, its day and times say it "
                          "(hours given for one are stored, never shown: the answers give "
                          "null).")
    schedule: Annotated[list[WorkingTime], Field(min_length=1)] | None = Field(
        None, description="When the work happens: at least one moment. Needed, but for "
                          "try-outs: their session's day and times give it (a Saturday or "
                          "Sunday, else the parts of the day its times fall in; day while "
                          "they are not known); one sent for a try-out is ignored.")
    places: Annotated[int, Field(ge=1, le=MAX_PLACES)] = 1
    dutch_level: Level
    language_support: bool = Field(False, description="Then one level of Dutch lower will do.")
    contract_type: ContractType | None = Field(None, description="Jobs: needed to publish.")
    internship_weeks: Annotated[int, Field(ge=1, le=MAX_INTERNSHIP_WEEKS)] | None = Field(
        None, description="Internships: needed to publish.")
    duration_weeks: Annotated[int, Field(ge=1, le=MAX_COURSE_WEEKS)] | None = Field(
        None, description="Training courses: needed to publish.")
    schedule_note: ScheduleNote | None = Field(None, description="Training courses only.")
    starts_on: date | None = Field(None, description="Empty: as soon as possible. A try-out "
                                                     "starts on its session_on (one sent for "
                                                     "a try-out is ignored).")
    closes_on: date | None = Field(None, description="Needed to publish, today or later.")
    driving_licence: bool = False
    certificates: Certificates | None = None
    notes_for_coaches: LongText = ""
    languages: Annotated[list[LanguageIn], Field(max_length=MAX_LANGUAGE_ROWS)] = []
    skills: Annotated[list[SkillIn], Field(max_length=MAX_SKILL_ROWS)] = []
    session_on: date | None = Field(None, description="Try-outs: the session's day.")
    session_starts: LocalTime | None = Field(None, description="Try-outs: HH:MM, Brussels "
                                                                "time.")
    session_ends: LocalTime | None = None
    street_address: Text | None = Field(None, description="Try-outs: street and number.")
    further_occupations: Annotated[
        list[EscoOccupation], Field(max_length=MAX_FURTHER_OCCUPATIONS)] = Field(
        [], description="Try-outs: other occupations to taste.")
    publish: bool = Field(False, description="True: publish now (or keep it published).")

    @model_validator(mode="after")
    def _rules_over_fields(self):
        timed = timed_by_session(self.kind)  # a try-out: its session gives these two
        if not timed and self.closes_on and self.starts_on and self.closes_on < self.starts_on:
            raise ValueError("closes_on is before starts_on")
        if self.schedule is None and not timed:
            raise ValueError(f"schedule is needed for a {self.kind}")
        if self.hours_per_week is None and asks_weekly_hours(self.kind):
            raise ValueError(f"hours_per_week is needed for a {self.kind}")
        if self.session_starts and self.session_ends and self.session_ends <= self.session_starts:
            raise ValueError("session_ends must be later than session_starts")
        if tryout_closes_too_late(self.kind, self.session_on, self.closes_on):
            raise ValueError("a try-out closes on its session_on at the latest")
        codes = [row.language for row in self.languages]
        if "nl" in codes:
            raise ValueError("Dutch has its own field: dutch_level")
        if len(codes) != len(set(codes)):
            raise ValueError("a language is listed twice")
        uris = [row.uri for row in self.skills]
        if len(uris) != len(set(uris)):
            raise ValueError("a skill is listed twice")
        if self.schedule and len(self.schedule) != len(set(self.schedule)):
            raise ValueError("a working time is listed twice")
        return self


#: The same fields, each optional: only the ones sent change (``PATCH``).
OpportunityPatch = partial_model("OpportunityPatch", OpportunityIn,
                                 {"places": 3, "closes_on": "2030-07-15"})


class OpportunityPut(OpportunityIn):
    """A whole opportunity for ``PUT /opportunities/by-ref/{ref}``."""


def current_values(row) -> dict[str, Any]:
    """The stored opportunity as an ``OpportunityIn`` body (``publish`` left out)."""
    return {
        "kind": row.kind, "title": row.title, "occupation": row.occupation.uri,
        "description": row.description, "postcode": row.postcode,
        # A try-out's stored hours are nobody's to keep: a change of kind asks them anew.
        "hours_per_week": row.hours_per_week if asks_weekly_hours(row.kind) else None,
        # Nor its working time and start date: its session gives them (rules.py).
        "schedule": None if timed_by_session(row.kind) else row.schedule,
        "places": row.places, "dutch_level": row.dutch_level,
        "language_support": row.language_support, "contract_type": row.contract_type,
        "internship_weeks": row.internship_weeks, "duration_weeks": row.duration_weeks,
        "schedule_note": row.schedule_note,
        "starts_on": None if timed_by_session(row.kind) else row.starts_on,
        "closes_on": row.closes_on, "driving_licence": row.driving_licence,
        "certificates": row.certificates or None, "notes_for_coaches": row.notes_for_coaches,
        "languages": [{"language": item.language_code, "level": item.level,
                       "required": item.required} for item in row.languages],
        "skills": [{"uri": item.skill.uri, "required": item.required} for item in row.skills],
        "session_on": row.session_on, "session_starts": row.session_starts,
        "session_ends": row.session_ends, "street_address": row.street_address,
        "further_occupations": [item.uri for item in row.further_occupations],
    }


def merged_input(row, patch: StrictModel) -> OpportunityIn:
    """The stored values with the sent ones over them, checked as a whole (422)."""
    values = {**current_values(row), **patch.model_dump(exclude_unset=True)}
    for name in ("description", "notes_for_coaches"):
        values[name] = values[name] or ""
    for name in ("languages", "skills", "further_occupations"):
        values[name] = values[name] or []
    values["publish"] = bool(values.get("publish"))
    return validated(OpportunityIn, values)


def to_data(body: OpportunityIn, organisation) -> OpportunityData:
    """The body as the operations take it; 422 for a kind the organisation does not
    offer and for unknown occupations, skills, postcodes or languages."""
    lookups = Lookups()
    if not offers_kind(organisation.kind, body.kind):
        lookups.fail(("kind",), "Your organisation does not offer this kind.",
                     "kind_not_offered")
    occupation = lookups.occupation(body.occupation, ("occupation",))
    postcode = lookups.postcode(body.postcode, ("postcode",))
    languages = [LanguageWish(row.language, row.level, row.required)
                 for number, row in enumerate(body.languages)
                 if lookups.language(row.language, ("languages", number, "language"))]
    skills = [SkillWish(skill, row.required) for number, row in enumerate(body.skills)
              if (skill := lookups.skill(row.uri, ("skills", number, "uri"))) is not None]
    further = [found for number, uri in enumerate(body.further_occupations)
               if body.kind == OpportunityKind.TRYOUT
               and (found := lookups.occupation(uri, ("further_occupations", number)))]
    lookups.raise_if_any()
    return OpportunityData(
        kind=body.kind, title=body.title, occupation=occupation, postcode=postcode,
        hours_per_week=body.hours_per_week, schedule=set(body.schedule or ()),
        places=body.places,
        dutch_level=body.dutch_level, description=body.description,
        contract_type=body.contract_type, internship_weeks=body.internship_weeks,
        duration_weeks=body.duration_weeks, schedule_note=body.schedule_note,
        starts_on=body.starts_on,
        closes_on=tryout_closing_date(body.kind, body.session_on, body.closes_on),
        language_support=body.language_support, driving_licence=body.driving_licence,
        certificates=body.certificates or "", notes_for_coaches=body.notes_for_coaches,
        languages=languages, skills=skills, session_on=body.session_on,
        session_starts=body.session_starts, session_ends=body.session_ends,
        street_address=body.street_address, further_occupations=further,
    )
