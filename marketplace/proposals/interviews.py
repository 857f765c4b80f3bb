"""Interviews: the employer's invitation with a time and place, its changes and its
cancel, each sent to the proposing coach with a calendar file. Functions flush; the
caller commits.

The coach hears about every step by mail, in the coach's language, with the ``.ics``
attached (``icsfile.py``): an invitation and a change as ``METHOD:REQUEST`` with the
interview's ``uid`` and a higher ``sequence``, a cancel as ``METHOD:CANCEL``. The
candidate is never an attendee: the site holds no contact details of the candidate, and
the coach tells them. The audit log keeps facts only (times, online or not), never the
address or the contact person's details.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from marketplace.audit.operations import insert_event
from marketplace.db_types import local_date, utcnow
from marketplace.extensions import db
from marketplace.mail.operations import Attachment, queue_templated_message
from marketplace.proposals.icsfile import CANCEL, REQUEST, CalendarEvent, Person
from marketplace.proposals.icsfile import interview_calendar as calendar_file
from marketplace.proposals.models import Interview, Proposal
from marketplace.web.i18n import format_moment
from marketplace.web.urls import public_url

SUBJECT = "interview"
UID_DOMAIN = "werkbrug"


class InvalidInterview(ValueError):
    """The details break a rule the form checks too (past, end before start, no place
    and no link, a link that is not http(s))."""


@dataclass(frozen=True)
class InterviewDetails:
    """What the employer says about an interview. Times are aware datetimes."""

    starts_at: datetime
    ends_at: datetime
    place: str | None
    online_url: str | None
    contact_name: str
    contact_phone: str | None
    contact_email: str | None


def is_web_link(value: str | None) -> bool:
    """True for an absolute http or https link with a host."""
    if not value:
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def check_details(details: InterviewDetails) -> None:
    """Raise ``InvalidInterview`` for details no interview can have."""
    if details.starts_at <= utcnow():
        raise InvalidInterview(_l("in the past"))
    if details.ends_at <= details.starts_at:
        raise InvalidInterview(_l("ends before it starts"))
    if bool(details.place) == bool(details.online_url):
        raise InvalidInterview(_l("needs a place or a link, not both"))
    if details.online_url and not is_web_link(details.online_url):
        raise InvalidInterview(_l("the link is not http(s)"))
    if not (details.contact_phone or details.contact_email):
        raise InvalidInterview(_l("the contact person cannot be reached"))


def _apply(interview: Interview, details: InterviewDetails) -> None:
    interview.starts_at = details.starts_at
    interview.ends_at = details.ends_at
    interview.place = details.place or None
    interview.online_url = details.online_url or None
    interview.contact_name = details.contact_name
    interview.contact_phone = details.contact_phone or None
    interview.contact_email = details.contact_email or None
    interview.updated_at = utcnow()


def _facts(interview: Interview) -> dict:
    """What the audit log keeps of an interview: when, and online or on the spot."""
    return {"proposal_id": interview.proposal_id, "sequence": interview.sequence,
            "starts_at": interview.starts_at.isoformat(),
            "ends_at": interview.ends_at.isoformat(), "online": interview.online}


def plan_interview(proposal: Proposal, details: InterviewDetails, *, by) -> Interview:
    """Invite to an interview: a new one, or a change of the one still planned (the
    answer form can invite again). Tells the coach with the calendar file.

    The flush writes the interview (its audit event names its id) with whatever else
    the session holds, such as the proposal's new state and its event: the mail and
    the audit event are single INSERTs that need no flush of their own."""
    current = proposal.open_interview
    if current is not None:
        return reschedule_interview(current, details, by=by)
    check_details(details)
    interview = Interview(proposal=proposal, uid=f"{uuid.uuid4()}@{UID_DOMAIN}", sequence=0,
                          created_by_id=by.id, created_at=utcnow())
    _apply(interview, details)
    db.session.add(interview)
    proposal.interview_on = local_date(details.starts_at)
    db.session.flush()
    _send(interview, "interview_invitation", REQUEST, by)
    insert_event("interview_planned", SUBJECT, interview.id, _facts(interview), actor=by)
    return interview


def reschedule_interview(interview: Interview, details: InterviewDetails, *, by) -> Interview:
    """Change a planned interview: same calendar ``uid``, one more ``sequence``."""
    check_details(details)
    _apply(interview, details)
    interview.sequence += 1
    interview.proposal.interview_on = local_date(details.starts_at)
    db.session.flush()
    _send(interview, "interview_changed", REQUEST, by)
    insert_event("interview_changed", SUBJECT, interview.id, _facts(interview), actor=by)
    return interview


def call_off_interview(interview: Interview, *, by) -> Interview:
    """Cancel a planned interview and take it out of the coach's calendar. Not flushed
    here: the interview has its id, the mail and the audit event are single INSERTs,
    and the caller flushes the change with its own (one flush instead of two)."""
    interview.cancelled_at = utcnow()
    interview.updated_at = interview.cancelled_at
    interview.sequence += 1
    interview.proposal.interview_on = None
    _send(interview, "interview_cancelled", CANCEL, by)
    insert_event("interview_cancelled", SUBJECT, interview.id, _facts(interview), actor=by)
    return interview


def _send(interview: Interview, template: str, method: str, by) -> None:
    """Mail the proposing coach, in their language, with the calendar file."""
    proposal = interview.proposal
    coach = proposal.coach
    locale = coach.locale or "nl"
    link = public_url("proposals.detail", proposal_id=proposal.id)
    with force_locale(locale):
        event = calendar_event(interview, organizer=_organizer(interview, by),
                               attendee=Person(coach.name, coach.email), link=link)
        filename = _("interview.ics") if method == REQUEST else _("interview-cancelled.ics")
    attachment = Attachment(filename, f"text/calendar; method={method}; charset=utf-8",
                            calendar_file(event, method))
    queue_templated_message(coach.email, locale, template, attachments=(attachment,),
                            proposal=proposal, interview=interview, link=link,
                            contact=contact_text(interview))


def _organizer(interview: Interview, by) -> Person:
    """Who organises the interview in the calendar: the employer's user who answered;
    for an answer by an API key (no person, no address) the interview's contact person,
    or the site's own address when they gave only a phone number."""
    if getattr(by, "email", None):
        return Person(by.name, by.email)
    email = interview.contact_email or parseaddr(current_app.config["MAIL_SENDER"])[1]
    return Person(interview.contact_name, email)


def location_text(interview: Interview) -> str:
    return interview.place or interview.online_url or ""


def contact_text(interview: Interview) -> str:
    """"Sara Peeters, 03 123 45 67, sara@example.be"."""
    parts = [interview.contact_name, interview.contact_phone, interview.contact_email]
    return ", ".join(part for part in parts if part)


def calendar_event(interview: Interview, *, organizer: Person, attendee: Person,
                   link: str) -> CalendarEvent:
    """The calendar entry of ``interview``, in the current language."""
    proposal = interview.proposal
    opportunity = proposal.opportunity
    summary = _("Interview: %(name)s for %(title)s at %(employer)s",
                name=proposal.candidate.pseudonym or _("(erased)"), title=opportunity.title,
                employer=opportunity.organisation.name)
    lines = [
        _("When: %(start)s to %(end)s", start=format_moment(interview.starts_at),
          end=format_moment(interview.ends_at, "HH:mm")),
        (_("Online: %(link)s", link=interview.online_url) if interview.online
         else _("Place: %(place)s", place=interview.place)),
        _("Contact person: %(contact)s", contact=contact_text(interview)),
        _("The proposal on Werkbrug: %(link)s", link=link),
    ]
    return CalendarEvent(
        uid=interview.uid, sequence=interview.sequence, starts_at=interview.starts_at,
        ends_at=interview.ends_at, summary=summary, description="\n".join(lines),
        location=location_text(interview), organizer=organizer, attendee=attendee,
        stamp=utcnow(), url=interview.online_url,
    )
