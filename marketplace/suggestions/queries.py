"""What a coach may see of suggestions and dismissals.

* The suggestion pages: any published opportunity (``visible_opportunity_or_404``),
  and only the coach's own candidates.
* Entries: a coach acts only on entries of lists shown to themselves, and only for
  candidates of their own caseload (a shared candidate's coach decides about them).
  Anything else is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import abort
from sqlalchemy import bindparam, select

from marketplace.accounts.models import Organisation, User
from marketplace.candidates.models import Candidate
from marketplace.candidates.profile_rows import CandidateSensitive
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.data_versions import version_subquery
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.ranking.models import RankingModel
from marketplace.ranking.scorer import ACTIVE_MODEL
from marketplace.suggestions.models import (
    SETTING_ID,
    RankingSetting,
    SuggestionDismissal,
    SuggestionEntry,
    SuggestionList,
)
from marketplace.taxonomy.version import note_taxonomy_version
from marketplace.web.numbers import bounded_int

_OPEN = SuggestionDismissal.restored_at.is_(None)


@dataclass(frozen=True)
class ListStamps:
    """What a suggestion list is made from, as this transaction sees it."""

    candidates: int
    """The data version of the candidates (``matching.candidate_rows``)."""
    opportunities: int
    """The data version of the opportunities (``matching.opportunity_rows``)."""
    ranking_enabled: bool
    """The admins' switch (``operations.ranking_enabled``)."""
    active_model: tuple[int, str] | None
    """The active ranking model's id and version (``ranking.scorer.scorer_of``)."""


#: :func:`list_stamps`' statement: built once, not on every suggestion page (building it
#: and its cache key cost about 0.2 ms of each).
_LIST_STAMPS = select(
    version_subquery("candidates"), version_subquery("opportunities"),
    version_subquery("taxonomy"),
    select(RankingSetting.ranking_enabled).where(RankingSetting.id == SETTING_ID)
    .scalar_subquery(),
    ACTIVE_MODEL.with_only_columns(RankingModel.id).scalar_subquery(),
    ACTIVE_MODEL.with_only_columns(RankingModel.version).scalar_subquery(),
)


def list_stamps() -> ListStamps:
    """The data versions, the ranking switch and the active model a suggestion list
    needs, in one statement instead of five (each was a small query of its own on
    every suggestion page). The taxonomy's version, read along, is kept as this
    request's (``note_taxonomy_version``)."""
    row = db.session.execute(_LIST_STAMPS).one()
    candidates, opportunities, taxonomy, enabled, model_id, model_version = row
    note_taxonomy_version(taxonomy)
    return ListStamps(
        candidates=candidates, opportunities=opportunities,
        ranking_enabled=True if enabled is None else bool(enabled),
        active_model=None if model_id is None else (model_id, model_version),
    )


def dismissed_candidate_ids(opportunity_id: int) -> set[int]:
    """Candidates set aside for this opportunity (open dismissals)."""
    return set(db.session.scalars(
        select(SuggestionDismissal.candidate_id)
        .where(SuggestionDismissal.opportunity_id == opportunity_id, _OPEN)
    ))


def dismissed_opportunity_ids(candidate_id: int) -> set[int]:
    """Opportunities set aside for this candidate (open dismissals)."""
    return set(db.session.scalars(
        select(SuggestionDismissal.opportunity_id)
        .where(SuggestionDismissal.candidate_id == candidate_id, _OPEN)
    ))


#: What both pages show of an open dismissal: the reason, the note, when and by whom.
_DISMISSAL_COLUMNS = (
    SuggestionDismissal.id, SuggestionDismissal.candidate_id,
    SuggestionDismissal.opportunity_id, SuggestionDismissal.reason,
    SuggestionDismissal.note, SuggestionDismissal.dismissed_at,
    User.name.label("coach_name"),
)
_NEWEST_FIRST = (SuggestionDismissal.dismissed_at.desc(), SuggestionDismissal.id.desc())
_VIEWER_ID = bindparam("viewer_id")

#: :func:`open_dismissals_of_opportunity`' statement, built once.
_OPEN_DISMISSALS_OF_OPPORTUNITY = (
    select(*_DISMISSAL_COLUMNS, Candidate.pseudonym,
           (Candidate.coach_id == _VIEWER_ID).label("own"),
           ((Candidate.status != CandidateStatus.ERASED)
            & ((Candidate.coach_id == _VIEWER_ID) | Candidate.shared_with_partnership))
           .label("visible"))
    .join(User, User.id == SuggestionDismissal.coach_id)
    .join(Candidate, Candidate.id == SuggestionDismissal.candidate_id)
    .where(SuggestionDismissal.opportunity_id == bindparam("opportunity_id"), _OPEN)
    .order_by(*_NEWEST_FIRST)
)


def open_dismissals_of_opportunity(opportunity_id: int, viewer) -> list:
    """Every open dismissal of this opportunity, newest first, as rows: the columns of
    ``_DISMISSAL_COLUMNS``, the candidate's ``pseudonym``, whether ``viewer`` is their
    coach (``own``) and whether ``viewer`` may see them (``visible``: not erased, their
    own caseload or shared with the partnership). One statement gives the page both
    the candidates to leave out of the list (all of them) and the ones it shows as set
    aside (the visible ones)."""
    return db.session.execute(_OPEN_DISMISSALS_OF_OPPORTUNITY, {
        "opportunity_id": opportunity_id, "viewer_id": viewer.id}).all()


#: :func:`open_dismissals_of_candidate`' statement, built once.
_OPEN_DISMISSALS_OF_CANDIDATE = (
    select(*_DISMISSAL_COLUMNS, Opportunity.title,
           Organisation.name.label("organisation_name"))
    .join(User, User.id == SuggestionDismissal.coach_id)
    .join(Opportunity, Opportunity.id == SuggestionDismissal.opportunity_id)
    .join(Organisation, Organisation.id == Opportunity.organisation_id)
    .where(SuggestionDismissal.candidate_id == bindparam("candidate_id"), _OPEN)
    .order_by(*_NEWEST_FIRST)
)


def open_dismissals_of_candidate(candidate_id: int) -> list:
    """Every open dismissal of this candidate, newest first, as rows: the columns of
    ``_DISMISSAL_COLUMNS`` and the opportunity's ``title`` and ``organisation_name``.
    The page leaves these opportunities out of the list and shows them as set aside."""
    return db.session.execute(_OPEN_DISMISSALS_OF_CANDIDATE,
                              {"candidate_id": candidate_id}).all()


def own_entry_or_404(entry_id: int, coach) -> SuggestionEntry:
    """An entry of a list shown to ``coach``, about a candidate of their own caseload."""
    row = db.session.execute(
        select(SuggestionEntry, Candidate.coach_id, Candidate.status)
        .join(SuggestionList, SuggestionList.id == SuggestionEntry.list_id)
        .join(Candidate, Candidate.id == SuggestionEntry.candidate_id)
        .where(SuggestionEntry.id == entry_id, SuggestionList.coach_id == coach.id)
    ).one_or_none()
    if row is None or row.coach_id != coach.id or row.status == CandidateStatus.ERASED:
        abort(404)
    return row[0]


def restorable_dismissal_or_404(dismissal_id: int, coach) -> SuggestionDismissal:
    """A dismissal of a candidate in ``coach``'s own caseload."""
    row = db.session.execute(
        select(SuggestionDismissal, Candidate.coach_id)
        .join(Candidate, Candidate.id == SuggestionDismissal.candidate_id)
        .where(SuggestionDismissal.id == dismissal_id)
    ).one_or_none()
    if row is None or row.coach_id != coach.id:
        abort(404)
    return row[0]


def entry_for_proposal(entry_id, coach, candidate_id: int,
                       opportunity_id: int) -> SuggestionEntry | None:
    """The entry a proposal (or a try-out enrolment) came from, when it is one shown to
    ``coach`` for exactly this candidate and opportunity; else None (the coach chose
    something else, or the id is not theirs to name)."""
    entry_id = bounded_int(entry_id)
    if entry_id is None:
        return None
    return db.session.scalar(
        select(SuggestionEntry)
        .join(SuggestionList, SuggestionList.id == SuggestionEntry.list_id)
        .where(SuggestionEntry.id == entry_id, SuggestionList.coach_id == coach.id,
               SuggestionEntry.candidate_id == candidate_id,
               SuggestionEntry.opportunity_id == opportunity_id)
    )


@dataclass(frozen=True)
class CandidateLabel:
    """How a coach sees a candidate in a suggestion list."""

    id: int
    pseudonym: str
    own: bool
    coach_name: str
    coach_organisation: str
    #: What tells two people of the same pseudonym apart (``candidates/identity.py``);
    #: the birth year only for the candidate's own coach.
    postcode: str | None = None
    created_at: datetime | None = None
    coach_id: int | None = None
    birth_year: int | None = None


#: :func:`candidate_labels`' statement, built once (about 0.1 ms of every page of
#: suggested candidates); the ids are an expanding parameter.
_CANDIDATE_LABELS = (
    select(Candidate.id, Candidate.pseudonym, Candidate.coach_id, User.name,
           Organisation.name.label("organisation"), Candidate.postcode,
           Candidate.created_at, CandidateSensitive.birth_year)
    .join(User, User.id == Candidate.coach_id)
    .join(Organisation, Organisation.id == Candidate.organisation_id)
    .outerjoin(CandidateSensitive, CandidateSensitive.candidate_id == Candidate.id)
    .where(Candidate.id.in_(bindparam("ids", expanding=True)))
)


def candidate_labels(ids, viewer) -> dict[int, CandidateLabel]:
    """The candidates ``ids`` as ``viewer`` sees them: own caseload or shared."""
    if not ids:
        return {}
    rows = db.session.execute(_CANDIDATE_LABELS, {"ids": list(ids)})
    return {
        row.id: CandidateLabel(
            row.id, row.pseudonym, row.coach_id == viewer.id, row.name, row.organisation,
            postcode=row.postcode, created_at=row.created_at, coach_id=row.coach_id,
            birth_year=row.birth_year if row.coach_id == viewer.id else None,
        )
        for row in rows
    }


@dataclass(frozen=True)
class OpportunityLabel:
    """How a coach sees an opportunity in a suggestion list (or the one a suggestion
    to set aside is about): what the row writes, and what tells two of the same title
    apart (``opportunities.display.telling_detail``)."""

    id: int
    title: str
    kind: str
    organisation_name: str
    postcode: str | None
    closes_on: date | None
    session_on: date | None


#: :func:`opportunities_by_id`' statement, built once (every page of suggested
#: opportunities); the ids are an expanding parameter. Plain rows: the opportunity's
#: objects (with the organisation, occupation and postcode they load along) were some
#: eighty ORM instances a page for these few columns.
_OPPORTUNITIES_BY_ID = (
    select(Opportunity.id, Opportunity.title, Opportunity.kind,
           Organisation.name.label("organisation_name"), Opportunity.postcode,
           Opportunity.closes_on, Opportunity.session_on)
    .join(Organisation, Organisation.id == Opportunity.organisation_id)
    .where(Opportunity.id.in_(bindparam("ids", expanding=True)))
)


def opportunities_by_id(ids) -> dict[int, OpportunityLabel]:
    """The opportunities ``ids`` (with their employer's name), for a list of
    suggestions."""
    if not ids:
        return {}
    return {row.id: OpportunityLabel(*row)
            for row in db.session.execute(_OPPORTUNITIES_BY_ID, {"ids": list(ids)})}
