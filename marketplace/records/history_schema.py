"""Record types of a partner's history: past proposals with their outcome and their
planned interview, the candidates shown for an opportunity on a day (``history.py``
checks and writes them; ``interview_records.py`` the interview), and the suggestions a
coach set aside (``dismissals.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, Field, StringConstraints, model_validator

from marketplace.db_types import local_today
from marketplace.proposals.interviews import is_web_link
from marketplace.proposals.vocab import DeclineReason
from marketplace.records.fields import (
    CandidateRef,
    LongText,
    Ref,
    StrictRecord,
    Text,
    long_text,
    short_text,
    vocabulary,
)
from marketplace.suggestions.forms import MAX_NOTE
from marketplace.suggestions.vocab import DismissReason

_Record = StrictRecord

#: What became of a proposal; "invited" is the site's ``interview`` state.
Outcome = Literal["proposed", "invited", "hired", "declined", "withdrawn", "waiting_list"]
#: The employer's reasons of the site's decline form, the one vocabulary.
DeclineReasonCode = Literal[tuple(reason.value for reason in DeclineReason)]


def _contact_email(value: str) -> str:
    """The interview form's rule: an e-mail address (kept as written)."""
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValueError("not an e-mail address") from error
    return value


def _web_link(value: str) -> str:
    if not is_web_link(value):
        raise ValueError("not a link that starts with http:// or https://")
    return value


ContactEmail = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254),
                         AfterValidator(_contact_email)]
OnlineUrl = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500),
                      AfterValidator(_web_link)]


class InterviewRecord(_Record):
    """The interview the employer planned for a proposal (the invite form): when, at an
    address or online, and whom to contact. Times carry their UTC offset. A past
    interview is history and is taken; the rest is what the form refuses."""

    starts_at: dt.datetime
    ends_at: dt.datetime
    place: short_text(300) | None = None
    online_url: OnlineUrl | None = None
    contact_name: short_text(200)
    contact_phone: short_text(40) | None = None
    contact_email: ContactEmail | None = None

    @model_validator(mode="after")
    def _as_the_form_asks(self):
        for name in ("starts_at", "ends_at"):
            if getattr(self, name).tzinfo is None:
                raise ValueError(f"{name} needs its UTC offset (for example +01:00)")
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at is not after starts_at")
        if bool(self.place) == bool(self.online_url):
            raise ValueError("an interview needs a place or an online_url, not both")
        if not (self.contact_phone or self.contact_email):
            raise ValueError("the contact person needs a contact_phone or a contact_email")
        return self


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
    #: The planned interview; absent: kept; null: called off.
    interview: InterviewRecord | None = None

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
        if self.interview is not None and self.outcome == "proposed":
            # The site's cancel sends a proposal back to "proposed": none is planned then.
            raise ValueError("interview is not for a proposal that was not answered")
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


class SuggestionDismissalRecord(_Record):
    """A coach set a suggested pair aside with a reason (the dismiss form), and maybe
    brought it back (``restored_at``). Its key is the candidate, the opportunity and
    ``dismissed_at`` (whole seconds): a pair dismissed again later is a second one."""

    type: Literal["suggestion_dismissal"]
    candidate: CandidateRef
    opportunity: Ref
    coach: Text  # the e-mail of the coach who set it aside
    reason: vocabulary(DismissReason)
    note: long_text(MAX_NOTE) | None = None  # the coach's words; absent: kept
    dismissed_at: dt.datetime  # ISO 8601 with its offset
    restored_at: dt.datetime | None = None  # absent: kept; null: set aside again

    @model_validator(mode="after")
    def _moments(self):
        now = dt.datetime.now(dt.UTC)
        for name in ("dismissed_at", "restored_at"):
            moment = getattr(self, name)
            if moment is not None and moment.tzinfo is None:
                raise ValueError(f"{name} needs its UTC offset (for example +00:00)")
            if moment is not None and moment > now:
                raise ValueError(f"{name} is in the future")
        if self.restored_at is not None and self.restored_at < self.dismissed_at:
            raise ValueError("restored_at is before dismissed_at")
        return self
