"""Business rules for proposals. Functions change objects and flush; callers commit.

A proposal, the employer's notification and the audit event are written in the same
transaction: the view commits once, or nothing is written. Mails to employers never
hold personal details of the candidate (no pseudonym, no profile): the employer reads
those on the site, behind a login.

A try-out is joined by enrolment (``marketplace.tryouts``), not by proposal, whoever
organises it (``vocab.KINDS_BY_ENROLMENT``): ``check_can_propose`` refuses one
(``TryoutGoesByEnrolment``), on the site and in the API. Proposals for try-outs that
a database still holds (made before this rule) stay, with their history: an employer
that organises the try-out can still answer them, and enrolling the candidate in the
try-out closes one still waiting for an answer (``close_for_enrolment``).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import User
from marketplace.accounts.roles import Role
from marketplace.audit.operations import insert_event, record_event
from marketplace.candidates.lifecycle import candidate_erasing, participation_ended
from marketplace.candidates.models import Candidate, ConsentRecord
from marketplace.candidates.placement import place_candidate
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.db_types import breaks_unique, local_today, utcnow
from marketplace.extensions import db
from marketplace.mail.operations import queue_templated_message
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.vocab import OpportunityStatus
from marketplace.proposals.hire_steps import record_hire_step
from marketplace.proposals.interviews import (
    InterviewDetails,
    call_off_interview,
    plan_interview,
    reschedule_interview,
)
from marketplace.proposals.models import Interview, Proposal, ProposalEvent
from marketplace.proposals.vocab import (
    KINDS_WITHOUT_PLACEMENT,
    OPEN_STATES,
    DeclineReason,
    EmployerAnswer,
    ProposalState,
    answers_for,
    goes_by_enrolment,
)
from marketplace.web.conflicts import ensure_version
from marketplace.web.urls import public_url

SUBJECT = "proposal"
UNIQUE_PAIR = "uq_proposal_candidate_opportunity"


class ProposalError(Exception):
    """A rule about proposals was broken; the view says so in the user's language."""


class NoActiveConsent(ProposalError):
    pass


class CandidateNotActive(ProposalError):
    pass


class OpportunityNotOpen(ProposalError):
    pass


class OpportunityFilled(ProposalError):
    pass


class AlreadyProposed(ProposalError):
    pass


class TryoutGoesByEnrolment(ProposalError):
    """The opportunity is a try-out: the coach enrols the candidate instead."""


class ProposalWithdrawn(ProposalError):
    pass


class NoInterview(ProposalError):
    """No interview is planned for the proposal (none yet, or it was cancelled)."""


class AnswerNotAllowed(ProposalError):
    """The proposal's state does not allow this answer (a hire or decline is final), or
    the opportunity's kind does not offer it (``vocab.answers_for``)."""


#: Which answer moves an open proposal to which state.
ANSWER_STATES = {
    EmployerAnswer.INVITE: ProposalState.INTERVIEW,
    EmployerAnswer.HIRE: ProposalState.HIRED,
    EmployerAnswer.DECLINE: ProposalState.DECLINED,
    EmployerAnswer.WAITING_LIST: ProposalState.WAITING_LIST,
}


def _has_active_consent(candidate: Candidate) -> bool:
    # Asked of the database, not of the loaded column: consent may have been
    # withdrawn after the candidate was loaded in this session.
    return bool(db.session.scalar(select(exists().where(
        ConsentRecord.candidate_id == candidate.id, ConsentRecord.withdrawn_on.is_(None)
    ))))


def is_proposed(candidate_id: int, opportunity_id: int) -> bool:
    return bool(db.session.scalar(select(exists().where(
        Proposal.candidate_id == candidate_id, Proposal.opportunity_id == opportunity_id
    ))))


def agreed_on_in_future(day: date) -> bool:
    """The candidate cannot have agreed on a day still to come (the propose form's and
    the API's rule)."""
    return day > local_today()


def check_can_propose(candidate: Candidate, opportunity: Opportunity) -> None:
    """Raise the first reason why ``candidate`` cannot be proposed for ``opportunity``;
    a try-out first of all, whatever else holds: it never takes a proposal."""
    if goes_by_enrolment(opportunity.kind):
        raise TryoutGoesByEnrolment()
    if candidate.status != CandidateStatus.ACTIVE:
        raise CandidateNotActive()
    if not _has_active_consent(candidate):
        raise NoActiveConsent()
    if opportunity.status in (OpportunityStatus.FILLED, OpportunityStatus.PUBLISHED) and (
        no_place_left(opportunity)
    ):
        raise OpportunityFilled()
    if opportunity.status != OpportunityStatus.PUBLISHED or (
        opportunity.closes_on is not None and opportunity.closes_on < local_today()
    ):
        raise OpportunityNotOpen()
    if is_proposed(candidate.id, opportunity.id):
        raise AlreadyProposed()


def propose_candidate(
    coach, candidate: Candidate, opportunity: Opportunity, *, motivation: str,
    candidate_agreed_on: date, suggestion_entry_id: int | None = None, by=None,
) -> Proposal:
    """Put ``candidate`` forward for ``opportunity``; tell the employer's users.
    ``coach`` is the proposal's coach (who hears the answers); ``by`` who acted, when
    not the coach (a partner's API key proposing for the candidate's coach).

    Refuses (``ProposalError``, nothing written) a try-out (it goes by enrolment),
    without active consent, for an opportunity that is not published, past its
    closing date or filled, and for a candidate already proposed there, also when
    another coach proposed them a moment ago (the unique constraint answers; the
    savepoint keeps the transaction usable).
    ``suggestion_entry_id``: the suggestion (so the rank) the coach proposed from.
    """
    check_can_propose(candidate, opportunity)
    now = utcnow()
    proposal = Proposal(
        candidate_id=candidate.id, opportunity_id=opportunity.id, coach_id=coach.id,
        motivation=motivation, candidate_agreed_on=candidate_agreed_on,
        state=ProposalState.PROPOSED, created_at=now, updated_at=now,
        suggestion_entry_id=suggestion_entry_id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(proposal)
            db.session.flush()
    except IntegrityError as error:
        if breaks_unique(error, UNIQUE_PAIR, "proposal.candidate_id", "proposal.opportunity_id"):
            raise AlreadyProposed() from error
        raise
    _add_event(proposal, None, ProposalState.PROPOSED, by or coach)
    _notify_employer(opportunity, "proposal_received", proposal=proposal)
    record_event("proposal_made", SUBJECT, proposal.id, {
        "opportunity_id": opportunity.id, "candidate_id": candidate.id,
        "candidate_agreed_on": candidate_agreed_on.isoformat(),
        "suggestion_entry_id": suggestion_entry_id,
    }, actor=by or coach)
    return proposal


def answer_proposal(
    proposal: Proposal, answer: str, *, by, expected_version,
    interview: InterviewDetails | None = None, decline_reason: str | None = None,
    decline_note: str | None = None,
) -> Proposal:
    """The employer's answer: invite (with the interview's time and place, or without
    when they are agreed later), hire, or decline with a reason; a training provider
    accepts (the same step as a hire), puts on the waiting list or declines
    (``vocab.answers_for`` is the table of what each kind and state allows). A hire
    makes the candidate ``placed`` (the coach can undo that); being accepted on a
    course does not (``vocab.KINDS_WITHOUT_PLACEMENT``). Refuses a withdrawn proposal,
    a proposal already hired or declined, an answer its kind or state does not offer
    (``AnswerNotAllowed``), and a hire when no place is left: every place hired, or the
    opportunity marked filled (``OpportunityFilled``). Tells the proposing coach: an
    invitation with details goes with its calendar file (``interviews.py``)."""
    ensure_version(proposal, SUBJECT, expected_version)
    if proposal.state == ProposalState.WITHDRAWN:
        raise ProposalWithdrawn()
    if proposal.state not in OPEN_STATES:
        raise AnswerNotAllowed()
    answer = EmployerAnswer(answer)
    kind = proposal.opportunity.kind
    if answer not in answers_for(kind, proposal.state):
        raise AnswerNotAllowed()
    if answer == EmployerAnswer.HIRE:
        _ensure_place_left(proposal.opportunity_id)
    # Read before the proposal changes: loading what is not loaded yet (the interviews,
    # the coach) flushes the session, and the new state is to go out in the same UPDATE
    # as the interview's day (one statement, one version, instead of two).
    planned = proposal.open_interview
    coach = proposal.coach
    before = proposal.state
    proposal.state = ANSWER_STATES[answer]
    if answer == EmployerAnswer.DECLINE:
        proposal.decline_reason = DeclineReason(decline_reason)
        proposal.decline_note = decline_note or None
    proposal.updated_at = utcnow()
    if answer == EmployerAnswer.DECLINE and planned and planned.starts_at > utcnow():
        call_off_interview(planned, by=by)  # no reason to keep it in the coach's calendar
    # Added before a new interview, whose flush writes it along.
    _add_event(proposal, before, proposal.state, by)
    if interview is not None and answer == EmployerAnswer.INVITE:
        plan_interview(proposal, interview, by=by)
    else:
        queue_templated_message(
            coach.email, coach.locale or "nl", "proposal_answered", proposal=proposal,
            link=public_url("proposals.detail", proposal_id=proposal.id),
        )
    insert_event("proposal_answered", SUBJECT, proposal.id,
                 {"from": before, "to": proposal.state, "kind": kind}, actor=by)
    if answer == EmployerAnswer.HIRE:
        if kind not in KINDS_WITHOUT_PLACEMENT:
            # The candidate is placed; their other open proposals stay open, marked
            # "placed elsewhere" (``Proposal.placed_elsewhere``) for employer and coach.
            place_candidate(proposal.candidate, by=by, proposal_id=proposal.id)
        record_hire_step(proposal)
    # Written here, not at the commit: a row changed by someone else since it was read
    # (its version) fails in the operation, as every change of a proposal does.
    db.session.flush()
    # The hire changes the opportunity's computed hired_count.
    db.session.expire(proposal.opportunity, ["hired_count"])
    return proposal


def change_interview(proposal: Proposal, details: InterviewDetails, *, by,
                     expected_version) -> Interview:
    """Change the planned interview of ``proposal`` (the coach gets the update).
    ``NoInterview`` when none is planned; ``EditConflict`` when someone changed it
    since the form was opened."""
    interview = _planned_interview(proposal)
    ensure_version(interview, "interview", expected_version)
    return reschedule_interview(interview, details, by=by)


def cancel_interview(proposal: Proposal, *, by, expected_version) -> Interview:
    """Cancel the planned interview: the coach's calendar entry is taken back, and the
    proposal waits for the employer's answer again (they can invite anew, hire or
    decline)."""
    interview = _planned_interview(proposal)
    ensure_version(interview, "interview", expected_version)
    call_off_interview(interview, by=by)
    db.session.flush()  # the cancel first, its own change of the proposal (as before)
    if proposal.state == ProposalState.INTERVIEW:
        proposal.state = ProposalState.PROPOSED
        proposal.updated_at = utcnow()
        db.session.flush()
        _add_event(proposal, ProposalState.INTERVIEW, ProposalState.PROPOSED, by)
    return interview


def _planned_interview(proposal: Proposal) -> Interview:
    interview = proposal.open_interview
    if interview is None or proposal.state not in OPEN_STATES:
        raise NoInterview()
    return interview


def no_place_left(opportunity: Opportunity) -> bool:
    """Whether a hire would be refused (``OpportunityFilled``): the hires take every
    place, or the employer marked the opportunity filled, whoever filled it (as
    ``Opportunity.places_left`` counts). The answer page then offers none and says
    what is left (``vocab.answers_for(..., full=True)``). Read from the loaded row; a
    hire sent is checked again under a lock (``_ensure_place_left``)."""
    return opportunity.places_left <= 0


def _ensure_place_left(opportunity_id: int) -> None:
    """Raise ``OpportunityFilled`` when the opportunity is marked filled or its hires
    already take every place.

    Two users of the employer hiring at the same moment must not both take the last place:
    the opportunity's row is locked (``FOR NO KEY UPDATE`` on PostgreSQL, which still lets
    proposals referring to it be inserted) until this transaction ends, so hires of one
    opportunity are counted one after the other, each seeing the hires committed before.
    SQLite renders no lock: it runs one writing transaction at a time, and one that read
    before another's commit cannot write afterwards (``database is locked``).
    """
    places, status = db.session.execute(
        select(Opportunity.places, Opportunity.status).where(Opportunity.id == opportunity_id)
        .with_for_update(key_share=True)
    ).one()
    hired = db.session.scalar(
        select(func.count(Proposal.id)).where(Proposal.opportunity_id == opportunity_id,
                                              Proposal.state == ProposalState.HIRED)
    )
    if status == OpportunityStatus.FILLED or hired >= places:
        raise OpportunityFilled()


def withdraw_open_proposals(candidate: Candidate, *, by=None) -> int:
    """Withdraw the candidate's open proposals (their consent ended or they were
    erased) and tell each employer, without any personal detail. Returns how many."""
    open_ones = db.session.scalars(
        select(Proposal).where(Proposal.candidate_id == candidate.id,
                               Proposal.state.in_(OPEN_STATES))
    ).all()
    for proposal in open_ones:
        _withdraw(proposal, by)
    return len(open_ones)


def withdraw_proposal(proposal: Proposal, *, by, expected_version) -> Proposal:
    """Withdraw one open proposal (the candidate no longer wants it, or the coach put
    them forward by mistake); the employer is told, without any personal detail.
    ``AnswerNotAllowed`` once it is hired or declined, ``ProposalWithdrawn`` when it
    already is (whatever version the page had: withdrawn is what the person must hear);
    ``EditConflict`` when it changed since it was read."""
    if proposal.state == ProposalState.WITHDRAWN:
        raise ProposalWithdrawn()
    ensure_version(proposal, SUBJECT, expected_version)
    if proposal.state not in OPEN_STATES:
        raise AnswerNotAllowed()
    _withdraw(proposal, by)
    return proposal


def _withdraw(proposal: Proposal, by) -> None:
    before = proposal.state
    proposal.state = ProposalState.WITHDRAWN
    proposal.updated_at = utcnow()
    db.session.flush()
    _add_event(proposal, before, ProposalState.WITHDRAWN, by)
    _notify_employer(proposal.opportunity, "proposal_withdrawn", proposal=proposal)
    record_event("proposal_withdrawn", SUBJECT, proposal.id, {"from": before}, actor=by)


def close_for_enrolment(candidate: Candidate, opportunity: Opportunity, *, by) -> Proposal | None:
    """The candidate was enrolled in the try-out ``opportunity``: their proposal for it
    that still waits for an answer (one made before try-outs went by enrolment) is
    withdrawn, as the enrolment takes its place; returns it, or None when there is
    none. Nobody is mailed: the organiser sees the person among the enrolled, and the
    usual mail would tell them the person is no longer available. A proposal the
    employer already answered (an invitation) is theirs to finish and stays."""
    proposal = db.session.scalar(select(Proposal).where(
        Proposal.candidate_id == candidate.id, Proposal.opportunity_id == opportunity.id,
        Proposal.state == ProposalState.PROPOSED))
    if proposal is None:
        return None
    proposal.state = ProposalState.WITHDRAWN
    proposal.updated_at = utcnow()
    db.session.flush()
    _add_event(proposal, ProposalState.PROPOSED, ProposalState.WITHDRAWN, by)
    record_event("proposal_withdrawn", SUBJECT, proposal.id,
                 {"from": ProposalState.PROPOSED, "because": "enrolled"}, actor=by)
    return proposal


def erase_proposal_texts(candidate_id: int) -> None:
    """Empty what people wrote about the candidate in their proposals (erasure); the
    rows stay, anonymous, so that counts of proposals and hires stay right."""
    for proposal in db.session.scalars(
        select(Proposal).where(Proposal.candidate_id == candidate_id)
    ):
        proposal.motivation = None
        proposal.decline_note = None
    db.session.flush()


@participation_ended.connect
def _withdraw_when_participation_ends(candidate: Candidate, *, by=None, **_facts) -> None:
    """Consent withdrawn or erasure: the open proposals are withdrawn."""
    withdraw_open_proposals(candidate, by=by)


@candidate_erasing.connect
def _erase_texts_on_erasure(candidate: Candidate, **_facts) -> None:
    """Erasure: the proposals lose what people wrote about the candidate."""
    erase_proposal_texts(candidate.id)


def _add_event(proposal: Proposal, before: str | None, after: str, actor) -> None:
    """Record a change of state. Given its proposal, not appended to
    ``proposal.events``: an append loads the whole history first (a statement of every
    event with its actor and their organisation), while this way a history not loaded
    stays so and one loaded gets the event (the relationship's other side).
    Not flushed here: the next flush (the operation's own, or the commit's) writes it
    with the change of state, one flush less per change (each costs a save about
    0.4 ms)."""
    db.session.add(ProposalEvent(
        proposal=proposal, from_state=before, to_state=after,
        actor_id=getattr(actor, "id", None), at=utcnow(),
    ))


def employer_recipients(organisation_id: int) -> list[User]:
    """The active employer users of an organisation: who hears about its proposals."""
    return list(db.session.scalars(
        select(User).where(User.organisation_id == organisation_id, User.role == Role.EMPLOYER,
                           User.active.is_(True)).order_by(User.id)
    ))


def _notify_employer(opportunity: Opportunity, template: str, **context) -> None:
    link = public_url("proposals.inbox", opportunity_id=opportunity.id)
    for user in employer_recipients(opportunity.organisation_id):
        queue_templated_message(user.email, user.locale or "nl", template, user=user,
                                opportunity=opportunity, link=link, **context)

