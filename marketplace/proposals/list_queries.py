"""The lists of proposals and their counts, each scoped to its reader: the proposals a
coach made, a candidate's (on their profile), the ones a partner organisation's coaches
made (its API key), the ones an employer received, those that wait for the employer's
answer (the home page's oldest, the menu's count) and how many each of an employer's
opportunities has in each state. One proposal, opened by its id (another's is a 404),
is ``queries.py``'s.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import ColumnElement, Integer, Select, bindparam, case, func, select
from sqlalchemy.orm import joinedload, selectinload

from marketplace.accounts.models import Organisation, User
from marketplace.candidates.models import Candidate
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.db_types import AmongIds
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.proposals.models import Proposal, hired_by_organisation
from marketplace.proposals.vocab import (
    LISTED_ORDER,
    OPEN_STATES,
    ProposalState,
    ended_status,
)


def coach_proposals(coach) -> Select:
    """The proposals ``coach`` made, newest first, with their history."""
    return (
        select(Proposal)
        .where(Proposal.coach_id == coach.id)
        .options(selectinload(Proposal.events))
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())
    )


@dataclass(frozen=True)
class CandidateProposalLine:
    """One proposal of a candidate, as their profile lists it."""

    id: int
    coach_id: int
    title: str
    organisation: str
    state: str
    kind: str
    created_at: datetime
    #: ``Proposal.placed_elsewhere``: still open, but the candidate is placed.
    placed_elsewhere: bool
    #: ``Proposal.opportunity_ended``: still open, but the opportunity filled or closed.
    opportunity_ended: str | None
    #: ``Proposal.placed_by_same_employer``: placed through another opportunity of the
    #: same organisation.
    placed_by_same_employer: bool = False


def candidate_proposals(candidate: Candidate) -> list[CandidateProposalLine]:
    """Every proposal of one candidate (by any coach who kept them), newest first.

    For the candidate's profile, which holds the candidate already and shows of each
    opportunity its title, kind and organisation: those values only, not the proposals
    with the opportunities' and organisations' whole rows (some eighty columns to
    describe on every profile, most of which have no proposal at all)."""
    placed = candidate.status == CandidateStatus.PLACED
    return [
        CandidateProposalLine(*row[:-2], placed_elsewhere=placed and row.state in OPEN_STATES,
                              opportunity_ended=ended_status(row.state, row.status),
                              placed_by_same_employer=placed and bool(row.hired_here))
        for row in db.session.execute(_candidate_proposals_select(),
                                      {"candidate_id": candidate.id})
    ]


@cache
def _candidate_proposals_select() -> Select:
    """The statement of ``candidate_proposals`` for the bound ``candidate_id``, built
    once per process."""
    # Whether the organisation hired them elsewhere in its own house: asked of the
    # open proposals only (the others carry no mark).
    hired_here = case((Proposal.state.in_(OPEN_STATES),
                       hired_by_organisation(Proposal.candidate_id,
                                             Opportunity.organisation_id)),
                      else_=False)
    return (
        select(Proposal.id, Proposal.coach_id, Opportunity.title, Organisation.name,
               Proposal.state, Opportunity.kind, Proposal.created_at, Opportunity.status,
               hired_here.label("hired_here"))
        .join(Opportunity, Opportunity.id == Proposal.opportunity_id)
        .join(Organisation, Organisation.id == Opportunity.organisation_id)
        .where(Proposal.candidate_id == bindparam("candidate_id", type_=Integer))
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())
    )


def organisation_proposals(organisation_id: int) -> Select:
    """The proposals the coaches of ``organisation_id`` made (what a partner's API key
    follows), with their history."""
    return (
        select(Proposal)
        .join(User, User.id == Proposal.coach_id)
        .where(User.organisation_id == organisation_id)
        .options(selectinload(Proposal.events))
    )


def received_proposals(organisation_id: int) -> Select:
    """The proposals for ``organisation_id``'s opportunities, with what
    ``employer_view`` reads of each candidate loaded in one statement per list (the API
    pages through them as objects; the site's inbox reads rows, ``employer_views.inbox``)."""
    candidate = joinedload(Proposal.candidate, innerjoin=True)
    return (
        select(Proposal)
        .join(Opportunity, Opportunity.id == Proposal.opportunity_id)
        .where(Opportunity.organisation_id == organisation_id)
        .options(candidate.selectinload(Candidate.languages),
                 candidate.selectinload(Candidate.experiences),
                 candidate.selectinload(Candidate.skills),
                 selectinload(Proposal.coach))
    )


def _waiting(statement: Select, organisation_id: int) -> Select:
    """``statement`` kept to the proposals that wait for ``organisation_id``'s answer."""
    return (statement.join(Opportunity, Opportunity.id == Proposal.opportunity_id)
            .where(Opportunity.organisation_id == organisation_id,
                   Proposal.state == ProposalState.PROPOSED))


def waiting_for_answer(organisation_id: int) -> Select:
    """The proposals for ``organisation_id``'s opportunities that wait for the
    employer's answer (state "proposed"), oldest first: what waits longest comes first."""
    return (
        _waiting(select(Proposal), organisation_id)
        .order_by(Proposal.created_at, Proposal.id)
        # Each neighbour in a statement of its own: joined, with their own joined
        # neighbours, PostgreSQL spent 25 ms planning a join of a dozen tables.
        .options(selectinload(Proposal.candidate), selectinload(Proposal.opportunity),
                 selectinload(Proposal.coach))
    )


@dataclass(frozen=True)
class WaitingRow:
    """One line of the employer's home: who waits for an answer, for what, since when."""

    id: int
    created_at: datetime
    pseudonym: str | None
    title: str
    #: The candidate was placed meanwhile (``Proposal.placed_elsewhere``: a waiting
    #: proposal is always open, so the candidate's status says it).
    placed_elsewhere: bool
    #: ``Proposal.placed_by_same_employer``: by this organisation's own hire.
    placed_by_same_employer: bool = False


def oldest_waiting(organisation_id: int, limit: int) -> tuple[list[WaitingRow], int]:
    """``(rows, waiting)``: the first ``limit`` of ``waiting_for_answer`` as the five
    columns the home page shows (not three objects with their neighbours per line), and
    ``waiting_count``, in one statement (``_OLDEST_WAITING``)."""
    rows = db.session.execute(_OLDEST_WAITING,
                              {"organisation_id": organisation_id, "limit": limit}).all()
    return ([WaitingRow(id_, created_at, pseudonym, title, status == CandidateStatus.PLACED,
                        bool(here))
             for id_, created_at, pseudonym, status, title, here, _waiting in rows],
            rows[0][-1] if rows else 0)


def waiting_count_select(organisation_id: int) -> Select:
    """The count of ``waiting_count``: the organisation's opportunity ids first, then
    their waiting proposals by index (``AmongIds``; as a join, PostgreSQL misjudged it).
    ``count(*)``, not of the ids: the (opportunity, state) index then answers it alone
    where the table's pages are all visible, without reading each proposal's row."""
    own = select(Opportunity.id).where(Opportunity.organisation_id == organisation_id)
    return (select(func.count())
            .where(AmongIds(Proposal.opportunity_id, own),
                   Proposal.state == ProposalState.PROPOSED))


#: ``waiting_count_select`` of the organisation ``organisation_id``, built once: building
#: a select and its cache key costs about 0.1 ms of each request that sends it.
_WAITING_COUNT = waiting_count_select(bindparam("organisation_id"))


def _oldest_waiting_select() -> Select:
    """The statement of ``oldest_waiting`` for the bound ``organisation_id`` and
    ``limit``. The oldest ``limit`` proposals are chosen first and only they are joined
    to their candidate and opportunity: joined before the limit, PostgreSQL read every
    waiting proposal's candidate (4-7 ms, and up to 10 ms planning on stale
    statistics)."""
    oldest = (
        _WAITING_COUNT
        .with_only_columns(Proposal.id, Proposal.created_at, Proposal.candidate_id,
                           Proposal.opportunity_id, func.count().over().label("waiting"))
        .order_by(Proposal.created_at, Proposal.id)
        .limit(bindparam("limit", type_=Integer))
        .subquery()
    )
    # Proposal.placed_by_same_employer, asked only where the candidate is placed.
    hired_here = case((Candidate.status == CandidateStatus.PLACED,
                       hired_by_organisation(oldest.c.candidate_id,
                                             bindparam("organisation_id"))),
                      else_=False)
    return (
        select(oldest.c.id, oldest.c.created_at, Candidate.pseudonym, Candidate.status,
               Opportunity.title, hired_here, oldest.c.waiting)
        .join(Candidate, Candidate.id == oldest.c.candidate_id)
        .join(Opportunity, Opportunity.id == oldest.c.opportunity_id)
        .order_by(oldest.c.created_at, oldest.c.id)
    )


#: Built once: with its subquery, two aliases and the case, building it took about a
#: third of the CPU of the employer's home page.
_OLDEST_WAITING = _oldest_waiting_select()


def waiting_count(organisation_id: int) -> int:
    """How many proposals wait for ``organisation_id``'s answer (the menu's count, on
    every page of an employer)."""
    return db.session.scalar(_WAITING_COUNT, {"organisation_id": organisation_id}) or 0


def states_of(opportunity_id) -> ColumnElement[str | None]:
    """SQL: the states of the proposals for the opportunity ``opportunity_id`` (a column
    of the statement it goes in), one per proposal, joined by commas (NULL without
    any): a column of the employer's list, counted by ``counted_states``."""
    return (select(func.aggregate_strings(Proposal.state, ","))
            .where(Proposal.opportunity_id == opportunity_id).scalar_subquery())


def waiting_count_column() -> ColumnElement[int]:
    """SQL: ``waiting_count`` of the bound ``organisation_id``, as a column of another
    statement (the employer's list: the menu's count then needs none of its own)."""
    return _WAITING_COUNT.scalar_subquery()


def counted_states(states: str | None) -> dict[str, int]:
    """How many proposals there are in each state of ``states`` (``states_of``), in
    ``LISTED_ORDER``, not in the order the database happened to give them."""
    if not states:
        return {}
    counts = Counter(states.split(","))
    return {state: counts[state] for state in sorted(counts, key=_listed_place)}


_LISTED_PLACE = {state: place for place, state in enumerate(LISTED_ORDER)}


def _listed_place(state: str) -> int:
    return _LISTED_PLACE.get(state, len(_LISTED_PLACE))
