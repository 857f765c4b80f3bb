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
    """The statement of ``profile_tryouts`` for the bound ``candidate_id`` and ``today``,
    of the tables' columns: the rows are plain values, so SQLAlchemy's ORM has nothing
    to do on each profile.

    Columns: part, the order within the part, the enrolment's id, the try-out's id,
    title, organiser and day, the enrolment's status and version."""
    nothing = literal(None, Integer)
    enrolment, opportunity = TryoutEnrolment.__table__.c, Opportunity.__table__.c
    organisation = Organisation.__table__.c
    enrolments = (
        select(literal(_ENROLMENT, Integer).label("part"),
               func.row_number().over(order_by=(opportunity.session_on.desc(),
                                                 enrolment.id.desc())).label("ordinal"),
               enrolment.id.label("number"), opportunity.id.label("opportunity_id"),
               opportunity.title.label("title"), organisation.name.label("organisation"),
               opportunity.session_on.label("session_on"), enrolment.status.label("status"),
               enrolment.version.label("version"))
        .join(Opportunity.__table__, opportunity.id == enrolment.opportunity_id)
        .join(Organisation.__table__, organisation.id == opportunity.organisation_id)
        .where(enrolment.candidate_id == bindparam("candidate_id", type_=Integer))
    )
    if not with_coming:
        return enrolments.order_by("ordinal")
    coming = (
        select(opportunity.id, opportunity.title, opportunity.organisation_id,
               opportunity.session_on)
        .where(opportunity.kind == OpportunityKind.TRYOUT,
               opportunity.status == OpportunityStatus.PUBLISHED,
               opportunity.session_on >= bindparam("today", type_=Date))
        .order_by(opportunity.session_on, opportunity.id).limit(COMING_LIMIT)
        .subquery()
    )
    everything = union_all(
        enrolments,
        select(literal(_COMING, Integer),
               func.row_number().over(order_by=(coming.c.session_on, coming.c.id)),
               nothing, coming.c.id, coming.c.title, organisation.name, coming.c.session_on,
               literal(None, String), nothing)
        .join(Organisation.__table__, organisation.id == coming.c.organisation_id),
    ).subquery()
    return select(everything).order_by(everything.c.part, everything.c.ordinal)
