"""What the try-outs section of a candidate's profile reads (own coach only,
``templates/tryouts/_candidate.html``): the person's enrolments and, for an active
person, the try-outs coming up, in one statement.

These were two statements that loaded the enrolments and try-outs as entities with
their organisations' whole rows; one ``UNION ALL`` of the values the section shows now,
its parts told apart by their first column, built once per process (bound candidate
id and day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import Date, Integer, Select, String, bindparam, func, literal, select, union_all

from marketplace.accounts.models import Organisation
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.vocab import OpportunityKind, OpportunityStatus
from marketplace.tryouts.models import TryoutEnrolment

#: The parts of the statement, in the order it returns them.
_ENROLMENT, _COMING = 1, 2
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


def profile_tryouts(candidate_id: int, with_coming: bool) -> ProfileTryouts:
    """The enrolments of ``candidate_id`` and, with ``with_coming`` (only an active
    person is offered try-outs), the try-outs coming up."""
    found = ProfileTryouts([], [])
    for part, _ordinal, number, opportunity_id, title, organisation, session_on, status, \
            version in db.session.execute(_select(with_coming),
                                          {"candidate_id": candidate_id,
                                           "today": local_today()}):
        if part == _ENROLMENT:
            found.enrolments.append(EnrolmentLine(number, opportunity_id, title, organisation,
                                                  session_on, status, version))
        else:
            found.coming.append(TryoutLine(opportunity_id, title, organisation, session_on))
    return found


@lru_cache(maxsize=2)
def _select(with_coming: bool) -> Select:
    """The statement of ``profile_tryouts`` for the bound ``candidate_id`` and ``today``.

    Columns: part, the order within the part, the enrolment's id, the try-out's id,
    title, organiser and day, the enrolment's status and version."""
    nothing = literal(None, Integer)
    enrolments = (
        select(literal(_ENROLMENT, Integer).label("part"),
               func.row_number().over(order_by=(Opportunity.session_on.desc(),
                                                 TryoutEnrolment.id.desc())).label("ordinal"),
               TryoutEnrolment.id.label("number"), Opportunity.id.label("opportunity_id"),
               Opportunity.title.label("title"), Organisation.name.label("organisation"),
               Opportunity.session_on.label("session_on"), TryoutEnrolment.status.label("status"),
               TryoutEnrolment.version.label("version"))
        .join(Opportunity, Opportunity.id == TryoutEnrolment.opportunity_id)
        .join(Organisation, Organisation.id == Opportunity.organisation_id)
        .where(TryoutEnrolment.candidate_id == bindparam("candidate_id", type_=Integer))
    )
    if not with_coming:
        return enrolments.order_by("ordinal")
    coming = (
        select(Opportunity.id, Opportunity.title, Opportunity.organisation_id,
               Opportunity.session_on)
        .where(Opportunity.kind == OpportunityKind.TRYOUT,
               Opportunity.status == OpportunityStatus.PUBLISHED,
               Opportunity.session_on >= bindparam("today", type_=Date))
        .order_by(Opportunity.session_on, Opportunity.id).limit(COMING_LIMIT)
        .subquery()
    )
    everything = union_all(
        enrolments,
        select(literal(_COMING, Integer),
               func.row_number().over(order_by=(coming.c.session_on, coming.c.id)),
               nothing, coming.c.id, coming.c.title, Organisation.name, coming.c.session_on,
               literal(None, String), nothing)
        .join(Organisation, Organisation.id == coming.c.organisation_id),
    ).subquery()
    return select(everything).order_by(everything.c.part, everything.c.ordinal)
