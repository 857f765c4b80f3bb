"""Lookups of one candidate's barriers, always through the candidate the user may
see (``candidates.queries``): a barrier id of another candidate is a 404."""

from __future__ import annotations

from flask import abort
from sqlalchemy import case, func, select

from marketplace.accounts.models import Organisation
from marketplace.barriers.models import CandidateBarrier
from marketplace.barriers.vocab import BarrierStatus
from marketplace.candidates.models import Candidate
from marketplace.extensions import db
from marketplace.security import OrganisationKind


def barriers_of(candidate: Candidate) -> list[CandidateBarrier]:
    """The candidate's barriers: those still in the way first, newest first."""
    return list(
        db.session.scalars(
            select(CandidateBarrier)
            .where(CandidateBarrier.candidate_id == candidate.id)
            .order_by(
                case((CandidateBarrier.status == BarrierStatus.SOLVED, 1), else_=0),
                CandidateBarrier.noted_on.desc(),
                CandidateBarrier.id.desc(),
            )
        )
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
