"""The fixed vocabularies of proposals (pure Python; labels in ``web/labels.py``)."""

from __future__ import annotations

import enum

from marketplace.opportunities.vocab import OpportunityStatus


class ProposalState(enum.StrEnum):
    """Where a proposal stands. ``proposed``, ``interview`` and ``waiting_list`` are
    still open. For a training course ``hired`` reads "accepted" (the same step: the
    person takes a place)."""

    PROPOSED = "proposed"
    INTERVIEW = "interview"
    HIRED = "hired"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    #: A training provider has no place yet but keeps the person in line for one.
    WAITING_LIST = "waiting_list"


#: The order a list names states in, whatever order the database counted them in: the
#: open ones first, as a proposal moves on, then how it ended.
LISTED_ORDER = (ProposalState.PROPOSED, ProposalState.WAITING_LIST, ProposalState.INTERVIEW,
                ProposalState.HIRED, ProposalState.DECLINED, ProposalState.WITHDRAWN)

OPEN_STATES = frozenset({ProposalState.PROPOSED, ProposalState.INTERVIEW,
                         ProposalState.WAITING_LIST})
"""States in which the employer can still answer and the coach can still withdraw."""

#: Statuses of an opportunity that no longer takes anyone.
ENDED_OPPORTUNITY = frozenset({OpportunityStatus.FILLED, OpportunityStatus.CLOSED})


def ended_status(state: str, opportunity_status: str) -> str | None:
    """The opportunity's status when a proposal still open (``state``) waits for an
    opportunity that was filled or closed since; else None.

    >>> ended_status("proposed", "filled"), ended_status("hired", "filled")
    ('filled', None)
    """
    if state in OPEN_STATES and opportunity_status in ENDED_OPPORTUNITY:
        return str(opportunity_status)
    return None


COUNTED_AS_PROPOSED = OPEN_STATES | {ProposalState.HIRED}
"""States in which the candidate counts as proposed at the opportunity: the ranking
leaves them out of its suggestions for it (a declined or withdrawn proposal does not
count)."""


class Placement(enum.StrEnum):
    """Whether the candidate of a proposal is placed now, as seen from that proposal.
    this_opportunity: hired for this opportunity, and that placement stands.
    same_employer: the proposal is still open, and the same employer hired the
    candidate for another of its opportunities. elsewhere: the proposal is still open,
    and the candidate was placed in another way (who placed them is never said).
    none: the candidate is not placed, their coach undid the placement, or the
    proposal is declined or withdrawn."""

    NONE = "none"
    THIS_OPPORTUNITY = "this_opportunity"
    SAME_EMPLOYER = "same_employer"
    ELSEWHERE = "elsewhere"


class DeclineReason(enum.StrEnum):
    """Why an employer declined a proposed candidate (the short list of the form)."""

    PROFILE = "profile"
    LANGUAGE = "language"
    AVAILABILITY = "availability"
    PLACE_FILLED = "place_filled"
    NO_SHOW = "no_show"
    OTHER = "other"


#: Reasons that tell the coach nothing on their own: a decline with one of them needs
#: the employer's note (the answer form and the partner API both ask for it).
REASONS_NEEDING_A_NOTE = frozenset({DeclineReason.OTHER})


def decline_lacks_note(reason: str | None, note: str | None) -> bool:
    """Whether a decline for ``reason`` comes without the note that reason needs
    (a note of only spaces is none).

    >>> decline_lacks_note("other", " "), decline_lacks_note("other", "Te laat.")
    (True, False)
    >>> decline_lacks_note("language", None)
    False
    """
    return reason in REASONS_NEEDING_A_NOTE and not (note or "").strip()


class EmployerAnswer(enum.StrEnum):
    """What the employer's answer form offers."""

    INVITE = "invite"
    HIRE = "hire"
    DECLINE = "decline"
    WAITING_LIST = "waiting_list"


#: The answers each kind of opportunity offers, in the form's order; a kind not named
#: here offers :data:`USUAL_ANSWERS`. A training provider accepts (``hire``), puts on
#: the waiting list or declines; an intake talk is agreed outside Werkbrug. The organiser
#: of a try-out (an old proposal: try-outs go by enrolment now) lets the person take part
#: or declines: a try-out has no interview. An old try-out proposal already invited
#: keeps its state, and is answered from it with a hire or a decline.
USUAL_ANSWERS = (EmployerAnswer.INVITE, EmployerAnswer.HIRE, EmployerAnswer.DECLINE)
ANSWERS_FOR_KIND: dict[str, tuple[EmployerAnswer, ...]] = {
    "training": (EmployerAnswer.HIRE, EmployerAnswer.WAITING_LIST, EmployerAnswer.DECLINE),
    "tryout": (EmployerAnswer.HIRE, EmployerAnswer.DECLINE),
}

#: Kinds of opportunity a coach joins a candidate to by enrolment (``tryouts/``), never
#: by proposal, whoever organises them: a try-out has seats, a waiting list and an
#: attendance, not an employer's answer (a sector federation, which organises
#: try-outs too, has nobody who answers proposals).
KINDS_BY_ENROLMENT = frozenset({"tryout"})


def goes_by_enrolment(kind: str | None) -> bool:
    """Whether an opportunity of ``kind`` is joined by enrolment, not by proposal.

    >>> goes_by_enrolment("tryout"), goes_by_enrolment("job")
    (True, False)
    """
    return kind in KINDS_BY_ENROLMENT


#: Kinds whose "hire" does not place the candidate: someone accepted on a training
#: course stays active (looking for work, a step closer to it), and so does someone
#: the organiser lets take part in a try-out (an old proposal for one: a try-out is a
#: day of trying, not work).
KINDS_WITHOUT_PLACEMENT = frozenset({"training", "tryout"})

#: The transition table of the answers: which answers each open state allows.
#: A hire or decline is final; from the waiting list the provider accepts or declines.
ANSWERS_FROM_STATE: dict[ProposalState, frozenset[EmployerAnswer]] = {
    ProposalState.PROPOSED: frozenset(EmployerAnswer),
    ProposalState.INTERVIEW: frozenset(EmployerAnswer),
    ProposalState.WAITING_LIST: frozenset({EmployerAnswer.HIRE, EmployerAnswer.DECLINE}),
}


def answers_for(kind: str, state: str | None = None, *,
                full: bool = False) -> tuple[EmployerAnswer, ...]:
    """The answers an opportunity of ``kind`` offers, and of those the ones a proposal
    in ``state`` still allows (all of the kind's when ``state`` is None); without the
    hire when every place is ``full`` (the operation refuses it: ``OpportunityFilled``).

    >>> [str(a) for a in answers_for("training", "waiting_list")]
    ['hire', 'decline']
    >>> [str(a) for a in answers_for("job", "proposed")]
    ['invite', 'hire', 'decline']
    >>> [str(a) for a in answers_for("tryout", "interview")]
    ['hire', 'decline']
    >>> [str(a) for a in answers_for("job", "interview", full=True)]
    ['invite', 'decline']
    """
    offered = ANSWERS_FOR_KIND.get(kind, USUAL_ANSWERS)
    if full:
        offered = tuple(answer for answer in offered if answer != EmployerAnswer.HIRE)
    if state is None:
        return offered
    allowed = ANSWERS_FROM_STATE.get(state, frozenset())
    return tuple(answer for answer in offered if answer in allowed)
