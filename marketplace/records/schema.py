"""The interchange format, one pydantic model per record type, and its JSON Schema.

The reading is strict (``fields.StrictRecord``): an unknown field is a problem (a
misspelt field would otherwise lose its data without a word), numbers and booleans
must be JSON numbers and booleans (``"20"`` is not 20, ``true`` is not 1), and dates
are ISO strings (JSON has no dates). The ranges and vocabularies are the ones the
site's forms enforce, so an import can never store what a person could not have typed.

An optional field that is absent leaves an existing row's value as it is and gives a
new row the site's default (``importer.py``); ``null`` empties it. Lists replace.

``python -m marketplace.records.schema`` (or ``flask records schema``) writes the JSON
Schema of every record type to ``docs/records.schema.json``; a test fails when the
checked-in file is not what the models give.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sys
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    EmailStr,
    Field,
    StringConstraints,
    TypeAdapter,
    model_validator,
)

from marketplace.candidates.vocabularies import (
    CommuteMeans,
    ConsentMethod,
    DiplomaRecognition,
    DutchLevelSource,
    EducationLevel,
    Gender,
    Trajectory,
)
from marketplace.db_types import local_today
from marketplace.opportunities.rules import asks_weekly_hours, timed_by_session
from marketplace.opportunities.vocab import (
    MAX_COURSE_WEEKS,
    MAX_FURTHER_OCCUPATIONS,
    MAX_INTERNSHIP_WEEKS,
    MAX_SCHEDULE_NOTE,
    NEEDED_TO_PUBLISH,
    ContractType,
    applies_to,
)
from marketplace.records.fields import (
    CandidateRef,
    ClockTime,
    CountryCode,
    EscoOccupation,
    EscoSkill,
    Hours,
    LanguageCode,
    Level,
    LongText,
    NaceSection,
    Postcode,
    Pseudonym,
    Ref,
    StrictRecord,
    Text,
    long_text,
    not_in_future,
    short_text,
    vocabulary,
)
from marketplace.records.history_schema import (
    ProposalRecord,
    SuggestionDismissalRecord,
    SuggestionListRecord,
)
from marketplace.records.journey_schema import (
    BarrierRecord,
    TrajectoryDecisionRecord,
    TrajectoryStepRecord,
    TryoutEnrolmentRecord,
)

_Record = StrictRecord  # the name the records below always used

Kind = Literal["job", "internship", "volunteering", "training", "tryout"]
#: The kinds a candidate can wish for (try-outs are open to everyone).
WishedKind = Literal["job", "internship", "volunteering", "training"]
#: When an opportunity's work happens (the site's schedule boxes).
WorkingTime = Literal["day", "evening", "night", "weekend", "shifts"]
#: When a candidate can work (the coach's day-part boxes).
DayPart = Literal["mornings", "afternoons", "evenings", "nights", "weekends"]
#: A text that may also be empty ("no certificates asked").
Certificates = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9 ()./-]{6,25}$")]


def _work_phone(value: str) -> str:
    """The account form's rule for a work phone: 8 to 15 digits."""
    if not 8 <= sum(char.isdigit() for char in value) <= 15 or "+" in value[1:]:
        raise ValueError("not a phone number (8 to 15 digits, a + only in front)")
    return value


WorkPhone = Annotated[Phone, AfterValidator(_work_phone)]
#: The coach's note, at most as long as the profile form allows.
CoachNote = long_text(4000)
#: The youngest a candidate can be, as the profile form says.
YOUNGEST_AGE = 15


class OrganisationRecord(_Record):
    type: Literal["organisation"]
    ref: Ref
    name: Text
    role: Literal["employer", "partner", "federation", "admin", "training_provider"]
    sector: NaceSection | None = None
    postcode: Postcode | None = None
    active: bool | None = None  # absent: a new one is active, an existing one kept

    @model_validator(mode="after")
    def _sector_only_for_employers_and_federations(self):
        if self.sector and self.role not in ("employer", "federation"):
            raise ValueError("only employers and federations have a sector")
        return self


class CoachRecord(_Record):
    type: Literal["coach"]
    email: EmailStr
    name: Text
    organisation: Text
    work_phone: WorkPhone | None = None  # shown to employers on proposals; absent: kept


class LanguageNeed(_Record):
    code: LanguageCode
    level: Level
    required: bool


class SkillNeed(_Record):
    uri: EscoSkill
    required: bool


#: The fields of an opportunity that only some kinds have (``vocab.KIND_SPECIFIC_FIELDS``).
KIND_SPECIFIC = ("contract_type", "internship_weeks", "duration_weeks", "schedule_note",
                 "session_on", "session_starts", "session_ends", "street_address",
                 "further_occupations")


#: What a training course or a try-out needs once published, as the site's publication
#: check asks (``vocab.NEEDED_TO_PUBLISH``). Jobs and internships are not held to it:
#: files of the first format carry no contract type or internship length.
NEEDED_OUTSIDE_DRAFT = {
    kind: tuple(name for name, kinds in NEEDED_TO_PUBLISH.items() if kind in kinds)
    for kind in ("training", "tryout")
}


class OpportunityRecord(_Record):
    type: Literal["opportunity"]
    ref: Ref
    organisation: Text
    kind: Kind
    title: Text
    description: LongText
    occupation: EscoOccupation | None = None
    postcode: Postcode
    # Not needed for a try-out (one session): a new one stores the lowest hours, an
    # existing one keeps its own (``opportunities.rules.hours_to_store``); the export
    # leaves them out.
    hours_per_week: Hours | None = Field(
        None, description="Needed, but for try-outs: one session, its day and times say it "
                          "(the export gives none for them).")
    dutch_level: Level
    language_support: bool
    places: Annotated[int, Field(ge=1, le=1000)]
    starts_on: dt.date | None = None  # none: as soon as possible; a try-out: session_on
    closes_on: dt.date | None = None
    languages: list[LanguageNeed] = Field(default_factory=list)
    skills: list[SkillNeed] = Field(default_factory=list)
    status: Literal["draft", "published", "paused", "filled", "closed"] = "published"
    # None: a new opportunity is a day job, an existing one keeps its working time; a
    # try-out's comes from its session (``opportunities.rules.working_time_to_store``).
    schedule: Annotated[list[WorkingTime], Field(min_length=1)] | None = None
    driving_licence: bool | None = None
    certificates: Certificates | None = None
    notes_for_coaches: LongText | None = None
    # Only for some kinds (the form hides them for the others):
    contract_type: vocabulary(ContractType) | None = None  # a job
    internship_weeks: Annotated[int, Field(ge=1, le=MAX_INTERNSHIP_WEEKS)] | None = None
    duration_weeks: Annotated[int, Field(ge=1, le=MAX_COURSE_WEEKS)] | None = None  # training
    schedule_note: short_text(MAX_SCHEDULE_NOTE) | None = None  # training
    session_on: dt.date | None = None  # a try-out's session: day, times, address
    session_starts: ClockTime | None = None
    session_ends: ClockTime | None = None
    street_address: short_text(200) | None = None
    further_occupations: Annotated[
        list[EscoOccupation], Field(max_length=MAX_FURTHER_OCCUPATIONS)] | None = None

    @model_validator(mode="after")
    def _closes_after_start(self):
        # A try-out's start date and working time are its session's (given ones are
        # ignored): it may close before it starts, on its day at the latest.
        if (not timed_by_session(self.kind) and self.closes_on and self.starts_on
                and self.closes_on < self.starts_on):
            raise ValueError("closes_on is before starts_on")
        if self.hours_per_week is None and asks_weekly_hours(self.kind):
            raise ValueError(f"a {self.kind} needs hours_per_week")
        codes = [language.code for language in self.languages]
        if len(codes) != len(set(codes)):
            raise ValueError("a language is listed twice")
        if self.schedule and len(self.schedule) != len(set(self.schedule)):
            raise ValueError("a working time is listed twice")
        for name in KIND_SPECIFIC:
            if getattr(self, name) and not applies_to(name, self.kind):
                raise ValueError(f"{name} is not for an opportunity of kind {self.kind}")
        if self.session_starts and self.session_ends and self.session_ends <= self.session_starts:
            raise ValueError("session_ends is not after session_starts")
        if self.session_on and self.closes_on and self.closes_on > self.session_on:
            raise ValueError("closes_on is after the try-out's session_on")
        if self.status != "draft" and self.kind in NEEDED_OUTSIDE_DRAFT:
            missing = [name for name in NEEDED_OUTSIDE_DRAFT[self.kind]
                       if getattr(self, name) is None]
            if missing:
                raise ValueError(f"a {self.kind} that is not a draft needs "
                                 + ", ".join(missing))
        if self.further_occupations and \
                len(self.further_occupations) != len(set(self.further_occupations)):
            raise ValueError("a further occupation is listed twice")
        return self


class LanguageSkill(_Record):
    code: LanguageCode
    level: Level


class Experience(_Record):
    title: Text | None = None  # the words the candidate used, when they were noted
    occupation: EscoOccupation | None = None
    years: Annotated[float, Field(ge=0, le=60)]
    country: CountryCode | None = None  # ISO 3166 alpha-2, where the work was done

    @model_validator(mode="after")
    def _title_or_occupation(self):
        if self.title is None and self.occupation is None:
            raise ValueError("an experience needs a title or an occupation")
        return self


class CandidateSkill(_Record):
    uri: EscoSkill


class Wishes(_Record):
    occupations: list[Text] = Field(default_factory=list)
    kinds: list[WishedKind] = Field(default_factory=list)
    hours_per_week: Hours | None = None
    max_commute_km: Annotated[float, Field(ge=0, le=200)] | None = None
    # None: an existing candidate keeps their wished sectors (a new one has none).
    sectors: list[NaceSection] | None = None


class ConsentEntry(_Record):
    """One consent as the site keeps it: given on a day, how, recorded by which coach
    (an e-mail, or none when that account is gone), and its withdrawal."""

    given_on: dt.date
    method: vocabulary(ConsentMethod)
    recorded_by: Text | None = None
    withdrawn_on: dt.date | None = None
    withdrawn_by: Text | None = None

    @model_validator(mode="after")
    def _withdrawn_after_given(self):
        not_in_future(self.given_on, "given_on")
        not_in_future(self.withdrawn_on, "withdrawn_on")
        if self.withdrawn_on is not None and self.withdrawn_on < self.given_on:
            raise ValueError("withdrawn_on is before given_on")
        if self.withdrawn_on is None and self.withdrawn_by is not None:
            raise ValueError("withdrawn_by is only for a withdrawn consent")
        return self


class CandidateRecord(_Record):
    type: Literal["candidate"]
    ref: CandidateRef
    coach: Text  # a coach's e-mail: checked against the coaches, not validated again
    pseudonym: Pseudonym
    postcode: Postcode
    dutch_level: Level
    languages: list[LanguageSkill] = Field(default_factory=list)
    experience: list[Experience] = Field(default_factory=list)
    skills: list[CandidateSkill] = Field(default_factory=list)
    wishes: Wishes = Field(default_factory=Wishes)
    available_from: dt.date | None = None  # none: available now
    allowed_to_work: Literal["yes", "pending", "no"] = "yes"
    consent: bool
    available: list[DayPart] = Field(default_factory=list)  # absent or empty: no limits
    # None: active (the file lists candidates to match).
    status: Literal["active", "paused", "placed", "left"] | None = None
    # The rest of the profile form; absent: kept (a new candidate gets the form's default).
    email: EmailStr | None = None
    phone: Phone | None = None
    dutch_level_assessed_on: dt.date | None = None
    dutch_level_source: vocabulary(DutchLevelSource) | None = None
    education_level: vocabulary(EducationLevel) | None = None
    diploma_recognition: vocabulary(DiplomaRecognition) | None = None
    commute_means: vocabulary(CommuteMeans) | None = None
    driving_licence: bool | None = None
    trajectory: vocabulary(Trajectory) | None = None
    shared_with_partnership: bool | None = None
    coach_note: CoachNote | None = None
    gender: vocabulary(Gender) | None = None
    birth_year: Annotated[int, Field(ge=1900)] | None = None
    # The (Brussels) day the person was registered; absent: kept (a new one: today).
    registered_on: dt.date | None = None
    # Absent: consent is given on the import day when ``consent`` is true, as before.
    consent_records: list[ConsentEntry] | None = None

    @model_validator(mode="after")
    def _languages_once(self):
        codes = [language.code for language in self.languages]
        if len(codes) != len(set(codes)):
            raise ValueError("a language is listed twice")
        if len(self.available) != len(set(self.available)):
            raise ValueError("a day part is listed twice")
        if self.birth_year is not None and self.birth_year > local_today().year - YOUNGEST_AGE:
            raise ValueError(f"birth_year: candidates are at least {YOUNGEST_AGE} years old")
        not_in_future(self.dutch_level_assessed_on, "dutch_level_assessed_on")
        not_in_future(self.registered_on, "registered_on")
        if self.shared_with_partnership and not self.consent:
            raise ValueError("shared_with_partnership needs consent")
        if self.wishes.sectors and len(self.wishes.sectors) != len(set(self.wishes.sectors)):
            raise ValueError("a wished sector is listed twice")
        self._check_consent_records()
        return self

    def _check_consent_records(self) -> None:
        if self.consent_records is None:
            return
        records = self.consent_records
        if any(record.withdrawn_on is None for record in records[:-1]):
            raise ValueError("consent_records: only the last consent may be open")
        if any(later.given_on < earlier.withdrawn_on
               for earlier, later in itertools.pairwise(records)):
            raise ValueError("consent_records: a consent is given before the one before "
                             "it was withdrawn")
        is_open = bool(records) and records[-1].withdrawn_on is None
        if is_open != self.consent:
            raise ValueError("consent does not match consent_records (the last one is "
                             + ("open)" if is_open else "withdrawn or there is none)"))


Record = Annotated[
    OrganisationRecord | CoachRecord | OpportunityRecord | CandidateRecord | ProposalRecord
    | SuggestionListRecord | SuggestionDismissalRecord | BarrierRecord
    | TrajectoryDecisionRecord | TrajectoryStepRecord | TryoutEnrolmentRecord,
    Field(discriminator="type"),
]
#: Every record type, in the order a file is written (what a line points to comes first).
RECORD_TYPES = ("organisation", "coach", "opportunity", "candidate", "proposal",
                "suggestion_list", "suggestion_dismissal", "barrier", "trajectory_decision",
                "trajectory_step", "tryout_enrolment")

#: Where the JSON Schema of the format is kept (checked by a test to be current).
SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "records.schema.json"


def json_schema() -> dict:
    """The JSON Schema of one line of a file, made from the models above: one of the
    record types, told apart by ``type``."""
    schema = TypeAdapter(Record).json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://werkbrug.be/records.schema.json",
        "title": "Werkbrug records: one line of a JSON Lines file",
        "description": "Generated by `flask records schema` from marketplace/records/schema.py; "
                       "see docs/records.md.",
        **schema,
    }


def schema_text() -> str:
    """The schema as written to ``docs/records.schema.json`` (stable: sorted keys)."""
    return json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    path.write_text(schema_text(), encoding="utf-8")
    return path


if __name__ == "__main__":
    written = write_schema(Path(sys.argv[1]) if len(sys.argv) > 1 else SCHEMA_PATH)
    print(f"Wrote {written}")
