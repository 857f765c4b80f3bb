"""Blind trust in the ranking: how far down the suggestion lists coaches look.

Three figures per period, for admins (exact counts, every coach together):

* **Where proposals come from** (:func:`proposal_origins`): the proposals made during
  the period (``proposal.created_at``) by the rank of the suggestion they were made
  from (``proposal.suggestion_entry_id``): the top one, ranks 2-3, 4-10, below 10; a
  suggestion of an *unranked* list (the ranking was switched off or fell back, so its
  place says nothing about the ranking); and proposals not made from a suggestion (the
  proposal form on its own, or a list that was deleted since). If nearly every
  proposal comes from rank 1, coaches may follow the order without looking further.
* **Where try-out enrolments come from** (:func:`enrolment_origins`): the same for the
  enrolments made during the period (``tryout_enrolment.created_at``, by the coach who
  enrolled), by ``tryout_enrolment.suggestion_entry_id``. A try-out goes by enrolment,
  never by proposal, so acting on a try-out's suggestion is an enrolment. They are
  counted apart, so the proposals' figures keep their meaning. Cancelled enrolments
  count, as withdrawn proposals do: the coach acted on the suggestion. An enrolment
  cancelled and made again is one row: it counts once, at its latest enrolment and
  from where that was made (enrolments from before migration 0037 were
  never linked: "not from a suggestion").
* **Top suggestion set aside** (:func:`top_dismissals`): of the ranked lists shown
  during the period that had a top suggestion, how many had that top entry dismissed
  from that list (also when it was brought back later: the coach did disagree with the
  ranking then). Every showing of a suggestion page is a list, so a page opened again
  counts again.

Each is one query: the origins a ``GROUP BY`` over a subquery that gives every
proposal (enrolment) its origin (grouping by the subquery's column, not by a ``CASE``
with bound parameters, which PostgreSQL would not recognise as the same expression).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, func, literal, select

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.insights.queries import InsightFilters
from marketplace.proposals.models import Proposal
from marketplace.suggestions.models import SuggestionDismissal, SuggestionEntry, SuggestionList
from marketplace.tryouts.models import TryoutEnrolment

#: Where a proposal (an enrolment) came from, in the order of the table.
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
class Origins:
    """Proposals (or enrolments) of a period, counted per origin (:data:`ORIGINS`)."""

    total: int
    counts: dict[str, int]

    def shares(self) -> list[tuple[str, Share]]:
        return [(origin, Share(self.counts.get(origin, 0), self.total)) for origin in ORIGINS]


def proposal_origins(filters: InsightFilters, organisation_id: int | None = None) -> Origins:
    """The proposals made during the period, counted per origin (:data:`ORIGINS`); of
    the coaches of one partner organisation when ``organisation_id`` is given."""
    return _origins(Proposal, Proposal.coach_id, filters, organisation_id)


def enrolment_origins(filters: InsightFilters, organisation_id: int | None = None) -> Origins:
    """The try-out enrolments made during the period, counted per origin
    (:data:`ORIGINS`); of the coaches of one partner organisation when
    ``organisation_id`` is given."""
    return _origins(TryoutEnrolment, TryoutEnrolment.enrolled_by_id, filters, organisation_id)


def _origins(model: type[Proposal] | type[TryoutEnrolment], coach_id,
             filters: InsightFilters, organisation_id: int | None) -> Origins:
    """The rows of ``model`` (both have ``suggestion_entry_id`` and ``created_at``) made
    during the period, counted per origin; of the coaches (``coach_id``) of one
    organisation when ``organisation_id`` is given."""
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
        .select_from(model)
        .outerjoin(SuggestionEntry, SuggestionEntry.id == model.suggestion_entry_id)
        .outerjoin(SuggestionList, SuggestionList.id == SuggestionEntry.list_id)
        .where(model.created_at.between(filters.start_moment, filters.end_moment))
    )
    if organisation_id is not None:
        origins = origins.join(User, User.id == coach_id).where(
            User.organisation_id == organisation_id
        )
    origins = origins.subquery()
    counts = dict(
        db.session.execute(
            select(origins.c.origin, func.count()).group_by(origins.c.origin)
        ).all()
    )
    return Origins(total=sum(counts.values()), counts=counts)


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
