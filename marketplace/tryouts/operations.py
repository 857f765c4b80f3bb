"""Business rules for try-outs. Functions change objects and flush; callers commit.

* :func:`enrol_candidate`: a coach enrols a candidate of their caseload (active, with
  consent, as for a proposal). Never over the seats: when every seat is taken the
  coach may put them on the waiting list instead; never twice; never after the day of
  the session. A refusal raises a ``TryoutError`` before anything is written. A
  proposal of the candidate for the try-out that still waits for an answer (made
  before try-outs went by enrolment) is withdrawn: the enrolment takes its place.
* :func:`cancel_enrolment`: the coach cancels before the session; a freed seat goes to
  the first on the waiting list, whose coach is told by mail.
* :func:`mark_attendance`: on the day of the session or after, the organiser marks who
  came. It is the one place where attendance is recorded.

Seats are counted with the try-out's row locked (``SELECT ... FOR UPDATE``) until the
transaction ends, so simultaneous enrolments for the last seat are counted one after
the other: exactly one gets it. SQLite renders no lock; it lets one writing
transaction in at a time (see ``docs/architecture.md``, "Data").
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from marketplace.audit.operations import record_event
from marketplace.candidates.lifecycle import participation_ended
from marketplace.candidates.models import Candidate, ConsentRecord
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.db_types import breaks_unique, local_today, utcnow
from marketplace.extensions import db
from marketplace.mail.operations import queue_templated_message
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.vocab import OpportunityKind, OpportunityStatus
from marketplace.proposals.operations import close_for_enrolment
from marketplace.trajectories.operations import record_automatic_step, remove_automatic_step
from marketplace.trajectories.vocab import StepKind
from marketplace.tryouts.models import TryoutEnrolment, seats_taken_of
from marketplace.tryouts.vocab import CANCELLABLE, MARKABLE, MARKS, EnrolmentStatus
from marketplace.web.conflicts import ensure_version
from marketplace.web.urls import public_url

SUBJECT = "tryout_enrolment"
UNIQUE_PAIR = "uq_tryout_enrolment_opportunity_candidate"


class TryoutError(Exception):
    """A rule about try-outs was broken; the view says so in the user's language."""


class NotATryout(TryoutError):
    pass


class CandidateNotActive(TryoutError):
    pass


class NoActiveConsent(TryoutError):
    pass


class TryoutNotOpen(TryoutError):
    """Not published, or its closing date has passed."""


class SessionOver(TryoutError):
    """The day of the session has passed."""


class TryoutFull(TryoutError):
    """Every seat is taken and the coach did not choose the waiting list."""


class AlreadyEnrolled(TryoutError):
    pass


class NotCancellable(TryoutError):
    """Already marked or cancelled, or the session has begun."""


class TooEarlyToMark(TryoutError):
    """Attendance is marked on the day of the session or after."""


def seats_taken(opportunity_id: int) -> int:
    """How many enrolments hold a seat of the session, counted now."""
    return db.session.scalar(select(seats_taken_of(opportunity_id)))


def _lock(opportunity: Opportunity) -> int:
    """Lock the try-out's row until the transaction ends; returns its seats."""
    return db.session.scalar(
        select(Opportunity.places).where(Opportunity.id == opportunity.id).with_for_update()
    )


def _has_active_consent(candidate: Candidate) -> bool:
    # Asked of the database, as proposals do: consent may have been withdrawn since
    # the candidate was loaded.
    return bool(db.session.scalar(select(exists().where(
        ConsentRecord.candidate_id == candidate.id, ConsentRecord.withdrawn_on.is_(None)
    ))))


def check_can_enrol(candidate: Candidate, opportunity: Opportunity) -> None:
    """Raise the first reason why ``candidate`` cannot be enrolled in ``opportunity``
    (the seats aside: they are counted under the lock)."""
    today = local_today()
    if opportunity.kind != OpportunityKind.TRYOUT:
        raise NotATryout()
    if candidate.status != CandidateStatus.ACTIVE:
        raise CandidateNotActive()
    if not _has_active_consent(candidate):
        raise NoActiveConsent()
    if opportunity.session_on is not None and opportunity.session_on < today:
        raise SessionOver()
    if opportunity.status != OpportunityStatus.PUBLISHED or (
        opportunity.closes_on is not None and opportunity.closes_on < today
    ):
        raise TryoutNotOpen()


def _existing(candidate_id: int, opportunity_id: int) -> TryoutEnrolment | None:
    return db.session.scalars(select(TryoutEnrolment).where(
        TryoutEnrolment.candidate_id == candidate_id,
        TryoutEnrolment.opportunity_id == opportunity_id)).one_or_none()


def enrol_candidate(coach, candidate: Candidate, opportunity: Opportunity, *,
                    waiting_list: bool = False,
                    suggestion_entry_id: int | None = None) -> TryoutEnrolment:
    """Enrol ``candidate`` in the try-out ``opportunity``: a seat when one is free, else
    the waiting list when ``waiting_list`` is True (``TryoutFull`` when it is not).
    ``suggestion_entry_id``: the suggestion (so the rank) the coach enrolled from, one
    the caller checked was shown to them for this pair (``entry_for_proposal``).

    Refuses (``TryoutError``, nothing written) a candidate who is not active or has no
    consent, a try-out that is not open or whose day has passed, and a candidate who is
    already enrolled or waiting, also when another coach enrolled them a moment ago.
    Their proposal for the try-out that still waits for an answer is withdrawn
    (``proposals.operations.close_for_enrolment``).
    """
    check_can_enrol(candidate, opportunity)
    places = _lock(opportunity)
    _move_up_waiting(opportunity, places)  # seats added since: the waiting list first
    enrolment = _existing(candidate.id, opportunity.id)
    if enrolment is not None and enrolment.status != EnrolmentStatus.CANCELLED:
        raise AlreadyEnrolled()
    if seats_taken(opportunity.id) < places:
        status = EnrolmentStatus.ENROLLED
    elif waiting_list:
        status = EnrolmentStatus.WAITING
    else:
        raise TryoutFull()
    now = utcnow()
    if enrolment is None:
        enrolment = TryoutEnrolment(opportunity_id=opportunity.id, candidate_id=candidate.id)
    # A cancelled enrolment made again starts again: the waiting list goes by when each
    # joined it, so its first enrolment must not put it ahead of those who came since.
    enrolment.created_at = now
    enrolment.enrolled_by_id = coach.id
    enrolment.suggestion_entry_id = suggestion_entry_id
    enrolment.status = status
    enrolment.updated_at = now
    enrolment.cancelled_at = enrolment.moved_up_at = enrolment.marked_at = None
    try:
        with db.session.begin_nested():
            db.session.add(enrolment)
            db.session.flush()
    except IntegrityError as error:
        if breaks_unique(error, UNIQUE_PAIR, "tryout_enrolment.opportunity_id",
                         "tryout_enrolment.candidate_id"):
            raise AlreadyEnrolled() from error
        raise
    record_event("tryout_enrolled", SUBJECT, enrolment.id, {
        "opportunity_id": opportunity.id, "candidate_id": candidate.id, "status": status,
        "suggestion_entry_id": suggestion_entry_id,
    }, actor=coach)
    close_for_enrolment(candidate, opportunity, by=coach)
    db.session.expire(opportunity, ["seats_taken"])  # read again: one more seat taken
    return enrolment


def cancel_enrolment(enrolment: TryoutEnrolment, *, by, expected_version) -> TryoutEnrolment:
    """The coach cancels an enrolment or a place on the waiting list before the day of
    the session. A freed seat goes to the first on the waiting list."""
    ensure_version(enrolment, SUBJECT, expected_version)
    opportunity = enrolment.opportunity
    if enrolment.status not in CANCELLABLE or (
        opportunity.session_on is not None and opportunity.session_on <= local_today()
    ):
        raise NotCancellable()
    places = _lock(opportunity)
    before = enrolment.status
    now = utcnow()
    enrolment.status = EnrolmentStatus.CANCELLED
    enrolment.cancelled_at = enrolment.updated_at = now
    db.session.flush()
    record_event("tryout_enrolment_cancelled", SUBJECT, enrolment.id,
                 {"opportunity_id": opportunity.id, "from": before}, actor=by)
    _move_up_waiting(opportunity, places)
    db.session.expire(opportunity, ["seats_taken"])  # read again: a seat freed or given
    return enrolment


def cancel_open_enrolments(candidate: Candidate, *, by=None) -> int:
    """Cancel the candidate's places in try-outs still to come (their consent ended or
    they were erased): each freed seat goes to the waiting list. Returns how many."""
    open_ones = db.session.scalars(
        select(TryoutEnrolment)
        .join(Opportunity, Opportunity.id == TryoutEnrolment.opportunity_id)
        .where(TryoutEnrolment.candidate_id == candidate.id,
               TryoutEnrolment.status.in_([str(status) for status in CANCELLABLE]),
               Opportunity.session_on > local_today())
    ).all()
    for enrolment in open_ones:
        cancel_enrolment(enrolment, by=by, expected_version=enrolment.version)
    return len(open_ones)


@participation_ended.connect
def _cancel_when_participation_ends(candidate: Candidate, *, by=None, **_facts) -> None:
    """Consent withdrawn or erasure: places in try-outs still to come are cancelled."""
    cancel_open_enrolments(candidate, by=by)


def _move_up_waiting(opportunity: Opportunity, places: int) -> list[TryoutEnrolment]:
    """Give free seats to the waiting list, first come first served, and tell each
    coach. Call with the try-out's row locked."""
    free = places - seats_taken(opportunity.id)
    if free <= 0:
        return []
    waiting = db.session.scalars(
        select(TryoutEnrolment)
        .where(TryoutEnrolment.opportunity_id == opportunity.id,
               TryoutEnrolment.status == EnrolmentStatus.WAITING)
        .order_by(TryoutEnrolment.created_at, TryoutEnrolment.id)
        .limit(free)
    ).all()
    now = utcnow()
    for enrolment in waiting:
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.moved_up_at = enrolment.updated_at = now
        db.session.flush()
        record_event("tryout_moved_up", SUBJECT, enrolment.id,
                     {"opportunity_id": opportunity.id}, actor=None)
        coach = enrolment.enrolled_by
        queue_templated_message(
            coach.email, coach.locale or "nl", "tryout_moved_up", enrolment=enrolment,
            link=public_url("candidates.profile", candidate_id=enrolment.candidate_id),
        )
    return waiting


def attendance_step_ref(enrolment_id: int) -> str:
    """The ``source_ref`` of the timeline step an attendance wrote."""
    return f"tryout:{enrolment_id}"


def _attendance_step(enrolment: TryoutEnrolment, opportunity: Opportunity, *,
                     attended: bool) -> None:
    candidate = enrolment.candidate
    if not attended:
        remove_automatic_step(candidate, attendance_step_ref(enrolment.id))
        return
    record_automatic_step(candidate, StepKind.TRYOUT, opportunity.session_on,
                          ended_on=opportunity.session_on,
                          organisation=opportunity.organisation,
                          source_ref=attendance_step_ref(enrolment.id))


def mark_attendance(opportunity: Opportunity, marks: dict[int, str], *, by) -> int:
    """The organiser's marks: ``{enrolment id: "attended" or "absent"}`` for enrolments
    of ``opportunity``. On the day of the session or after (``TooEarlyToMark`` before);
    ids of other try-outs and enrolments that hold no seat are left alone. Returns how
    many changed.

    The one place where attendance is recorded, and what follows from it: someone who
    came has a try-out step in their timeline on the session's day, at the organiser
    (written once; a later "absent" removes it again).
    """
    if opportunity.session_on is None or opportunity.session_on > local_today():
        raise TooEarlyToMark()
    enrolments = db.session.scalars(
        select(TryoutEnrolment).where(
            TryoutEnrolment.opportunity_id == opportunity.id,
            TryoutEnrolment.id.in_(list(marks)),
            TryoutEnrolment.status.in_([str(status) for status in MARKABLE]))
    ).all()
    now = utcnow()
    changed = 0
    for enrolment in enrolments:
        mark = EnrolmentStatus(marks[enrolment.id])
        if mark not in MARKS or enrolment.status == mark:
            continue
        before = enrolment.status
        enrolment.status = mark
        enrolment.marked_at = enrolment.updated_at = now
        changed += 1
        record_event("tryout_attendance_marked", SUBJECT, enrolment.id,
                     {"opportunity_id": opportunity.id, "from": before, "to": mark}, actor=by)
        _attendance_step(enrolment, opportunity, attended=mark == EnrolmentStatus.ATTENDED)
    db.session.flush()
    return changed
