"""Proposals: a coach puts a candidate forward for an opportunity; the employer answers.

* ``proposal``: one per candidate and opportunity (a unique constraint, so that two
  coaches proposing the same person at the same moment end with one row). It records
  who proposed, the motivation for the employer, the date on which the candidate
  agreed to be put forward to this employer, the state, the interview date and the
  reason of a decline. ``version`` guards against two answers to one opened form.
  ``suggestion_entry_id`` links it to the suggestion (and rank) it was proposed from.
  ``ref`` is its stable key in the interchange format (``marketplace/refs.py``), so
  a partner's history imported twice lands on the same rows.
* ``proposal_event``: every change of state, with who made it and when (the history
  the coach follows).
* ``interview``: the employer's invitation to an interview: when (stored in UTC, shown
  and sent in Brussels time), where (an address or an online link, exactly one), and
  whom to contact. ``uid`` names it in calendars; ``sequence`` grows with each change
  so calendars replace the old entry; a cancelled interview keeps its row
  (``cancelled_at``) so its calendar entry can be taken back and its history read.
  ``Proposal.interview_on`` keeps the Belgian day of the open interview, for the
  pages and reports that read it.
* ``proposal.placement_undone_at``: on a hire, when the candidate's coach undid the
  placement it made. The hire stays a hire (the outcomes count it), but it no longer
  places the candidate with that employer (``hired_by_organisation``).

Proposals change which candidates the ranking leaves out of an opportunity
(``already_proposed``), so they stamp the ``opportunities`` data version. Hires count
against an opportunity's places: ``Opportunity.hired_count`` is defined here, because
the opportunities package cannot import this one.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ColumnElement,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    exists,
    func,
    select,
)
from sqlalchemy.orm import Mapped, aliased, column_property, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.candidates.models import Candidate
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.db_types import UTCDateTime, sql_in, utcnow
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.proposals.vocab import (
    COUNTED_AS_PROPOSED,
    KINDS_WITHOUT_PLACEMENT,
    OPEN_STATES,
    DeclineReason,
    Placement,
    ProposalState,
    ended_status,
)
from marketplace.refs import ref_default
from marketplace.suggestions.models import SuggestionEntry


class Proposal(db.Model):
    __data_version__ = "opportunities"  # already_proposed() feeds the cached table
    __data_version_key__ = "opportunity_id"
    #: The caches of the stamp (the ranking's opportunity table, the dashboards' count
    #: of proposals) read which candidate counts as proposed where, nothing else: an
    #: invitation, a note or a move to the waiting list leaves the stamp alone.
    __data_version_ignores__ = frozenset(
        {"motivation", "candidate_agreed_on", "interview_on", "decline_reason",
         "decline_note", "created_at", "updated_at", "version", "suggestion_entry_id",
         "placement_undone_at"}
    )
    __data_version_reads__ = {"state": lambda state: state in COUNTED_AS_PROPOSED}
    __tablename__ = "proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The stable key in the interchange format (see ``marketplace/refs.py``).
    ref: Mapped[str] = mapped_column(
        String(100), nullable=False, unique=True, default=ref_default("proposal")
    )
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunity.id", ondelete="RESTRICT"), nullable=False
    )
    coach_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    #: Written by the coach for the employer; emptied when the candidate is erased.
    motivation: Mapped[str | None] = mapped_column(Text)
    #: The day the candidate agreed to be put forward to this employer (the coach confirms).
    candidate_agreed_on: Mapped[date] = mapped_column(Date, nullable=False)
    state: Mapped[str] = mapped_column(String(12), nullable=False, default=ProposalState.PROPOSED)
    interview_on: Mapped[date | None] = mapped_column(Date)
    decline_reason: Mapped[str | None] = mapped_column(String(20))
    #: The employer's own words about a decline; emptied when the candidate is erased.
    decline_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    #: The suggestion (so the rank) from which the coach proposed; None when proposed
    #: from the candidate's profile.
    suggestion_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("suggestion_entry.id", ondelete="SET NULL")
    )
    #: A hire whose placement the coach undid (``hire_steps``): when. Still a hire.
    placement_undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    candidate = relationship(Candidate, lazy="joined", innerjoin=True)
    opportunity = relationship(Opportunity, lazy="joined", innerjoin=True)
    # Mostly the reader or a colleague already loaded: read from the identity map rather
    # than joined (with its organisation) into every proposal query.
    coach = relationship(User, foreign_keys=[coach_id])
    suggestion_entry = relationship(SuggestionEntry)
    events: Mapped[list[ProposalEvent]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ProposalEvent.id",
    )
    interviews: Mapped[list[Interview]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Interview.id",
    )

    @property
    def open_interview(self) -> Interview | None:
        """The interview that is planned and not cancelled, if any."""
        return next((i for i in reversed(self.interviews) if i.cancelled_at is None), None)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint(
            "candidate_id", "opportunity_id", name="uq_proposal_candidate_opportunity"
        ),
        CheckConstraint(sql_in("state", ProposalState), name="state"),
        CheckConstraint(
            f"decline_reason IS NULL OR (state = 'declined' AND "
            f"{sql_in('decline_reason', DeclineReason)})",
            name="decline_reason",
        ),
        CheckConstraint("placement_undone_at IS NULL OR state = 'hired'",
                        name="placement_undone_of_a_hire"),
        Index("ix_proposal_opportunity_state", "opportunity_id", "state"),
    )

    @property
    def placed_elsewhere(self) -> bool:
        """Still open, but the candidate is placed (hired for another opportunity, or
        so marked by their coach): the employer and the coach see it marked."""
        return self.state in OPEN_STATES and self.candidate.status == CandidateStatus.PLACED

    @property
    def placed_by_same_employer(self) -> bool:
        """``placed_elsewhere``, and this opportunity's organisation itself hired the
        candidate for another of its opportunities: the mark says "placed with you",
        not "elsewhere" (``hired_by_organisation``). Read only for a placed candidate."""
        return self.placed_elsewhere and self.candidate_hired_here

    @property
    def placement(self) -> Placement:
        """``Placement`` (the API's ``placement``): the candidate's placement as it
        stands, seen from this proposal. ``placed_elsewhere`` is ``same_employer`` or
        ``elsewhere``; a hire is ``this_opportunity`` while it places the candidate
        (a kind that places, not undone, the candidate still placed)."""
        if self.candidate.status != CandidateStatus.PLACED:
            return Placement.NONE
        if self.state == ProposalState.HIRED:
            stands = (self.placement_undone_at is None
                      and self.opportunity.kind not in KINDS_WITHOUT_PLACEMENT)
            return Placement.THIS_OPPORTUNITY if stands else Placement.NONE
        if not self.placed_elsewhere:
            return Placement.NONE
        return Placement.SAME_EMPLOYER if self.candidate_hired_here else Placement.ELSEWHERE

    @property
    def opportunity_ended(self) -> str | None:
        """Still open, but the opportunity was filled or closed since (its status), else
        None: the coach sees it marked, and may withdraw the proposal."""
        return ended_status(self.state, self.opportunity.status)

    def __repr__(self) -> str:  # never the motivation: reprs end up in logs
        return f"<Proposal {self.id} {self.state}>"


class ProposalEvent(db.Model):
    """One change of a proposal's state: from what, to what, by whom, when."""

    __tablename__ = "proposal_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), nullable=False, index=True
    )
    from_state: Mapped[str | None] = mapped_column(String(12))
    to_state: Mapped[str] = mapped_column(String(12), nullable=False)
    #: None when the system made the change (consent withdrawn, erasure).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="events")
    actor = relationship(User, lazy="joined")

    __table_args__ = (
        CheckConstraint(sql_in("to_state", ProposalState), name="to_state"),
        CheckConstraint(
            f"from_state IS NULL OR {sql_in('from_state', ProposalState)}", name="from_state"
        ),
    )


class Interview(db.Model):
    """An interview the employer planned for a proposal (module docstring)."""

    __tablename__ = "interview"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: The calendar's name for this interview; the same in every update and the cancel.
    uid: Mapped[str] = mapped_column(String(120), nullable=False, unique=True)
    #: 0 for the invitation, one more for each change and for the cancel.
    sequence: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    #: The address, for an interview on the spot.
    place: Mapped[str | None] = mapped_column(String(300))
    #: The link (http or https), for an online interview.
    online_url: Mapped[str | None] = mapped_column(String(500))
    contact_name: Mapped[str] = mapped_column(String(200), nullable=False)
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    proposal: Mapped[Proposal] = relationship(back_populates="interviews")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("(place IS NULL) <> (online_url IS NULL)", name="place_or_online"),
        CheckConstraint("contact_phone IS NOT NULL OR contact_email IS NOT NULL",
                        name="contact_reachable"),
        CheckConstraint("sequence >= 0", name="sequence"),
    )

    @property
    def online(self) -> bool:
        return self.online_url is not None

    def __repr__(self) -> str:
        return f"<Interview {self.id} of proposal {self.proposal_id}>"


# Hires count against places. A column of the opportunity computed by the database, so
# lists of many opportunities need no query per row; ``places_left`` reads it.
Opportunity.hired_count = column_property(
    select(func.count(Proposal.id))
    .where(Proposal.opportunity_id == Opportunity.id, Proposal.state == ProposalState.HIRED)
    .correlate_except(Proposal)
    .scalar_subquery()
)


def hired_by_organisation(candidate_id, organisation_id) -> ColumnElement[bool]:
    """SQL: whether the candidate ``candidate_id`` was hired for an opportunity of the
    organisation ``organisation_id`` whose hire places them (not a course or a try-out:
    ``vocab.KINDS_WITHOUT_PLACEMENT``) and whose placement was not undone since
    (``Proposal.placement_undone_at``). Their other open proposals at that organisation
    then read "placed with you", not "placed elsewhere". Both arguments are columns of
    the statement it goes in (or values)."""
    hire, hired_for = aliased(Proposal), aliased(Opportunity)
    return exists().where(
        hire.candidate_id == candidate_id,
        hire.state == ProposalState.HIRED,
        hire.placement_undone_at.is_(None),
        hired_for.id == hire.opportunity_id,
        hired_for.organisation_id == organisation_id,
        hired_for.kind.not_in(KINDS_WITHOUT_PLACEMENT),
    )


# The proposal's own organisation hired its candidate (for another opportunity):
# deferred, so only a page that asks (``Proposal.placed_by_same_employer``, for a placed
# candidate) reads it, in a statement of its own.
_own = aliased(Opportunity)
Proposal.candidate_hired_here = column_property(
    hired_by_organisation(
        Proposal.candidate_id,
        # Two levels down: correlated by name, as automatic correlation looks one up.
        select(_own.organisation_id).where(_own.id == Proposal.opportunity_id)
        .correlate(Proposal).scalar_subquery(),
    ),
    deferred=True,
)
