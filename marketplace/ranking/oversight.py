"""Blind trust in the ranking: how far down the suggestion lists coaches look.

Two figures per period, for admins (exact counts, every coach together):

* **Where proposals come from** (:func:`proposal_origins`): the proposals made during
  the period (``proposal.created_at``) by the rank of the suggestion they were made
  from (``proposal.suggestion_entry_id``): the top one, ranks 2-3, 4-10, below 10; a
  suggestion of an *unranked* list (the ranking was switched off or fell back, so its
  place says nothing about the ranking); and proposals not made from a suggestion (the
  proposal form on its own, or a list that was deleted since). If nearly every
  proposal comes from rank 1, coaches may follow the order without looking further.
* **Top suggestion set aside** (:func:`top_dismissals`): of the ranked lists shown
  during the period that had a top suggestion, how many had that top entry dismissed
  from that list (also when it was brought back later: the coach did disagree with the
  ranking then). Every showing of a suggestion page is a list, so a page opened again
  counts again.

Each is one query: the origins a ``GROUP BY`` over a subquery that gives every
proposal its origin (grouping by the subquery's column, not by a ``CASE`` with bound
parameters, which PostgreSQL would not recognise as the same expression).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, func, literal, select

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.insights.queries import InsightFilters
from marketplace.proposals.models import Proposal
from marketplace.suggestions.models import SuggestionDismissal, SuggestionEntry, SuggestionList

#: Where a proposal came from, in the order of the table.
ORIGINS: tuple[str, ...] = (
    "rank_1",
    "rank_2_3",
    "rank_4_10",
    "below_10",
    "unranked",
    "not_suggested",
)


@dataclass(frozen=True)
class Share:
    """A count and its part of a total (None when the total is 0)."""

    count: int
    total: int

    @property
    def share(self) -> float | None:
        return self.count / self.total if self.total else None


@dataclass(frozen=True)
class ProposalOrigins:
    total: int
    counts: dict[str, int]

    def shares(self) -> list[tuple[str, Share]]:
        return [(origin, Share(self.counts.get(origin, 0), self.total)) for origin in ORIGINS]


def proposal_origins(
    filters: InsightFilters, organisation_id: int | None = None
) -> ProposalOrigins:
    """The proposals made during the period, counted per origin (:data:`ORIGINS`); of
    the coaches of one partner organisation when ``organisation_id`` is given."""
    rank = SuggestionEntry.rank
    origin = case(
        (SuggestionEntry.id.is_(None), literal("not_suggested")),
        (SuggestionList.ranked.is_(False), literal("unranked")),
        (rank == 1, literal("rank_1")),
        (rank <= 3, literal("rank_2_3")),
        (rank <= 10, literal("rank_4_10")),
        else_=literal("below_10"),
    ).label("origin")
    origins = (
        select(origin)
        .select_from(Proposal)
        .outerjoin(SuggestionEntry, SuggestionEntry.id == Proposal.suggestion_entry_id)
        .outerjoin(SuggestionList, SuggestionList.id == SuggestionEntry.list_id)
        .where(Proposal.created_at.between(filters.start_moment, filters.end_moment))
    )
    if organisation_id is not None:
        origins = origins.join(User, User.id == Proposal.coach_id).where(
            User.organisation_id == organisation_id
        )
    origins = origins.subquery()
    counts = dict(
        db.session.execute(
            select(origins.c.origin, func.count()).group_by(origins.c.origin)
        ).all()
    )
    return ProposalOrigins(total=sum(counts.values()), counts=counts)


def top_dismissals(filters: InsightFilters, organisation_id: int | None = None) -> Share:
    """Ranked lists shown during the period with a top entry, and how many of those
    had their top entry dismissed from that list; of the coaches of one partner
    organisation when ``organisation_id`` is given."""
    dismissed_entries = (
        select(SuggestionDismissal.entry_id)
        .where(SuggestionDismissal.entry_id.is_not(None))
        .group_by(SuggestionDismissal.entry_id)
        .subquery()
    )
    query = (
        select(func.count(SuggestionList.id), func.count(dismissed_entries.c.entry_id))
        .join(
            SuggestionEntry,
            and_(SuggestionEntry.list_id == SuggestionList.id, SuggestionEntry.rank == 1),
        )
        .outerjoin(dismissed_entries, dismissed_entries.c.entry_id == SuggestionEntry.id)
        .where(
            SuggestionList.ranked.is_(True),
            SuggestionList.shown_at.between(filters.start_moment, filters.end_moment),
        )
    )
    if organisation_id is not None:
        query = query.join(User, User.id == SuggestionList.coach_id).where(
            User.organisation_id == organisation_id
        )
    lists, dismissed = db.session.execute(query).one()
    return Share(count=dismissed, total=lists)
