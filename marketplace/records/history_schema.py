"""Record types of a partner's history: past proposals with their outcome, and the
candidates shown for an opportunity on a day (``history.py`` checks and writes them).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from marketplace.db_types import local_today
from marketplace.proposals.vocab import DeclineReason
from marketplace.records.fields import (
    CandidateRef,
    LongText,
    Ref,
    StrictRecord,
    Text,
)

_Record = StrictRecord

#: What became of a proposal; "invited" is the site's ``interview`` state.
Outcome = Literal["proposed", "invited", "hired", "declined", "withdrawn", "waiting_list"]
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
    decline_note: LongText | None = None  # the employer's words; absent: kept
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
        if self.decline_note and self.outcome != "declined":
            raise ValueError("decline_note is only for a declined proposal")
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
