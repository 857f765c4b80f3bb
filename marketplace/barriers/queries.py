"""Lookups of one candidate's barriers, always through the candidate the user may
see (``candidates.queries``): a barrier id of another candidate is a 404. The profile
reads its barriers with its own statement (the section registered here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import Select, case, func, select

from marketplace.accounts.models import Organisation
from marketplace.accounts.roles import OrganisationKind
from marketplace.barriers.models import CandidateBarrier
from marketplace.barriers.vocab import BarrierStatus
from marketplace.candidates.models import Candidate
from marketplace.candidates.profile_sections import ProfileReader, register_section, section_row
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


def _profile_parts(reader: ProfileReader, first: int) -> list[Select]:
    """The barriers' part of the profile's statement (``profile_sections``): the values
    the table shows, not the barriers with their referral organisations' whole rows, in
    the order of ``_BARRIER_ORDER``."""
    barrier, organisation = CandidateBarrier.__table__.c, Organisation.__table__.c
    in_order = func.row_number().over(order_by=(
        case((barrier.status == BarrierStatus.SOLVED, 1), else_=0),
        barrier.noted_on.desc(), barrier.id.desc()))
    return [
        section_row(first, in_order, int1=barrier.id, text1=barrier.kind,
                    text2=barrier.status, day1=barrier.noted_on, day2=barrier.solved_on,
                    text3=barrier.support, text4=organisation.name)
        .select_from(CandidateBarrier.__table__)
        .outerjoin(Organisation.__table__, organisation.id == barrier.referral_organisation_id)
        .where(barrier.candidate_id == reader.candidate_id)
    ]


def _profile_lines(_candidate, _reader, rows) -> list[BarrierLine]:
    return [BarrierLine(row.int1, row.text1, row.text2, row.day1, row.day2, row.text3,
                        row.text4) for row in rows]


#: ``details.sections["barriers"]`` of the profile: its ``BarrierLine``s.
register_section("barriers", _profile_parts, _profile_lines)


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
