"""An admin hands a coach's whole caseload to a colleague of the same partner
organisation. It is how a coach who leaves can be deactivated or moved: an account that
still holds people cannot be (``accounts.operations.PeopleStillHeld``), and one by
one, on each person's page, only the coach could do it.

The admin sees how many people move, never who: each person gets the same handover
record as a coach's own (``operations.hand_over_candidate``), so both coaches see it
in the person's history, and the audit log notes the whole move once.

Two steps, as a records import: the request checks what the admin confirmed (the
colleague is of the same organisation, the caseload still holds the number the page
showed, no other handover of it is under way) and writes a ``caseload_handover`` row;
a background job (``candidates/jobs.py``) moves the people, at about 25 ms a person,
so a caseload of thousands never holds a web worker near its timeout. Every caseload
takes that one path: with a worker the job starts within a second, and one path is one
thing to test.

The job can be run again at any point (a worker killed half-way, a retry from the
jobs page): it moves only the people the leaving coach still holds and who have no
record of this handover yet (unique per person), in batches that each commit, and
marks the handover finished with the run's done-mark.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select

from marketplace.accounts.models import User
from marketplace.accounts.roles import Role
from marketplace.audit.operations import record_event
from marketplace.candidates import caseload_queries, operations, queries
from marketplace.candidates.handovers import CandidateHandover, CaseloadHandover
from marketplace.candidates.models import Candidate
from marketplace.candidates.operations import NotACoach
from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.jobs.errors import ExplainedError
from marketplace.jobs.models import JobRun, JobState
from marketplace.jobs.queries import latest_run

#: The job that carries a handover out (``candidates/jobs.py``).
JOB_NAME = "hand_over_caseload"
#: People moved per committed batch: a batch holds its rows' locks about 2.5 s, and a
#: worker killed half-way loses at most one batch, which the next run moves again.
BATCH = 100


class CaseloadChanged(Exception):
    """The caseload no longer holds the number of people the admin confirmed."""

    def __init__(self, count: int):
        super().__init__(count)
        self.count = count


class HandoverUnderWay(Exception):
    """Another handover of this caseload is still being carried out."""


class TakeOverRefused(ExplainedError):
    """By the time the job ran, the receiving coach could no longer take over
    (deactivated, another role or organisation)."""

    message = _l("The coach who was to take over the caseload is no longer an active coach "
                 "of the same organisation (handover %(handover)s). Hand the caseload over "
                 "to another colleague.")


def colleagues_to_take_over(coach: User) -> list[User]:
    """The active coaches of ``coach``'s own organisation who can take the caseload
    (the people's records stay with the organisation that holds them)."""
    return [colleague for colleague in queries.coaches_for_handover(coach)
            if colleague.organisation_id == coach.organisation_id]


def _can_take_over(coach: User, to_coach: User) -> bool:
    return (to_coach.id != coach.id and to_coach.role == Role.COACH and to_coach.is_active
            and to_coach.organisation_id == coach.organisation_id)


# --- the request ----------------------------------------------------------------------


def request_caseload_handover(coach: User, *, to_coach: User, note: str | None,
                              expected: int | None, by: User) -> CaseloadHandover:
    """Record that ``coach``'s live candidates go to ``to_coach``, a coach of the same
    organisation, for the job to carry out (the caller commits, then dispatches it).
    Refused with ``CaseloadChanged`` when the caseload holds another number than the
    ``expected`` one the admin saw, and with ``HandoverUnderWay`` while another
    handover of it runs. Only flushes."""
    if not _can_take_over(coach, to_coach):
        raise NotACoach(str(to_coach.id))
    if handover_under_way(coach) is not None:
        raise HandoverUnderWay()
    held = caseload_queries.caseload_size(coach)
    if held != expected:
        raise CaseloadChanged(held)
    handover = CaseloadHandover(from_coach_id=coach.id, to_coach_id=to_coach.id,
                                requested_by_id=by.id, note=note or None, expected=held)
    db.session.add(handover)
    db.session.flush()
    record_event("caseload_handed_over", "user", coach.id,
                 {"to_coach_id": to_coach.id, "people": held,
                  "caseload_handover_id": handover.id})
    return handover


# --- the job --------------------------------------------------------------------------


def carry_out_handover(handover_id: int) -> int:
    """Move the people the leaving coach still holds to the receiving coach, a batch at
    a time, and answer how many this handover moved in all (over every run). People who
    came into the caseload between the request and the job (seconds) move too: the
    point is an empty caseload. Each batch commits; the finishing mark only flushes, so
    it commits with the run's done-mark (``jobs.tasks.tracked``)."""
    handover = db.session.get(CaseloadHandover, handover_id)
    if handover.finished_at is not None:  # a run handed over again after it finished
        return handover.moved
    if not _can_take_over(handover.from_coach, handover.to_coach):
        raise TakeOverRefused(handover=handover.id)
    while people := _next_batch(handover):
        for candidate in people:
            operations.hand_over_candidate(
                candidate, to_coach=handover.to_coach, note=handover.note,
                actor=handover.requested_by, caseload_handover_id=handover.id)
        db.session.commit()  # a batch at a time: see BATCH
    handover.moved = moved_so_far(handover)
    handover.finished_at = utcnow()
    handover.note = None  # each person's record has it: not kept a second time
    db.session.flush()
    return handover.moved


def _next_batch(handover: CaseloadHandover) -> list[Candidate]:
    """The next people to move: still held by the leaving coach, without a record of
    this handover. The handover's row is locked first (PostgreSQL), so two runs of one
    handover (a run taken over from a worker that was only slow) take turns; on SQLite
    the write lock does it, and the unique record per person refuses a second move."""
    db.session.execute(select(CaseloadHandover.id).where(CaseloadHandover.id == handover.id)
                       .with_for_update())
    done = select(CandidateHandover.candidate_id).where(
        CandidateHandover.caseload_handover_id == handover.id)
    return list(db.session.scalars(
        select(Candidate)
        .where(Candidate.id.in_(caseload_queries.caseload_ids(handover.from_coach)),
               Candidate.id.not_in(done))
        .order_by(Candidate.id)
        .limit(BATCH)))


def moved_so_far(handover: CaseloadHandover) -> int:
    """How many people this handover has moved (its records)."""
    return db.session.scalar(select(func.count()).select_from(CandidateHandover).where(
        CandidateHandover.caseload_handover_id == handover.id))


# --- what the pages read --------------------------------------------------------------


def handover_under_way(coach: User) -> CaseloadHandover | None:
    """The latest unfinished handover of ``coach``'s caseload whose job has not failed
    (a failed one can be tried again on the jobs page, or replaced by a new one)."""
    handover = db.session.scalar(
        select(CaseloadHandover)
        .where(CaseloadHandover.from_coach_id == coach.id,
               CaseloadHandover.finished_at.is_(None))
        .order_by(CaseloadHandover.id.desc()).limit(1))
    if handover is None or failed_run(handover) is not None:
        return None
    return handover


def failed_run(handover: CaseloadHandover) -> JobRun | None:
    """The failed job run of an unfinished handover, else None."""
    if handover.finished_at is not None:
        return None
    run = latest_run(JOB_NAME, handover.id, handover.from_coach_id)
    return run if run is not None and run.state == JobState.FAILED else None


def latest_failed_handover(coach: User) -> tuple[CaseloadHandover, JobRun] | None:
    """The latest handover of ``coach``'s caseload when it stopped on a failed job."""
    handover = db.session.scalar(
        select(CaseloadHandover).where(CaseloadHandover.from_coach_id == coach.id)
        .order_by(CaseloadHandover.id.desc()).limit(1))
    run = failed_run(handover) if handover is not None else None
    return (handover, run) if run is not None else None


#: The statement of ``handovers_received``, built once (every coach's home page asks).
_RECEIVED = (
    select(CaseloadHandover)
    .where(CaseloadHandover.to_coach_id == bindparam("coach_id"),
           CaseloadHandover.finished_at > bindparam("since"),
           CaseloadHandover.finished_at <= bindparam("now"),
           CaseloadHandover.moved > 0)
    .order_by(CaseloadHandover.finished_at.desc(), CaseloadHandover.id.desc())
    .limit(bindparam("limit"))
)


def handovers_received(coach: User, since, now, limit: int) -> list[CaseloadHandover]:
    """The whole-caseload handovers to ``coach`` that finished after ``since`` and moved
    someone, newest first: the receiving coach's news."""
    return list(db.session.scalars(
        _RECEIVED, {"coach_id": coach.id, "since": since, "now": now, "limit": limit}))
