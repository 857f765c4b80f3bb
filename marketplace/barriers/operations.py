"""The rules of a candidate's barriers: recording, changing, erasing. Only flush.

Every rule is checked here, so a form, an import or a script gets the same answers:
``BarrierProblems`` carries a message per field for the form to show beside it. The
audit log gets the fact that a barrier was recorded or changed (and the names of the
changed fields), never its kind, its status or the support text: it is read by
admins, who never see one person's barriers.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from marketplace.accounts.models import Organisation
from marketplace.accounts.roles import OrganisationKind
from marketplace.audit.operations import record_event
from marketplace.barriers.models import CandidateBarrier
from marketplace.barriers.vocab import BarrierKind, BarrierStatus
from marketplace.candidates.lifecycle import candidate_erasing
from marketplace.candidates.models import Candidate
from marketplace.db_types import local_date, local_today, utcnow
from marketplace.extensions import db
from marketplace.web.conflicts import ensure_version

SUBJECT = "candidate_barrier"


class BarrierProblems(Exception):
    """The barrier breaks a rule; ``problems`` maps field names to messages."""

    def __init__(self, problems: dict[str, object]):
        super().__init__(", ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class BarrierData:
    """What a coach fills in about one barrier."""

    kind: str
    status: str
    noted_on: date
    solved_on: date | None = None
    support: str | None = None
    referral_organisation_id: int | None = None


def registered_on(candidate: Candidate) -> date:
    """The (Brussels) day the candidate was registered: no barrier is noted before."""
    return local_date(candidate.created_at)


def _open_of_kind(candidate_id: int, kind: str, barrier_id: int | None) -> bool:
    query = select(CandidateBarrier.id).where(
        CandidateBarrier.candidate_id == candidate_id,
        CandidateBarrier.kind == kind,
        CandidateBarrier.status != BarrierStatus.SOLVED,
    )
    if barrier_id is not None:
        query = query.where(CandidateBarrier.id != barrier_id)
    return db.session.scalar(query.limit(1)) is not None


def _is_partner(organisation_id: int) -> bool:
    organisation = db.session.get(Organisation, organisation_id)
    return organisation is not None and organisation.kind == OrganisationKind.PARTNER


def check_barrier(candidate: Candidate, data: BarrierData, barrier_id: int | None = None
                  ) -> dict[str, object]:
    """Every rule ``data`` breaks, as ``{field: message}`` (empty when it is fine)."""
    problems: dict[str, object] = {}
    today = local_today()
    if data.kind not in set(BarrierKind):
        problems["kind"] = _l("Choose one of the options.")
    if data.status not in set(BarrierStatus):
        problems["status"] = _l("Choose one of the options.")
    if data.noted_on > today:
        problems["noted_on"] = _l("This date is in the future.")
    elif data.noted_on < registered_on(candidate):
        problems["noted_on"] = _l(
            "This date is before the person was registered (%(day)s).",
            day=registered_on(candidate).isoformat(),
        )
    if data.status == BarrierStatus.SOLVED:
        if data.solved_on is None:
            problems["solved_on"] = _l("Fill in the day the barrier was solved.")
        elif data.solved_on > today:
            problems["solved_on"] = _l("This date is in the future.")
        elif data.solved_on < data.noted_on:
            problems["solved_on"] = _l("A barrier cannot be solved before it was noted.")
    elif "kind" not in problems and _open_of_kind(candidate.id, data.kind, barrier_id):
        problems["kind"] = _l(
            "This person already has a barrier of this kind that is not solved. "
            "Change that one instead."
        )
    if data.referral_organisation_id is not None and not _is_partner(
        data.referral_organisation_id
    ):
        problems["referral_organisation_id"] = _l("Choose one of the options.")
    return problems


def _apply(barrier: CandidateBarrier, data: BarrierData) -> None:
    for item in fields(data):
        setattr(barrier, item.name, getattr(data, item.name))
    if data.status != BarrierStatus.SOLVED:
        barrier.solved_on = None  # only a solved barrier has a day it was solved
    barrier.support = (data.support or "").strip() or None


def add_barrier(candidate: Candidate, data: BarrierData, *, recorded_by) -> CandidateBarrier:
    """Record a barrier of ``candidate``; ``BarrierProblems`` when a rule is broken."""
    problems = check_barrier(candidate, data)
    if problems:
        raise BarrierProblems(problems)
    barrier = CandidateBarrier(candidate_id=candidate.id, recorded_by_id=recorded_by.id)
    _apply(barrier, data)
    db.session.add(barrier)
    db.session.flush()
    record_event("barrier_added", SUBJECT, barrier.id, {"version": barrier.version})
    return barrier


def _values(barrier: CandidateBarrier) -> dict[str, object]:
    return {item.name: getattr(barrier, item.name) for item in fields(BarrierData)}


def change_barrier(barrier: CandidateBarrier, data: BarrierData, *, expected_version
                   ) -> list[str]:
    """Change a barrier opened at ``expected_version``; returns the changed fields.

    ``EditConflict`` when someone saved it in between, ``BarrierProblems`` when a rule
    is broken; nothing is written then.
    """
    ensure_version(barrier, SUBJECT, expected_version)
    problems = check_barrier(barrier.candidate, data, barrier.id)
    if problems:
        raise BarrierProblems(problems)
    before = _values(barrier)
    _apply(barrier, data)
    changed = [name for name, value in _values(barrier).items() if before[name] != value]
    if changed:
        barrier.updated_at = utcnow()
        db.session.flush()  # bumps the version (and fails if someone else just did)
        record_event("barrier_changed", SUBJECT, barrier.id,
                     {"fields": changed, "version": barrier.version})
    return changed


def erase_barriers(candidate_id: int) -> None:
    """Delete every barrier of a candidate (erasure: nothing of them stays)."""
    db.session.execute(
        delete(CandidateBarrier).where(CandidateBarrier.candidate_id == candidate_id),
        execution_options={"synchronize_session": False},
    )


@candidate_erasing.connect
def _erase_barriers_on_erasure(candidate: Candidate, **_facts) -> None:
    """Erasure: the candidate's barriers go."""
    erase_barriers(candidate.id)
