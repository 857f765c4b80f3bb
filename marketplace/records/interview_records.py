"""The interview planning of a proposal in the records: the ``interview`` of a
``proposal`` line is the proposal's open interview (``proposals/interviews.py``).

Export writes the open interview (not a cancelled one) with its times in UTC. Import
plans it as the site does, without the mail to the coach (a file is history, not an
invitation): a new interview gets its own calendar ``uid``; a changed one keeps it and
counts one ``sequence`` higher; ``null`` calls it off (``cancelled_at``), and so does a
proposal that goes back to ``proposed`` (as the site's cancel). The same interview
imported again changes nothing. ``Proposal.interview_on`` follows the Belgian day.
The calendar ``uid`` and ``sequence`` do not travel: they belong to the site's mail.
"""

from __future__ import annotations

import datetime as dt
import uuid

from marketplace.db_types import local_date, utcnow
from marketplace.proposals.interviews import UID_DOMAIN
from marketplace.proposals.models import Interview, Proposal
from marketplace.proposals.vocab import ProposalState

#: The record's fields besides the times, as the interview's columns name them.
_TEXT_FIELDS = ("place", "online_url", "contact_name", "contact_phone", "contact_email")


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def interview_record(proposal: Proposal) -> dict | None:
    """The ``interview`` of a proposal's record, or None without an open interview."""
    interview = proposal.open_interview
    if interview is None:
        return None
    record = {"starts_at": _iso(interview.starts_at), "ends_at": _iso(interview.ends_at)}
    record.update({name: getattr(interview, name) for name in _TEXT_FIELDS
                   if getattr(interview, name)})
    return record


def _call_off(interview: Interview, proposal: Proposal) -> None:
    interview.cancelled_at = utcnow()
    interview.updated_at = interview.cancelled_at
    interview.sequence += 1
    proposal.interview_on = None


def apply_interview(proposal: Proposal, record) -> bool:
    """Bring the proposal's open interview in line with the record; True if it changed."""
    planned = proposal.open_interview
    if proposal.state == ProposalState.PROPOSED or (
            "interview" in record.model_fields_set and record.interview is None):
        if planned is None:
            return False
        _call_off(planned, proposal)
        return True
    if record.interview is None:  # absent: the planned interview stays as it is
        return False
    wanted = record.interview
    values = {"starts_at": wanted.starts_at.astimezone(dt.UTC),
              "ends_at": wanted.ends_at.astimezone(dt.UTC)}
    values.update({name: getattr(wanted, name) or None for name in _TEXT_FIELDS})
    day = local_date(values["starts_at"])
    if planned is not None and proposal.interview_on == day and all(
            getattr(planned, name) == value for name, value in values.items()):
        return False
    if planned is None:
        planned = Interview(uid=f"{uuid.uuid4()}@{UID_DOMAIN}", sequence=0,
                            created_at=utcnow())
        proposal.interviews.append(planned)
    else:
        planned.sequence += 1
    for name, value in values.items():
        setattr(planned, name, value)
    planned.updated_at = utcnow()
    proposal.interview_on = day
    return True
