"""The interchange format, one pydantic model per record type.

Dates are ISO ``YYYY-MM-DD``; levels ``none``, ``A1`` ... ``C2``; languages ISO 639-1;
occupations and skills ESCO URIs; ``ref`` is the record's own stable key. The ranges
are the ones the site's forms enforce, so an import can never store what a person
could not have typed.

The reading is strict: an unknown field is a problem (a misspelt field would otherwise
lose its data without a word), numbers and booleans must be JSON numbers and booleans
(``"20"`` is not 20, ``true`` is not 1), and dates are ISO strings (JSON has no dates).
Short texts (names, pseudonyms, titles, refs) are one visible line, by the site's one
rule (``marketplace.text_rules.single_line_problem``).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    model_validator,
)

from marketplace import text_rules
from marketplace.db_types import local_today
from marketplace.proposals.vocab import DeclineReason

#: The import's words for the problems of ``text_rules`` (the forms translate their own).
_SINGLE_LINE_PROBLEMS = {
    text_rules.LINE_BREAK: "holds a line break",
    text_rules.CONTROL: "holds a control character",
    text_rules.DIRECTION: "holds a text direction control character",
    text_rules.INVISIBLE: "holds only invisible characters",
}


def _single_line(text: str) -> str:
    problem = text_rules.single_line_problem(text)
    if problem:
        raise ValueError(_SINGLE_LINE_PROBLEMS[problem])
    return text


def _no_control_characters(text: str) -> str:
    """Long texts keep their line breaks and tabs; other control characters (NUL,
    which PostgreSQL cannot store, bell, escape) are refused as in the forms."""
    if any(unicodedata.category(char) == "Cc" and char not in "\n\r\t" for char in text):
        raise ValueError("holds a control character")
    return text


Level = Literal["none", "A1", "A2", "B1", "B2", "C1", "C2"]
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_single_line),
]
# The columns' lengths: longer text would be a database error halfway through a write.
Ref = Annotated[Text, StringConstraints(max_length=100)]
CandidateRef = Annotated[Text, StringConstraints(max_length=64)]
Pseudonym = Annotated[Text, StringConstraints(max_length=100)]
LongText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=5000),
    AfterValidator(_no_control_characters),
]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
Postcode = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{4}$")]
NaceSection = Annotated[str, StringConstraints(pattern=r"^[A-U]$")]
EscoOccupation = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^http://data\.europa\.eu/esco/occupation/")
]
EscoSkill = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^http://data\.europa\.eu/esco/")
]
Kind = Literal["job", "internship", "volunteering"]
#: The kinds a candidate can wish for (try-outs are open to everyone).
WishedKind = Literal["job", "internship", "volunteering", "training"]
#: When an opportunity's work happens (the site's schedule boxes).
WorkingTime = Literal["day", "evening", "night", "weekend", "shifts"]
#: When a candidate can work (the coach's day-part boxes).
DayPart = Literal["mornings", "afternoons", "evenings", "nights", "weekends"]
Hours = Annotated[float, Field(ge=1, le=60)]


class _Record(BaseModel):
    # Strict everywhere: an unknown (or misspelt) field, a number written as text or a
    # boolean where a number belongs is a problem of its line, not a silent guess.
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)


class OrganisationRecord(_Record):
    type: Literal["organisation"]
    ref: Ref
    name: Text
    role: Literal["employer", "partner", "federation", "admin"]
    sector: NaceSection | None = None
    postcode: Postcode | None = None

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


class LanguageNeed(_Record):
    code: LanguageCode
    level: Level
    required: bool


class SkillNeed(_Record):
    uri: EscoSkill
    required: bool


class OpportunityRecord(_Record):
    type: Literal["opportunity"]
    ref: Ref
    organisation: Text
    kind: Kind
    title: Text
    description: LongText
    occupation: EscoOccupation | None = None
    postcode: Postcode
    hours_per_week: Hours
    dutch_level: Level
    language_support: bool
    places: Annotated[int, Field(ge=1, le=1000)]
    starts_on: dt.date | None = None  # none: as soon as possible
    closes_on: dt.date | None = None
    languages: list[LanguageNeed] = Field(default_factory=list)
    skills: list[SkillNeed] = Field(default_factory=list)
    status: Literal["draft", "published", "paused", "filled", "closed"] = "published"
    # None: a new opportunity is a day job, an existing one keeps its working time.
    schedule: Annotated[list[WorkingTime], Field(min_length=1)] | None = None

    @model_validator(mode="after")
    def _closes_after_start(self):
        if self.closes_on and self.starts_on and self.closes_on < self.starts_on:
            raise ValueError("closes_on is before starts_on")
        codes = [language.code for language in self.languages]
        if len(codes) != len(set(codes)):
            raise ValueError("a language is listed twice")
        if self.schedule and len(self.schedule) != len(set(self.schedule)):
            raise ValueError("a working time is listed twice")
        return self


class LanguageSkill(_Record):
    code: LanguageCode
    level: Level


class Experience(_Record):
    title: Text | None = None  # the words the candidate used, when they were noted
    occupation: EscoOccupation | None = None
    years: Annotated[float, Field(ge=0, le=60)]

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

    @model_validator(mode="after")
    def _languages_once(self):
        codes = [language.code for language in self.languages]
        if len(codes) != len(set(codes)):
            raise ValueError("a language is listed twice")
        if len(self.available) != len(set(self.available)):
            raise ValueError("a day part is listed twice")
        return self


#: What became of a proposal; "invited" is the site's ``interview`` state.
Outcome = Literal["proposed", "invited", "hired", "declined", "withdrawn"]
#: The employer's reasons of the site's decline form, the one vocabulary.
DeclineReasonCode = Literal[tuple(reason.value for reason in DeclineReason)]


class ProposalRecord(_Record):
    """A partner's past proposal of a candidate for an opportunity, and its outcome."""

    type: Literal["proposal"]
    ref: Ref
    candidate: CandidateRef
    opportunity: Ref
    coach: Text  # a coach's e-mail, checked against the coaches like a candidate's
    proposed_on: dt.date
    outcome: Outcome
    decided_on: dt.date | None = None
    decline_reason: DeclineReasonCode | None = None
    motivation: LongText | None = None

    @model_validator(mode="after")
    def _dates_and_reason(self):
        today = local_today()
        if self.proposed_on > today:
            raise ValueError("proposed_on is in the future")
        if self.decided_on is not None:
            if self.outcome == "proposed":
                raise ValueError("decided_on is only for a proposal that was answered "
                                 "or withdrawn")
            if self.decided_on > today:
                raise ValueError("decided_on is in the future")
            if self.decided_on < self.proposed_on:
                raise ValueError("decided_on is before proposed_on")
        if self.decline_reason is not None and self.outcome != "declined":
            raise ValueError("decline_reason is only for a declined proposal")
        return self


class SuggestionListRecord(_Record):
    """The candidates a partner showed for an opportunity on one day, best first."""

    type: Literal["suggestion_list"]
    opportunity: Ref
    shown_on: dt.date
    candidates: Annotated[list[CandidateRef], Field(min_length=1, max_length=1000)]

    @model_validator(mode="after")
    def _past_and_once(self):
        if self.shown_on > local_today():
            raise ValueError("shown_on is in the future")
        if len(self.candidates) != len(set(self.candidates)):
            raise ValueError("a candidate is listed twice")
        return self


Record = Annotated[
    OrganisationRecord | CoachRecord | OpportunityRecord | CandidateRecord | ProposalRecord
    | SuggestionListRecord,
    Field(discriminator="type"),
]
RECORD_TYPES = ("organisation", "coach", "opportunity", "candidate", "proposal",
                "suggestion_list")
