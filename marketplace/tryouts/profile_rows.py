"""What the try-outs section of a candidate's profile reads (own coach only,
``templates/tryouts/_candidate.html``): the person's enrolments and, for an active
person, the try-outs coming up: parts of the profile's own statement
(``candidates/profile_sections.py``).

These were two statements that loaded the enrolments and try-outs as entities with
their organisations' whole rows, then one of their own; the values the section shows
are now two parts of the profile's ``UNION ALL`` (bound candidate id and day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select

from marketplace.accounts.models import Organisation
from marketplace.candidates.profile_sections import (
    PARTS_PER_SECTION,
    ProfileReader,
    register_section,
    section_row,
)
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.vocab import OpportunityKind, OpportunityStatus
from marketplace.tryouts.models import TryoutEnrolment

#: The parts of the section, after its first part number.
_ENROLMENT, _COMING = 0, 1
#: How many try-outs coming up the profile offers.
COMING_LIMIT = 10


@dataclass(frozen=True)
class EnrolmentLine:
    """One enrolment of the person, with the try-out's title, organiser and day."""

    id: int
    opportunity_id: int
    title: str
    organisation: str
    session_on: date | None
    status: str
    version: int


@dataclass(frozen=True)
class TryoutLine:
    """A published try-out whose day has not passed."""

    id: int
    title: str
    organisation: str
    session_on: date


@dataclass(frozen=True)
class ProfileTryouts:
    #: The latest session first.
    enrolments: list[EnrolmentLine]
    #: Soonest first, at most ``COMING_LIMIT`` (also those the person is enrolled in).
    coming: list[TryoutLine]


def _profile_parts(reader: ProfileReader, first: int) -> list[Select]:
    """The try-outs' parts of the profile's statement (``profile_sections``), for the
    candidate's own coach: the enrolments (the latest session first) and, for an active
    person, the try-outs coming up (soonest first), of the tables' columns."""
    if not reader.owner:
        return []
    enrolment, opportunity = TryoutEnrolment.__table__.c, Opportunity.__table__.c
    organisation = Organisation.__table__.c
    parts = [
        section_row(first, func.row_number().over(order_by=(opportunity.session_on.desc(),
                                                            enrolment.id.desc())),
                    int1=enrolment.id, int2=opportunity.id, text1=opportunity.title,
                    text2=organisation.name, day1=opportunity.session_on,
                    text3=enrolment.status, int3=enrolment.version)
        .select_from(TryoutEnrolment.__table__)
        .join(Opportunity.__table__, opportunity.id == enrolment.opportunity_id)
        .join(Organisation.__table__, organisation.id == opportunity.organisation_id)
        .where(enrolment.candidate_id == reader.candidate_id)
    ]
    if reader.active:
        coming = (
            select(opportunity.id, opportunity.title, opportunity.organisation_id,
                   opportunity.session_on)
            .where(opportunity.kind == OpportunityKind.TRYOUT,
                   opportunity.status == OpportunityStatus.PUBLISHED,
                   opportunity.session_on >= reader.today)
            .order_by(opportunity.session_on, opportunity.id).limit(COMING_LIMIT)
            .subquery()
        )
        parts.append(
            section_row(first + _COMING,
                        func.row_number().over(order_by=(coming.c.session_on, coming.c.id)),
                        int2=coming.c.id, text1=coming.c.title, text2=organisation.name,
                        day1=coming.c.session_on)
            .select_from(coming)
            .join(Organisation.__table__, organisation.id == coming.c.organisation_id)
        )
    return parts


def _profile_tryouts(_candidate, _reader, rows) -> ProfileTryouts:
    found = ProfileTryouts([], [])
    for row in rows:
        if row.part % PARTS_PER_SECTION == _ENROLMENT:
            found.enrolments.append(EnrolmentLine(row.int1, row.int2, row.text1, row.text2,
                                                  row.day1, row.text3, row.int3))
        else:
            found.coming.append(TryoutLine(row.int2, row.text1, row.text2, row.day1))
    return found


#: ``details.sections["tryouts"]`` of the profile: its ``ProfileTryouts`` (empty for a
#: coach the profile is shared with, who is not shown the section).
register_section("tryouts", _profile_parts, _profile_tryouts)
