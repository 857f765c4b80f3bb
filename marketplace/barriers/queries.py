"""Lookups of one candidate's barriers, always through the candidate the user may
see (``candidates.queries``): a barrier id of another candidate is a 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from flask import abort
from sqlalchemy import Integer, Select, bindparam, case, func, select

from marketplace.accounts.models import Organisation
from marketplace.accounts.roles import OrganisationKind
from marketplace.barriers.models import CandidateBarrier
from marketplace.barriers.vocab import BarrierStatus
from marketplace.candidates.models import Candidate
from marketplace.extensions import db

#: Those still in the way first, newest first.
_BARRIER_ORDER = (
    case((CandidateBarrier.status == BarrierStatus.SOLVED, 1), else_=0),
    CandidateBarrier.noted_on.desc(),
    CandidateBarrier.id.desc(),
)


def barriers_of(candidate: Candidate) -> list[CandidateBarrier]:
    """The candidate's barriers: those still in the way first, newest first."""
    return list(
        db.session.scalars(
            select(CandidateBarrier)
            .where(CandidateBarrier.candidate_id == candidate.id)
            .order_by(*_BARRIER_ORDER)
        )
    )


@dataclass(frozen=True)
class BarrierLine:
    """One barrier as the profile's table shows it."""

    id: int
    kind: str
    status: str
    noted_on: date
    solved_on: date | None
    support: str | None
    #: The name of the partner organisation the person was referred to, or None.
    referral_organisation: str | None


def barrier_lines(candidate: Candidate) -> list[BarrierLine]:
    """``barriers_of`` as the values the profile shows: not the barriers with their
    referral organisations' whole rows."""
    return [BarrierLine(*row) for row in db.session.execute(
        _barrier_lines_select(), {"candidate_id": candidate.id})]


@cache
def _barrier_lines_select() -> Select:
    """The statement of ``barrier_lines`` (bound ``candidate_id``), built once, of the
    tables' columns: the rows are plain values, so SQLAlchemy's ORM has nothing to do on
    each profile. In the order of ``_BARRIER_ORDER``."""
    barrier, organisation = CandidateBarrier.__table__.c, Organisation.__table__.c
    return (
        select(barrier.id, barrier.kind, barrier.status, barrier.noted_on, barrier.solved_on,
               barrier.support, organisation.name)
        .outerjoin(Organisation.__table__, organisation.id == barrier.referral_organisation_id)
        .where(barrier.candidate_id == bindparam("candidate_id", type_=Integer))
        .order_by(case((barrier.status == BarrierStatus.SOLVED, 1), else_=0),
                  barrier.noted_on.desc(), barrier.id.desc())
    )


def barrier_of_or_404(candidate: Candidate, barrier_id: int) -> CandidateBarrier:
    """The barrier ``barrier_id`` of ``candidate`` (already checked), else 404."""
    barrier = db.session.get(CandidateBarrier, barrier_id)
    if barrier is None or barrier.candidate_id != candidate.id:
        abort(404)
    return barrier


def referral_partners() -> list[tuple[int, str]]:
    """``(id, name)`` of the active partner organisations a person can be referred to."""
    return list(
        db.session.execute(
            select(Organisation.id, Organisation.name)
            .where(
                Organisation.kind == OrganisationKind.PARTNER,
                Organisation.is_active.is_(True),
            )
            .order_by(func.lower(Organisation.name))
        ).all()
    )
