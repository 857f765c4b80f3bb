"""Candidates kept in sync with a partner's own case system (the partner API).

A case system acts for its whole partner organisation, not for one coach, so each
profile names its coach by e-mail: an active coach of that organisation. It creates
a candidate only with the person's consent (recorded as the consent page records it),
keeps profiles in sync by its own ``ref`` (unique across organisations: a ref another
organisation uses is :class:`RefTaken`, which says nothing about it) and changes the
coach through the site's handover. Everything goes through ``operations`` (rules,
audit events, data versions); these functions only flush.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import User
from marketplace.accounts.roles import Role
from marketplace.candidates.models import Candidate
from marketplace.candidates.operations import (
    SUBJECT,
    CandidateError,
    CandidateProfile,
    create_candidate,
    give_consent,
    hand_over_candidate,
    update_candidate,
)
from marketplace.extensions import db
from marketplace.web.conflicts import ensure_version


class RefTaken(CandidateError):
    """The ref belongs to a candidate of another organisation."""


class ConsentRequired(CandidateError):
    """A new candidate needs the person's consent."""


def active_coach(email: str, organisation_id: int) -> User | None:
    """The active coach of the organisation with this e-mail address, or None."""
    return db.session.scalars(select(User).where(
        func.lower(User.email) == email.strip().lower(), User.role == Role.COACH,
        User.active.is_(True), User.organisation_id == organisation_id)).first()


def own_candidate_by_ref(ref: str, organisation_id: int) -> Candidate | None:
    """The organisation's live candidate with ``ref``; None when no candidate has it;
    :class:`RefTaken` when another organisation's candidate has it."""
    candidate = db.session.scalars(select(Candidate).where(Candidate.ref == ref)).first()
    if candidate is None:
        return None
    if candidate.organisation_id != organisation_id or candidate.is_erased:
        raise RefTaken(ref)
    return candidate


def create_with_consent(coach: User, profile: CandidateProfile, *, given_on: date,
                        method: str, recorded_by, ref: str | None = None) -> Candidate:
    """A new candidate in ``coach``'s caseload with the consent already given; shared
    with the partnership when the profile says so (which needs that consent)."""
    candidate = create_candidate(coach, replace(profile, shared_with_partnership=False))
    if ref is not None:
        candidate.ref = ref
    give_consent(candidate, given_on=given_on, method=method, recorded_by=recorded_by)
    if profile.shared_with_partnership:
        update_candidate(candidate, profile, expected_version=candidate.version)
    return candidate


def change_candidate(candidate: Candidate, profile: CandidateProfile, *, coach: User,
                     expected_version) -> list[str]:
    """Save a changed profile; another coach of the organisation takes the candidate
    over through the site's handover first. Returns the changed fields."""
    ensure_version(candidate, SUBJECT, expected_version)
    if coach.id != candidate.coach_id:
        hand_over_candidate(candidate, to_coach=coach, note=None)
    return update_candidate(candidate, profile, expected_version=candidate.version)


def put_candidate(ref: str, profile: CandidateProfile, *, coach: User,
                  existing: Candidate | None, consent: tuple[date, str] | None,
                  recorded_by) -> tuple[Candidate, bool]:
    """Create the candidate ``ref`` (only with ``consent``: given on, method) or
    replace the profile of ``existing``, giving consent anew when it has none open.
    Returns the candidate and whether it was created; :class:`RefTaken` when another
    request took the ref in the meantime."""
    if existing is None:
        if consent is None:
            raise ConsentRequired()
        given_on, method = consent
        try:
            with db.session.begin_nested():
                return create_with_consent(coach, profile, given_on=given_on, method=method,
                                           recorded_by=recorded_by, ref=ref), True
        except IntegrityError:
            # Another request took the ref since we looked: as if it had been taken.
            if db.session.scalars(select(Candidate.id).where(Candidate.ref == ref)).first():
                raise RefTaken(ref) from None
            raise
    if consent is not None and not any(r.is_active for r in existing.consent_records):
        given_on, method = consent
        give_consent(existing, given_on=given_on, method=method, recorded_by=recorded_by)
    change_candidate(existing, profile, coach=coach, expected_version=existing.version)
    return existing, False
