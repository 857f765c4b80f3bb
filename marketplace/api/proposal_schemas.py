"""The proposal resource's models: what a partner sends and reads of its proposals,
and what an employer reads and answers of the proposals it received.

The employer's model (``ReceivedProposalOut``) holds exactly the fields of the site's
proposal pages (``proposals.employer_views.EmployerView`` and the planned interview): a
pseudonym, never the candidate's id, contact details, postcode or notes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, Field, StringConstraints, model_validator

from marketplace.api.paging import PageQuery
from marketplace.api.spec import QueryId, RecordId, StrictModel
from marketplace.proposals.forms import MAX_TEXT
from marketplace.proposals.vocab import (
    DeclineReason,
    EmployerAnswer,
    Placement,
    ProposalState,
    decline_lacks_note,
)
from marketplace.records.schema import Text

Motivation = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                              max_length=MAX_TEXT)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_TEXT)]

PLACED_ELSEWHERE = ("Still open, but the candidate was placed: by this same employer "
                    "for another opportunity or in another way (placement tells which).")
PLACEMENT = ("Whether the candidate is placed now, seen from this proposal: hired here "
             "(this_opportunity), still open and hired by the same employer for another "
             "opportunity (same_employer), still open and placed in another way (elsewhere; "
             "who placed them is never said), or none.")


class ProposalInterviewOut(BaseModel):
    """The planned interview (times in UTC)."""

    starts_at: datetime
    ends_at: datetime
    place: str | None
    online_url: str | None
    contact_name: str
    contact_phone: str | None
    contact_email: str | None

    @classmethod
    def of(cls, interview) -> ProposalInterviewOut | None:
        if interview is None:
            return None
        return cls(starts_at=interview.starts_at, ends_at=interview.ends_at,
                   place=interview.place, online_url=interview.online_url,
                   contact_name=interview.contact_name, contact_phone=interview.contact_phone,
                   contact_email=interview.contact_email)


class ProposalEventOut(BaseModel):
    from_state: ProposalState | None
    to_state: ProposalState
    at: datetime


class ProposalOut(BaseModel):
    """One proposal as the partner that made it follows it."""

    id: int
    candidate_id: int
    opportunity_id: int
    state: ProposalState
    motivation: str | None
    candidate_agreed_on: date
    interview_on: date | None
    interview: ProposalInterviewOut | None
    decline_reason: DeclineReason | None
    decline_note: str | None
    placed_elsewhere: bool = Field(description=PLACED_ELSEWHERE)
    placement: Placement = Field(description=PLACEMENT)
    history: list[ProposalEventOut]
    created_at: datetime
    updated_at: datetime
    version: int = Field(description="The same as the ETag: send it in If-Match.")

    @classmethod
    def of(cls, row) -> ProposalOut:
        return cls(
            id=row.id, candidate_id=row.candidate_id, opportunity_id=row.opportunity_id,
            state=row.state, motivation=row.motivation,
            candidate_agreed_on=row.candidate_agreed_on, interview_on=row.interview_on,
            interview=ProposalInterviewOut.of(row.open_interview),
            decline_reason=row.decline_reason,
            decline_note=row.decline_note, placed_elsewhere=row.placed_elsewhere,
            placement=row.placement,
            history=[ProposalEventOut(from_state=e.from_state, to_state=e.to_state, at=e.at)
                     for e in row.events],
            created_at=row.created_at, updated_at=row.updated_at, version=row.version,
        )


class ProposalPage(BaseModel):
    items: list[ProposalOut]
    next_cursor: str | None


class ProposalIn(StrictModel):
    """Propose one of your organisation's candidates for a published opportunity."""

    candidate_id: RecordId = Field(description="A candidate of your organisation's caseloads.")
    opportunity_id: RecordId = Field(description="A published opportunity.")
    motivation: Motivation = Field(
        description="For the organisation that answers: why this person fits.")
    candidate_agreed_on: date = Field(
        description="The day the candidate agreed to be put forward to this organisation "
                    "(not in the future).")
    suggestion_entry_id: RecordId | None = Field(
        None, description="The entry_id of the suggestion you propose from, so the "
                          "proposal links back to the rank it was shown at (ignored when "
                          "it is not a suggestion of this pair shown to your organisation).")

    model_config = {**StrictModel.model_config, "json_schema_extra": {"examples": [{
        "candidate_id": 12, "opportunity_id": 34,
        "motivation": "Vijf jaar ervaring als heftruckchauffeur.",
        "candidate_agreed_on": "2026-12-01"}]}}


class ProposedLanguageOut(BaseModel):
    language: str
    level: str


class ProposedExperienceOut(BaseModel):
    occupation: str
    years: float


class ProposalCoachContact(BaseModel):
    """The coach's work contact: the employer calls the coach, never the candidate."""

    name: str
    organisation: str
    email: str
    phone: str | None


class ReceivedProposalOut(BaseModel):
    """A proposal for one of your opportunities, pseudonymised as on the site: a
    withdrawn proposal (or an erased candidate) shows no profile."""

    id: int
    opportunity_id: int
    state: ProposalState
    proposed_on: date
    interview_on: date | None
    interview: ProposalInterviewOut | None
    decline_reason: DeclineReason | None
    pseudonym: str | None
    dutch_level: str | None
    languages: list[ProposedLanguageOut]
    experience: list[ProposedExperienceOut]
    skills: list[str]
    hours_per_week: int | None
    available_from: date | None
    day_parts: list[str]
    motivation: str | None
    coach: ProposalCoachContact
    placed_elsewhere: bool = Field(description=PLACED_ELSEWHERE)
    placement: Placement = Field(description=PLACEMENT)
    version: int = Field(description="The same as the ETag: send it in If-Match.")

    @classmethod
    def of(cls, proposal, view) -> ReceivedProposalOut:
        """From the proposal and the site's ``employer_view`` of it."""
        return cls(
            id=view.proposal_id, opportunity_id=proposal.opportunity_id, state=view.state,
            proposed_on=view.proposed_on, interview_on=view.interview_on,
            interview=ProposalInterviewOut.of(proposal.open_interview),
            decline_reason=view.decline_reason, pseudonym=view.pseudonym,
            dutch_level=view.dutch_level,
            languages=[ProposedLanguageOut(language=name, level=level)
                       for name, level in view.languages],
            experience=[ProposedExperienceOut(occupation=label, years=years)
                        for label, years in view.experience],
            skills=view.skills, hours_per_week=view.hours_per_week,
            available_from=view.available_from, day_parts=[str(p) for p in view.day_parts],
            motivation=view.motivation,
            coach=ProposalCoachContact(name=view.coach_name, organisation=view.coach_organisation,
                               email=view.coach_email, phone=view.coach_phone),
            placed_elsewhere=view.placed_elsewhere, placement=proposal.placement,
            version=view.version,
        )


class ReceivedProposalPage(BaseModel):
    items: list[ReceivedProposalOut]
    next_cursor: str | None


class ReceivedProposalListQuery(PageQuery):
    opportunity_id: QueryId | None = Field(None, description="Only this opportunity's.")
    state: ProposalState | None = Field(None, description="Only this state.")


class ProposalInterviewIn(StrictModel):
    """When and where: an address or an online link (exactly one), and whom the coach
    contacts (a phone number or an e-mail address)."""

    starts_at: AwareDatetime
    ends_at: AwareDatetime
    place: Annotated[Text, StringConstraints(max_length=300)] | None = None
    online_url: Annotated[str, StringConstraints(strip_whitespace=True,
                                                 max_length=500)] | None = None
    contact_name: Text
    contact_phone: Annotated[Text, StringConstraints(max_length=40)] | None = None
    contact_email: Annotated[Text, StringConstraints(max_length=254)] | None = None


class ProposalAnswerIn(StrictModel):
    """Your answer: ``invite`` (with the interview, or without when you agree it
    later), ``hire`` (for a course: accept), ``decline`` with a reason, or for a course
    ``waiting_list``. Send the proposal's ETag in If-Match."""

    answer: EmployerAnswer
    interview: ProposalInterviewIn | None = Field(None, description="Only with invite.")
    decline_reason: DeclineReason | None = Field(None, description="Needed with decline.")
    decline_note: Note | None = Field(None, description="Your own words about a decline; "
                                      "needed with decline_reason other.")

    @model_validator(mode="after")
    def _fits_the_answer(self) -> ProposalAnswerIn:
        """The form's rules: a decline needs its reason, and "other" a note
        (``vocab.decline_lacks_note``); the interview and the decline's fields belong to
        their own answer only."""
        if self.answer == EmployerAnswer.DECLINE and self.decline_reason is None:
            raise ValueError("decline needs a decline_reason")
        if self.answer == EmployerAnswer.DECLINE and decline_lacks_note(self.decline_reason,
                                                                        self.decline_note):
            raise ValueError("decline_reason other needs a decline_note: the coach learns "
                             "nothing from it otherwise")
        if self.answer != EmployerAnswer.DECLINE and (self.decline_reason or self.decline_note):
            raise ValueError("decline_reason and decline_note go with decline only")
        if self.answer != EmployerAnswer.INVITE and self.interview is not None:
            raise ValueError("interview goes with invite only")
        return self

    model_config = {**StrictModel.model_config, "json_schema_extra": {"examples": [
        {"answer": "decline", "decline_reason": "language"},
        {"answer": "invite", "interview": {
            "starts_at": "2026-12-10T09:00:00+01:00", "ends_at": "2026-12-10T09:30:00+01:00",
            "place": "Noorderlaan 10, 2030 Antwerpen", "contact_name": "Sara Peeters",
            "contact_phone": "03 123 45 67"}}]}}



class ProposalChangeIn(StrictModel):
    """The one change a partner makes to its proposal: withdraw it while it is open
    (the employer is told, without personal details)."""

    state: Literal["withdrawn"]

    model_config = {**StrictModel.model_config,
                    "json_schema_extra": {"examples": [{"state": "withdrawn"}]}}
