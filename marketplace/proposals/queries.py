"""What each user may see of one proposal, and what a proposal is made for.

* A coach: the proposals they made. Another coach's proposal is a 404. The
  explanation for the candidate is also open to the candidate's own coach. A coach
  proposes a candidate for a published opportunity that takes proposals
  (``proposable_opportunities``); a try-out goes by enrolment (``published_tryout``).
* A partner organisation's API key: the proposals its coaches made.
* An employer: the proposals for their own organisation's opportunities (and such an
  opportunity as its inbox shows it), and of each candidate only what
  ``employer_views.EmployerView`` holds; never the candidate object itself.

The lists of proposals and their counts are ``list_queries.py``'s.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, lazyload, load_only, selectinload

from marketplace.accounts.permissions import PERMISSIONS, Permission
from marketplace.accounts.roles import ROLES_FOR_KIND, Role
from marketplace.candidates.models import Candidate
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.queries import only_columns
from marketplace.opportunities.vocab import SCHEDULE_COLUMNS, OpportunityStatus
from marketplace.proposals.list_queries import organisation_proposals
from marketplace.proposals.models import Proposal
from marketplace.proposals.vocab import KINDS_BY_ENROLMENT
from marketplace.web.numbers import bounded_int

#: The kinds of organisation whose users answer proposals (a role that holds
#: ``ANSWER_PROPOSALS``): employers and training providers. A sector federation's
#: users are analysts: a proposal for one of its try-outs (made before try-outs went
#: by enrolment) gets no answer.
ANSWERING_ORGANISATION_KINDS = frozenset(
    str(kind) for kind, roles in ROLES_FOR_KIND.items()
    if PERMISSIONS[Permission.ANSWER_PROPOSALS] & set(roles)
)


def own_proposal_or_404(proposal_id: int, coach) -> Proposal:
    """A proposal ``coach`` made (with its history), else 404."""
    proposal = db.session.scalar(
        select(Proposal).where(Proposal.id == proposal_id, Proposal.coach_id == coach.id)
        .options(selectinload(Proposal.events))
    )
    if proposal is None:
        abort(404)
    return proposal


def explainable_proposal_or_404(proposal_id: int, coach) -> Proposal:
    """A proposal ``coach`` made or of a candidate ``coach`` keeps, else 404."""
    proposal = db.session.scalar(
        select(Proposal).join(Candidate, Candidate.id == Proposal.candidate_id)
        .where(Proposal.id == proposal_id,
               (Proposal.coach_id == coach.id) | (Candidate.coach_id == coach.id))
    )
    if proposal is None:
        abort(404)
    return proposal


def proposable_opportunities() -> list[Opportunity]:
    """Published opportunities whose closing date has not passed, by title; no
    try-outs (they go by enrolment)."""
    return list(db.session.scalars(
        select(Opportunity)
        .where(Opportunity.status == OpportunityStatus.PUBLISHED,
               Opportunity.closes_on.is_(None) | (Opportunity.closes_on >= local_today()),
               Opportunity.kind.not_in(KINDS_BY_ENROLMENT))
        .order_by(Opportunity.title, Opportunity.id)
    ))


def published_tryout(opportunity_id) -> Opportunity | None:
    """The published try-out (or other kind that goes by enrolment) of the id a coach
    sent along, as text or a number; None for anything else (no such id, another
    kind, not published, not a number)."""
    number = bounded_int(opportunity_id)
    if number is None:
        return None
    return db.session.scalar(select(Opportunity).where(
        Opportunity.id == number, Opportunity.kind.in_(KINDS_BY_ENROLMENT),
        Opportunity.status == OpportunityStatus.PUBLISHED))


def organisation_proposal_or_404(proposal_id: int, organisation_id: int) -> Proposal:
    """A proposal one of ``organisation_id``'s coaches made, else 404."""
    proposal = db.session.scalar(
        organisation_proposals(organisation_id).where(Proposal.id == proposal_id))
    if proposal is None:
        abort(404)
    return proposal


def answerable_proposal_or_404(proposal_id: int, user) -> Proposal:
    """A proposal for one of ``user``'s organisation's opportunities, with its interviews
    (every page that answers shows or changes the open one) and its coach (whom every
    answer and change of an interview mails): joined, not a statement each."""
    proposal = db.session.scalars(_ANSWERABLE_PROPOSAL,
                                  {"proposal_id": proposal_id}).unique().first()
    _ensure_answerable(proposal, user)
    return proposal


#: The statement of ``answerable_proposal_or_404``, built once: the same SELECT as
#: ``db.session.get`` with these options, without building the options and their cache
#: key on every save.
_ANSWERABLE_PROPOSAL = (
    select(Proposal).where(Proposal.id == bindparam("proposal_id"))
    .options(joinedload(Proposal.interviews), joinedload(Proposal.coach))
)


#: What the answer page reads of the opportunity: its title and kind, its places and
#: hires (a full one offers no hire), and what the match marks rank it by
#: (``matching.pair_record``: its place is joined for that).
_SHOWN_OPPORTUNITY_COLUMNS = (
    Opportunity.id, Opportunity.organisation_id, Opportunity.ref, Opportunity.kind,
    Opportunity.title, Opportunity.places, Opportunity.hired_count, Opportunity.occupation_id,
    Opportunity.dutch_level, Opportunity.language_support, Opportunity.hours_per_week,
    Opportunity.starts_on,
    *(getattr(Opportunity, column) for column in SCHEDULE_COLUMNS.values()),
)

#: The statement of ``shown_proposal_or_404``, built once.
_SHOWN_PROPOSAL = (
    select(Proposal).where(Proposal.id == bindparam("proposal_id"))
    .options(
        # The page shows the candidate as the employer may see them, read as values
        # (``employer_views.answer_view``): the candidate object is never touched.
        lazyload(Proposal.candidate),
        joinedload(Proposal.opportunity).options(
            load_only(*_SHOWN_OPPORTUNITY_COLUMNS), lazyload(Opportunity.occupation),
            # The reader's own organisation (the check below): from the session, which
            # loaded it with the reader.
            lazyload(Opportunity.organisation)),
        joinedload(Proposal.interviews),
    )
)


def shown_proposal_or_404(proposal_id: int, user) -> Proposal:
    """``answerable_proposal_or_404`` for a page that only shows the proposal (the
    answer form as first opened): without the candidate, and of the opportunity only
    what the page reads (``_SHOWN_OPPORTUNITY_COLUMNS``), not its description, notes,
    occupation and computed counts other than the hires. A page that changes the
    proposal loads it whole: the operations and the mails read the candidate."""
    proposal = db.session.scalars(_SHOWN_PROPOSAL, {"proposal_id": proposal_id}).first()
    _ensure_answerable(proposal, user)
    return proposal


def _ensure_answerable(proposal: Proposal | None, user) -> None:
    """404 unless ``proposal`` is for one of ``user``'s organisation's opportunities
    and ``user`` is an employer."""
    if (
        proposal is None
        or user.role != Role.EMPLOYER
        or proposal.opportunity.organisation_id != user.organisation_id
    ):
        abort(404)


#: The statement of ``inbox_opportunity_or_404``, built once: building a select with its
#: load options, and its cache key, cost about 0.3 ms of every inbox.
_INBOX_OPPORTUNITY = (
    select(Opportunity)
    .where(Opportunity.id == bindparam("opportunity_id"),
           Opportunity.organisation_id == bindparam("organisation_id"))
    # The page shows the title and the places (the places left: the status and the
    # hires); its fill form sends the version.
    .options(*only_columns(Opportunity.id, Opportunity.organisation_id, Opportunity.title,
                           Opportunity.kind, Opportunity.status, Opportunity.places,
                           Opportunity.hired_count, Opportunity.version))
)


def inbox_opportunity_or_404(opportunity_id: int, user) -> Opportunity:
    """The opportunity of an inbox: one of ``user``'s organisation's, as
    ``managed_opportunity_or_404`` finds it for an employer (the only role that answers
    proposals), with the columns the inbox shows."""
    if user.role != Role.EMPLOYER:
        abort(404)
    return db.session.scalars(_INBOX_OPPORTUNITY, {
        "opportunity_id": opportunity_id, "organisation_id": user.organisation_id,
    }).one_or_none() or abort(404)


