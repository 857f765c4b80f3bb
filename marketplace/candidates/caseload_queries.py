"""The caseload lists: which candidates a coach's own list and the list shared with
the partnership hold (``MINE``, ``SHARED``; a partner organisation's, for its API
key), filtered as the caseload page filters them, and their counts; and what the
caseload page reads besides its rows, each part in one statement: the filter's
options with the list's count, and the details of the page's rows.

The filter lists the occupations the candidates of the list wish for and the
municipalities where they live; the page also says how many candidates the list holds.
These were three statements over the same rows (and the count a fourth when the page
was full): one ``UNION ALL`` now answers all three, each row marked with its part.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache

from sqlalchemy import (
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import defer, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from marketplace.accounts.models import User
from marketplace.candidates.activity import inactive_candidates_query, with_last_activity
from marketplace.candidates.models import Candidate, ConsentRecord
from marketplace.candidates.profile_rows import CandidateSensitive, CandidateWishedOccupation
from marketplace.candidates.queries import LIVE
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.extensions import db
from marketplace.taxonomy.models import Occupation, Postcode


@dataclass
class CaseloadFilters:
    """What the caseload page filters on; None (or empty) means: do not filter."""

    q: str | None = None
    status: str | None = None
    dutch_level: str | None = None
    occupation_id: int | None = None
    municipality: str | None = None
    trajectory: str | None = None


def _filtered(query: Select, filters: CaseloadFilters) -> Select:
    if filters.q:
        query = query.where(
            func.lower(Candidate.pseudonym).contains(filters.q.strip().lower(), autoescape=True)
        )
    if filters.status:
        query = query.where(Candidate.status == filters.status)
    if filters.dutch_level:
        query = query.where(Candidate.dutch_level == filters.dutch_level)
    if filters.trajectory:
        query = query.where(Candidate.trajectory == filters.trajectory)
    if filters.municipality:
        query = query.where(
            Candidate.postcode.in_(
                select(Postcode.code).where(Postcode.municipality == filters.municipality)
            )
        )
    if filters.occupation_id:
        query = query.where(
            Candidate.id.in_(
                select(CandidateWishedOccupation.candidate_id).where(
                    CandidateWishedOccupation.occupation_id == filters.occupation_id
                )
            )
        )
    return query


MINE, SHARED = "mine", "shared"
"""The two lists of the caseload page: the coach's own candidates, and those other
coaches share with the partnership (read-only)."""


def _scope_of(user_id, scope: str) -> tuple:
    """The conditions of the list ``scope`` of the user ``user_id`` (a number, or a
    ``bindparam`` for a statement built once)."""
    if scope == SHARED:
        return (Candidate.shared_with_partnership.is_(True), Candidate.coach_id != user_id, LIVE)
    return (Candidate.coach_id == user_id, LIVE)


def _scope(user: User, scope: str) -> tuple:
    return _scope_of(user.id, scope)


def caseload(user: User, filters: CaseloadFilters | None = None, scope: str = MINE) -> Select:
    """The coach's own candidates (or the shared ones), by pseudonym. Whether each has
    consent, the wished occupations and the sensitive row are left out:
    ``caseload_page_details`` reads them for the page's rows. The own list shows each
    one's last activity (``last_activity``)."""
    return _filtered(_caseload_of(user.id, scope), filters or CaseloadFilters())


@lru_cache(maxsize=1024)
def _caseload_of(user_id: int, scope: str) -> Select:
    """``caseload`` without its filters, kept per coach: its options (the last activity
    as an expression, the loads of the shared list) cost about a millisecond to build
    on every caseload page; the filters are added to it."""
    query = select(Candidate).where(*_scope_of(user_id, scope))
    if scope == SHARED:  # the list names each candidate's coach and organisation
        query = query.options(selectinload(Candidate.coach), selectinload(Candidate.organisation))
    else:
        query = with_last_activity(query)
    query = query.options(defer(Candidate.has_active_consent))
    return query.order_by(func.lower(Candidate.pseudonym), Candidate.id)


def caseload_ids_of(coach_id) -> Select:
    """The ids of the live candidates of the coach ``coach_id`` (a number, or a
    ``bindparam`` for a statement built once)."""
    return select(Candidate.id).where(Candidate.coach_id == coach_id, LIVE)


def caseload_ids(user: User) -> Select:
    """The ids of the user's own live candidates: what a coach's news is about."""
    return caseload_ids_of(user.id)


def caseload_size(user: User) -> int:
    """How many live candidates the user holds as their coach."""
    return db.session.scalar(select(func.count()).select_from(Candidate)
                             .where(*_scope(user, MINE)))


@cache
def _going_inactive(limit: int) -> Select:
    """The statement of ``caseload_going_inactive``, built once per limit (the news
    asks on every coach's home page; building it cost about a millisecond)."""
    return (inactive_candidates_query(bindparam("before"))
            .where(Candidate.coach_id == bindparam("coach_id")).limit(limit))


def caseload_going_inactive(user: User, before: datetime, limit: int) -> list[Candidate]:
    """The user's own live candidates whose last activity is before ``before``, the
    longest inactive first (at most ``limit``)."""
    return list(db.session.scalars(_going_inactive(limit),
                                   {"before": before, "coach_id": user.id}))


def organisation_caseload(organisation_id: int, scope: str = MINE) -> Select:
    """The caseload of a partner organisation's coaches (an API token acts for the
    whole organisation): its live candidates, or with ``SHARED`` the ones coaches of
    other organisations share with the partnership (read-only, as on the caseload
    page). ``organisation_id`` is the coach's organisation, kept in sync on handover."""
    if scope == SHARED:
        where = (Candidate.shared_with_partnership.is_(True),
                 Candidate.organisation_id != organisation_id, LIVE)
    else:
        where = (Candidate.organisation_id == organisation_id, LIVE)
    return select(Candidate).where(*where)


@dataclass
class CaseloadSummary:
    by_status: dict[str, int]
    without_consent: int
    shared: int

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


#: The statement of ``caseload_summary``, built once (the coach's home page reads it).
_SUMMARY = (
    select(
        Candidate.status,
        func.count(),
        # Consent is asked of the active rows only, as the count was before.
        func.count(case((and_(Candidate.status == CandidateStatus.ACTIVE,
                              ~Candidate.has_active_consent), 1))),
        func.count(case((Candidate.shared_with_partnership.is_(True), 1))),
    )
    .where(Candidate.coach_id == bindparam("coach_id"), LIVE)
    .group_by(Candidate.status)
)


def caseload_summary(user: User) -> CaseloadSummary:
    """Counts of the coach's caseload: per status, active ones without consent, shared.

    One statement: the three counts were three statements over the same rows (the
    coach's home page reads them on every visit)."""
    rows = db.session.execute(_SUMMARY, {"coach_id": user.id}).all()
    by_status = {status: count for status, count, _without, _shared in rows}
    return CaseloadSummary(
        by_status={
            status: by_status.get(status, 0)
            for status in CandidateStatus
            if status != CandidateStatus.ERASED
        },
        without_consent=sum(row[2] for row in rows),
        shared=sum(row[3] for row in rows),
    )


#: The parts of the statement, in the order it returns them.
_OCCUPATION, _MUNICIPALITY, _COUNT = 1, 2, 3
#: Between an occupation's id and label, and between occupations (ASCII's unit and
#: record separators).
_UNIT, _RECORD = "\x1f", "\x1e"


def _pair(occupation: str) -> tuple[int, str]:
    number, label = occupation.split(_UNIT, 1)
    return int(number), label


@dataclass
class CaseloadOptions:
    """The filter's choices for one list (``MINE`` or ``SHARED``) of one coach."""

    #: Id and label in the reader's language of each wished occupation, in no order.
    occupations: list[tuple[int, str]]
    #: The municipalities where the candidates live, in the database's order.
    municipalities: list[str]
    #: How many live candidates the list holds, before any filter.
    total: int


@cache
def _filter_options(scope: str, english: bool):
    """The statement of ``caseload_filter_options`` for one list and language, built
    once with the user as a parameter (a union of three selects cost over a
    millisecond to build on every caseload page)."""
    where = _scope_of(bindparam("user_id"), scope)
    label = Occupation.label_en if english else Occupation.label_nl
    # The occupations as one text of "id US label" pairs, RS between them: a caseload
    # of 2,000 wishes for 1,200 occupations, and as many rows took the driver and the
    # ORM 3 ms to read where one text takes a tenth (ESCO labels hold no control
    # characters).
    occupations = select(
        literal(_OCCUPATION).label("part"),
        cast(null(), Integer).label("number"),
        func.aggregate_strings(cast(Occupation.id, String) + _UNIT + label, _RECORD).label("text"),
    ).where(
        Occupation.id.in_(
            select(CandidateWishedOccupation.occupation_id)
            .join(Candidate, Candidate.id == CandidateWishedOccupation.candidate_id)
            .where(*where)
        )
    )
    # The postcodes first, then their municipalities: joined row by row, PostgreSQL
    # looked up a postcode for each of a coach's 2,000 candidates (7 to 20 ms; this,
    # about 100 distinct postcodes, 2 ms).
    municipalities = (
        select(literal(_MUNICIPALITY), cast(null(), Integer), Postcode.municipality)
        .where(Postcode.code.in_(select(Candidate.postcode).where(*where)))
        .distinct()
    )
    count = select(literal(_COUNT), func.count(), cast(null(), String)).select_from(
        Candidate).where(*where)
    everything = union_all(occupations, municipalities, count).subquery()
    return (
        select(everything.c.part, everything.c.number, everything.c.text).order_by(
            everything.c.part,
            # Only the municipalities are listed in the database's order; sorting the
            # occupations here too would be work thrown away (the form sorts them by
            # their label as the reader's language does).
            case((everything.c.part == _MUNICIPALITY, everything.c.text)),
        )
    )


def caseload_filter_options(user: User, scope: str = MINE, locale: str = "nl") -> CaseloadOptions:
    """The wished occupations (id and label in ``locale``; only those two columns: a
    caseload of 2,000 wishes for over a thousand occupations, and whole rows made this
    list cost more than the rest of the page), the municipalities and the number of
    candidates of the list, in one statement."""
    rows = db.session.execute(_filter_options(scope, locale == "en"), {"user_id": user.id}).all()
    options = CaseloadOptions(occupations=[], municipalities=[], total=0)
    for part, number, text in rows:
        if part == _OCCUPATION:
            options.occupations = [_pair(occupation) for occupation in text.split(_RECORD)
                                   ] if text else []
        elif part == _MUNICIPALITY:
            options.municipalities.append(text)
        else:
            options.total = number
    return options


@cache
def _page_details(english: bool, own: bool) -> Select:
    """The statement of ``caseload_page_details`` for one language, with the sensitive
    rows (``own``: the viewer's own candidates are among the rows) or without, built
    once with the ids and the viewer as parameters."""
    label = Occupation.label_en if english else Occupation.label_nl
    wished = (
        select(func.aggregate_strings(
            cast(CandidateWishedOccupation.occupation_id, String) + _UNIT + label, _RECORD))
        .select_from(CandidateWishedOccupation)
        .join(Occupation, Occupation.id == CandidateWishedOccupation.occupation_id)
        .where(CandidateWishedOccupation.candidate_id == Candidate.id)
        .scalar_subquery()
    )
    consent = exists().where(ConsentRecord.candidate_id == Candidate.id,
                             ConsentRecord.withdrawn_on.is_(None))
    query = select(Candidate.id, consent, wished)
    if own:
        query = query.add_columns(CandidateSensitive).outerjoin(
            CandidateSensitive, and_(CandidateSensitive.candidate_id == Candidate.id,
                                     Candidate.coach_id == bindparam("viewer_id")))
    else:  # the shared list: not even joined
        query = query.add_columns(null())
    return query.where(Candidate.id.in_(bindparam("ids", expanding=True)))


def caseload_page_details(candidates: list[Candidate], viewer: User,
                          locale: str = "nl") -> dict[int, list[str]]:
    """What the rows of a caseload page show beyond the candidate's own row, in one
    statement: the labels of each one's wished occupations in ``locale`` (returned by
    candidate id, in the order of their ids, as the profile lists them), whether each
    has consent (set as ``has_active_consent``) and, for the viewer's own candidates
    only, the sensitive row whose birth year tells namesakes apart (set as
    ``sensitive``; another coach's list must not read it).

    These were three statements that loaded a hundred objects (the wished occupations
    and their occupations) for twenty-five rows. Consent is asked of the page's rows
    only: in the page's own query PostgreSQL hashed every open consent record (about
    90,000: 50 ms) once it expected a coach's 2,000 rows."""
    if not candidates:
        return {}
    own = any(candidate.coach_id == viewer.id for candidate in candidates)
    rows = db.session.execute(_page_details(locale == "en", own), {
        "ids": [candidate.id for candidate in candidates], "viewer_id": viewer.id}).all()
    found = {row[0]: row for row in rows}
    names: dict[int, list[str]] = {}
    for candidate in candidates:
        _id, has_consent, occupations, sensitive = found[candidate.id]
        set_committed_value(candidate, "has_active_consent", bool(has_consent))
        if candidate.coach_id == viewer.id:
            set_committed_value(candidate, "sensitive", sensitive)
        pairs = sorted(_pair(text) for text in occupations.split(_RECORD)) if occupations else []
        names[candidate.id] = [text for _number, text in pairs]
    return names
