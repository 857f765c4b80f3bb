"""Candidates (and the input of the candidates' operations), a saved change of a
profile, a candidate registered in the past, and a candidate's barriers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, time

from marketplace.accounts.models import Organisation, User
from marketplace.barriers import operations as barrier_operations
from marketplace.barriers.models import CandidateBarrier
from marketplace.candidates import operations as candidate_operations
from marketplace.candidates.models import Candidate
from marketplace.candidates.operations import CandidateProfile, ExperienceEntry, profile_of
from marketplace.db_types import local_today
from marketplace.extensions import db
from tests.factories.common import CONSENT_GIVEN_ON, occupation_id, saved


def candidate_profile(
    pseudonym: str = "Samir", *, wishes: Iterable[str] = (), experience: Iterable[str] = (),
    **fields,
) -> CandidateProfile:
    """A small valid profile: the required fields, and ``fields`` as given.

    ``wishes``: ESCO URIs of wished occupations; ``experience``: URIs of occupations
    with two years of experience in Syria each.
    """
    values = {
        "pseudonym": pseudonym,
        "postcode": "2060",
        "dutch_level": "A2",
        "allowed_to_work": "yes",
        "trajectory": "integrated",
    }
    if wishes:
        values["wished_occupations"] = frozenset(occupation_id(uri) for uri in wishes)
    if experience:
        values["experiences"] = [
            ExperienceEntry(occupation_id(uri), None, 2, "SY") for uri in experience
        ]
    values.update(fields)
    return CandidateProfile(**values)


def make_candidate(
    coach: User, *, pseudonym: str = "Samir", consent: bool = True, shared: bool = False,
    wishes: Iterable[str] = (), experience: Iterable[str] = (), commit: bool = False,
    **profile,
) -> Candidate:
    """A candidate in ``coach``'s caseload, through the candidates' operations.

    ``consent``: consent recorded (signed form, :data:`CONSENT_GIVEN_ON`); ``shared``:
    also shared with the partnership (which needs consent, so it gives it). The other
    keywords are :func:`candidate_profile`'s.
    """
    candidate = candidate_operations.create_candidate(
        coach, candidate_profile(pseudonym, wishes=wishes, experience=experience, **profile)
    )
    if consent or shared:
        candidate_operations.give_consent(
            candidate, given_on=CONSENT_GIVEN_ON, method="signed_form", recorded_by=coach
        )
    if shared:
        candidate.shared_with_partnership = True
    return saved(candidate, commit)


def change_candidate(candidate: Candidate, *, commit: bool = False, **fields) -> Candidate:
    """Save ``candidate``'s profile with ``fields`` changed (:class:`CandidateProfile`
    names), through the candidates' operations: one "Profile changed" event in its
    history when a value differs."""
    candidate_operations.update_candidate(
        candidate, replace(profile_of(candidate), **fields), expected_version=candidate.version
    )
    return saved(candidate, commit)


def make_registered_candidate(
    coach: User, *, registered_on: date, commit: bool = False, **fields
) -> Candidate:
    """A candidate (see :func:`make_candidate`) registered on ``registered_on`` (noon in
    Brussels, as a moment), for steps and reports about the past."""
    candidate = make_candidate(coach, **fields)
    candidate.created_at = datetime.combine(registered_on, time(11, 0), tzinfo=UTC)
    return saved(candidate, commit)


def make_barrier(
    candidate: Candidate, *, kind: str = "childcare", status: str = "open",
    noted_on: date | None = None, solved_on: date | None = None, support: str | None = None,
    referral: Organisation | None = None, recorded_by: User | None = None,
    commit: bool = False,
) -> CandidateBarrier:
    """A barrier of ``candidate`` through the barriers' operations (noted today by
    default; ``solved_on`` is needed with ``status="solved"``). Reports over past
    periods need old barriers: a ``noted_on`` before the candidate's registration moves
    the registration back to that day first, as if they had been registered then."""
    noted_on = noted_on or local_today()
    if barrier_operations.registered_on(candidate) > noted_on:
        # Noon UTC is that same day in Brussels.
        candidate.created_at = datetime.combine(noted_on, datetime.min.time(), UTC).replace(
            hour=12)
        db.session.flush()
    barrier = barrier_operations.add_barrier(
        candidate,
        barrier_operations.BarrierData(
            kind=kind, status=status, noted_on=noted_on, solved_on=solved_on, support=support,
            referral_organisation_id=referral.id if referral else None,
        ),
        recorded_by=recorded_by or candidate.coach,
    )
    return saved(barrier, commit)
