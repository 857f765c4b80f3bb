"""Lookups of one candidate, scoped to what the user may see, and what is read about
them: the privacy search, the handovers, the audit trail and the profile's history,
and who may be matched. The caseload lists (which candidates a coach's lists hold,
and their counts) are ``caseload_queries.py``'s.

* A coach opens their own candidates, and read-only the candidates that other
  coaches share with the partnership. Any other id (a colleague's, another
  partner's, an erased one) is a 404.
* An admin opens only the privacy page (export, erasure) of any candidate, and finds
  candidates for privacy requests.
* Employers and analysts never reach these functions (403 in ``security.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache

from flask import abort
from sqlalchemy import Integer, Select, bindparam, func, or_, select
from sqlalchemy.orm import Bundle, aliased, joinedload, lazyload

from marketplace.accounts.models import Organisation, User
from marketplace.accounts.roles import OrganisationKind, Role
from marketplace.audit.models import AuditEvent
from marketplace.candidates.handovers import CandidateHandover
from marketplace.candidates.models import Candidate
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.extensions import db
from marketplace.web.numbers import bounded_int

#: A candidate who is not erased: the only ones the caseload lists and the privacy
#: search hold.
LIVE = Candidate.status != CandidateStatus.ERASED


def own_candidate_or_404(candidate_id: int, user: User) -> Candidate:
    """A candidate of the user's own caseload, else 404."""
    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None or candidate.is_erased or candidate.coach_id != user.id:
        abort(404)
    return candidate


def organisation_candidate_or_404(candidate_id: int, organisation_id: int) -> Candidate:
    """A live candidate of the caseloads of ``organisation_id`` (a partner's API key
    acts for the whole organisation), else 404."""
    candidate = db.session.get(Candidate, candidate_id)
    if (candidate is None or candidate.is_erased
            or candidate.organisation_id != organisation_id):
        abort(404)
    return candidate


def visible_candidate_or_404(candidate_id: int, user: User) -> Candidate:
    """A candidate of the user's caseload or one shared with the partnership, else 404.

    The sensitive row (gender, birth year) is not read with it: only the candidate's
    own coach is shown it, and another coach's view must not fetch it at all."""
    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None or candidate.is_erased:
        abort(404)
    if candidate.coach_id != user.id and not candidate.shared_with_partnership:
        abort(404)
    return candidate


def visible_to_organisation_or_404(candidate_id: int, organisation_id: int) -> Candidate:
    """A candidate of the organisation's coaches or one shared with the partnership."""
    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None or candidate.is_erased:
        abort(404)
    if candidate.organisation_id != organisation_id and not candidate.shared_with_partnership:
        abort(404)
    return candidate


def candidate_for_privacy_or_404(candidate_id: int, user: User) -> Candidate:
    """For export and erasure: any candidate for an admin, the own caseload for a coach."""
    if user.role == Role.ADMIN:
        candidate = db.session.get(Candidate, candidate_id)
        if candidate is None or candidate.is_erased:
            abort(404)
        return candidate
    return own_candidate_or_404(candidate_id, user)


def privacy_search(text: str) -> Select:
    """Admins: candidates whose id, reference, pseudonym or e-mail address matches."""
    text = text.strip()
    conditions = [
        func.lower(Candidate.pseudonym).contains(text.lower(), autoescape=True),
        func.lower(Candidate.email) == text.lower(),
        Candidate.ref == text,
    ]
    # A number beyond any id (or a digit int() does not read, such as "²") is no id.
    if (number := bounded_int(text)) is not None:
        conditions.append(Candidate.id == number)
    return (
        select(Candidate)
        .where(LIVE, or_(*conditions))
        .order_by(func.lower(Candidate.pseudonym), Candidate.id)
    )


def handed_over_by(user: User, limit: int = 50) -> list[CandidateHandover]:
    """The handovers this coach made, newest first (the profiles are no longer theirs)."""
    return list(
        db.session.scalars(
            select(CandidateHandover)
            .where(CandidateHandover.from_coach_id == user.id)
            # The list shows each one's pseudonym and the new coach and organisation:
            # one statement, joined to those only (the old coach and organisation are
            # the reader's own, and a whole candidate row was a second statement).
            .options(
                lazyload(CandidateHandover.from_coach),
                lazyload(CandidateHandover.from_organisation),
                joinedload(CandidateHandover.to_coach).lazyload("*"),
                joinedload(CandidateHandover.candidate)
                .load_only(Candidate.id, Candidate.pseudonym)
                .lazyload("*"),
            )
            .order_by(CandidateHandover.handed_over_at.desc(), CandidateHandover.id.desc())
            .limit(limit)
        )
    )


def coaches_for_handover(user: User) -> list[User]:
    """Every active coach of an active partner organisation except ``user``, by
    organisation and name."""
    return list(
        db.session.scalars(
            select(User)
            .join(Organisation, Organisation.id == User.organisation_id)
            .where(
                User.role == Role.COACH,
                User.active.is_(True),
                User.id != user.id,
                Organisation.is_active.is_(True),
                Organisation.kind == OrganisationKind.PARTNER,
            )
            .order_by(func.lower(Organisation.name), func.lower(User.name), User.id)
        ).unique()
    )


@dataclass
class TrailEntry:
    """One line of a candidate's audit trail: who did what, when."""

    at: datetime
    action: str
    actor_name: str | None
    actor_organisation: str | None
    details: dict


def audit_trail(candidate_id: int, actions: tuple[str, ...] | None = None) -> list[TrailEntry]:
    """Every audit event about the candidate (views, changes, exports), oldest first;
    with ``actions``, only events of those actions.

    Only the columns a line shows are read: every view of a profile adds an event, so a
    well-visited candidate has many, and the profile's history leaves the views out."""
    return list(db.session.scalars(_trail(candidate_id, actions).order_by(AuditEvent.id)))


def history_newest_first(candidate_id: int, actions: tuple[str, ...]) -> Select:
    """The candidate's audit events of ``actions`` as :class:`TrailEntry` lines, newest
    first: a statement to page through (``paginate``), so that a page reads only the
    lines it shows, however often the profile was saved."""
    return _trail(candidate_id, actions).order_by(AuditEvent.id.desc())


@dataclass
class RecentHistory:
    """The newest lines of a candidate's history, and how many lines it has in all."""

    entries: list[TrailEntry]
    total: int


def recent_history(candidate_id: int, actions: tuple[str, ...], limit: int) -> RecentHistory:
    """The newest ``limit`` lines of the candidate's history (events of ``actions``), and
    their number in all, counted by the same statement (a window over the lines): the
    profile reads one statement however often the person was saved."""
    rows = db.session.execute(_recent_history_select(actions),
                              {"candidate_id": candidate_id, "limit": limit}).all()
    return RecentHistory([TrailEntry(*row[:-1]) for row in rows], rows[0].total if rows else 0)


@lru_cache(maxsize=4)
def _recent_history_select(actions: tuple[str, ...]) -> Select:
    """The statement of ``recent_history`` for the bound ``candidate_id`` and ``limit``,
    built once per tuple of actions: the lines of ``_trail``, newest first, with their
    number in all. Of the tables' columns, not the mapped classes': the rows are plain
    values, so SQLAlchemy's ORM has nothing to do on each profile (a third of the
    statement's time)."""
    event, user = AuditEvent.__table__, User.__table__
    organisation = Organisation.__table__.alias("actor_organisation")
    return (
        select(event.c.occurred_at, event.c.action, user.c.name.label("actor_name"),
               organisation.c.name.label("actor_organisation"), event.c.details,
               func.count().over().label("total"))
        .select_from(event)
        .outerjoin(user, user.c.id == event.c.actor_id)
        .outerjoin(organisation, organisation.c.id == event.c.actor_organisation_id)
        .where(event.c.subject_type == "candidate",
               event.c.subject_id == bindparam("candidate_id", type_=Integer),
               event.c.action.in_(actions))
        .order_by(event.c.id.desc())
        .limit(bindparam("limit", type_=Integer))
    )


def _trail(candidate_id: int, actions: tuple[str, ...] | None) -> Select:
    """The candidate's audit events (of ``actions`` when given), one :class:`TrailEntry`
    per row, in no order yet."""
    actor_org = _actor_organisation()
    query = (
        select(_trail_entry())
        .select_from(AuditEvent)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .outerjoin(actor_org, actor_org.id == AuditEvent.actor_organisation_id)
        .where(AuditEvent.subject_type == "candidate", AuditEvent.subject_id == candidate_id)
    )
    if actions is not None:
        query = query.where(AuditEvent.action.in_(actions))
    return query


class _TrailBundle(Bundle):
    """The columns of a history line, read as one :class:`TrailEntry`: a statement of
    one entity, so ``paginate`` (which reads scalars) pages through it."""

    def create_row_processor(self, query, procs, labels):
        def entry(row):
            return TrailEntry(*(proc(row) for proc in procs))

        return entry


@cache
def _trail_entry() -> _TrailBundle:
    """The bundle of a history line's columns, made once per process (as the alias)."""
    actor_org = _actor_organisation()
    return _TrailBundle(
        "trail_entry", AuditEvent.occurred_at, AuditEvent.action,
        User.name.label("actor_name"), actor_org.name.label("actor_organisation"),
        AuditEvent.details,
    )


@cache
def _actor_organisation() -> type:
    """The alias of the organisation a history line names, made once per process: a new
    alias on every call cost SQLAlchemy the statement's cache key again (0.8 ms of the
    audit trail's 2 ms)."""
    return aliased(Organisation)


def matchable_candidates() -> Select:
    """Active candidates with active consent: the only ones that may ever be suggested
    or proposed to an employer."""
    return select(Candidate).where(
        Candidate.status == CandidateStatus.ACTIVE, Candidate.has_active_consent
    )
