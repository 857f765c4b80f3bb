"""Business rules for candidates. Functions change objects and flush; callers commit.

Privacy rule for the audit log: events about a candidate never hold personal values.
A change is logged with the *names* of the changed fields and the version it produced
(``{"fields": [...], "version": n}``), which is what the conflict page and the history
need. Views of a profile, exports and erasures are events too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from operator import attrgetter

from sqlalchemy.orm.exc import StaleDataError

from marketplace.accounts.lifecycle import people_held
from marketplace.accounts.roles import Role
from marketplace.audit.operations import insert_event, record_event
from marketplace.candidates.caseload_queries import caseload_size
from marketplace.candidates.handovers import CandidateHandover
from marketplace.candidates.lifecycle import (
    participation_ended,
    placement_undone,
    send_required,
)
from marketplace.candidates.models import KIND_COLUMNS, Candidate, ConsentRecord
from marketplace.candidates.profile import (  # the profile's names, also for importers
    ROW_FIELDS,
    SCALAR_FIELDS,
    CandidateProfile,
    ExperienceEntry,
    changed_profile_fields,
    profile_of,
    read_rows,
)
from marketplace.candidates.profile_rows import (
    CandidateExperience,
    CandidateLanguage,
    CandidateSensitive,
    CandidateSkill,
    CandidateWishedOccupation,
    CandidateWishedSector,
)
from marketplace.candidates.vocabularies import (
    EDITABLE_STATUSES,
    CandidateStatus,
    DayPart,
)
from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.web.conflicts import EditConflict, ensure_version

SUBJECT = "candidate"


class CandidateError(Exception):
    """A rule about candidates was broken; the view says so in the user's language."""


class ConsentAlreadyActive(CandidateError):
    pass


class NoActiveConsent(CandidateError):
    pass


class SharingNeedsConsent(CandidateError):
    pass


class NotACoach(CandidateError):
    pass


# --- creating and changing ------------------------------------------------------------


def create_candidate(coach, profile: CandidateProfile) -> Candidate:
    """Add a candidate to ``coach``'s caseload."""
    if coach.role != Role.COACH:
        raise NotACoach(str(coach.id))
    _check_profile(profile, has_consent=lambda: False)
    now = utcnow()
    candidate = Candidate(
        coach=coach,
        organisation_id=coach.organisation_id,
        created_at=now,
        updated_at=now,
        last_activity_at=now,
    )
    _apply_profile(candidate, profile)
    db.session.add(candidate)
    db.session.flush()
    record_event("candidate_created", SUBJECT, candidate.id, {"version": candidate.version})
    return candidate


def update_candidate(
    candidate: Candidate, profile: CandidateProfile, *, expected_version,
    rows: dict | None = None,
) -> list[str]:
    """Save a changed profile; returns the names of the fields that changed. ``rows``:
    the candidate's rows as ``read_rows`` gives them, when the caller read them already
    in this transaction (the profile form does, for its pickers).

    Raises ``EditConflict`` when someone saved the candidate after ``expected_version``
    (its ``current_version`` is None when that happened during this very save).
    Every change, also one of a child row only, bumps the candidate's version.
    Another status for a placed candidate ends the placement as the coach's undo does
    (``end_placement``), in the same version as the rest of the save.
    """
    ensure_version(candidate, SUBJECT, expected_version)
    _check_profile(profile, has_consent=lambda: _open_consent(candidate) is not None)
    before = profile_of(candidate, rows if rows is not None else read_rows(candidate.id))
    _apply_profile(candidate, profile, before)
    # The rows now hold the profile's values (written only where they differed).
    after = profile_of(candidate, {name: getattr(profile, name) for name in ROW_FIELDS})
    changed = changed_profile_fields(before, after)
    if changed:
        _touch(candidate)
        candidate_id = candidate.id  # the failed flush below leaves the object unreadable
        try:
            db.session.flush()
        except StaleDataError as error:
            # Someone saved between the version check and this write (version_id_col).
            raise EditConflict(SUBJECT, candidate_id, int(expected_version), None) from error
        insert_event("candidate_changed", SUBJECT, candidate.id,
                     {"fields": changed, "version": candidate.version})
        if before.status == CandidateStatus.PLACED and candidate.status != before.status:
            end_placement(candidate)
    return changed


def record_view(candidate: Candidate, page: str) -> None:
    """Note that the current user saw the candidate's profile on ``page``."""
    insert_event("candidate_viewed", SUBJECT, candidate.id, {"page": page})


def _check_profile(profile: CandidateProfile, has_consent: Callable[[], bool]) -> None:
    """Raise when ``profile`` breaks a rule. ``has_consent`` is only asked when the
    profile is shared: reading the consent records costs a statement on every save."""
    if profile.status not in EDITABLE_STATUSES:
        raise CandidateError(f"status {profile.status} cannot be chosen")
    if profile.shared_with_partnership and not has_consent():
        raise SharingNeedsConsent()


def _touch(candidate: Candidate) -> None:
    """Mark a change: it counts as activity for the retention review."""
    now = utcnow()
    candidate.updated_at = now
    candidate.last_activity_at = now


#: The profile's sets kept as rows of one key: (field, the row's key, a new row).
_SETS_OF_ROWS = (
    ("skills", attrgetter("skill_id"), lambda key, _: CandidateSkill(skill_id=key)),
    ("wished_occupations", attrgetter("occupation_id"),
     lambda key, _: CandidateWishedOccupation(occupation_id=key)),
    ("wished_sectors", attrgetter("sector_code"),
     lambda key, _: CandidateWishedSector(sector_code=key)),
)


def _apply_profile(candidate: Candidate, profile: CandidateProfile,
                   before: CandidateProfile | None = None) -> None:
    """Give ``candidate`` the values of ``profile``. With ``before`` (its profile now),
    a list of rows is loaded and written only when its values differ, so a save of the
    note or the hours per week loads none of the six."""

    def differs(name: str) -> bool:
        return before is None or getattr(before, name) != getattr(profile, name)

    for name in SCALAR_FIELDS:
        if getattr(candidate, name) != getattr(profile, name):
            setattr(candidate, name, getattr(profile, name))
    if before is not None and before.status != candidate.status:
        # Now, with the status: loading a list of rows below flushes, and the database
        # allows a kept status only on a placed row.
        _remember_status_before_placed(candidate, before.status)
    for kind, column in KIND_COLUMNS.items():
        setattr(candidate, column, kind in profile.wished_kinds)
    for part in DayPart:
        setattr(candidate, part.column, part in profile.day_parts)
    if differs("languages"):
        _sync(
            candidate.languages,
            profile.languages,
            key=lambda row: row.language_code,
            value=lambda row: row.level,
            update=lambda row, level: setattr(row, "level", level),
            make=lambda code, level: CandidateLanguage(language_code=code, level=level),
        )
    for name, key, make in _SETS_OF_ROWS:
        if differs(name):
            _sync(getattr(candidate, name), dict.fromkeys(getattr(profile, name)), key=key,
                  make=make)
    current = None if before is None else before.experiences
    if current is None:
        current = [
            ExperienceEntry(row.occupation_id, row.title_as_said, row.years, row.country)
            for row in candidate.experiences
        ]
    if current != list(profile.experiences):
        # Experience lines have no natural key: replace them all when any changed.
        candidate.experiences = [
            CandidateExperience(
                occupation_id=e.occupation_id,
                title_as_said=e.title_as_said,
                years=e.years,
                country=e.country,
            )
            for e in profile.experiences
        ]
    if differs("gender") or differs("birth_year"):
        _apply_sensitive(candidate, profile.gender, profile.birth_year)


def _sync(rows: list, wanted: dict, *, key, make, value=None, update=None) -> None:
    """Make the child collection ``rows`` hold exactly the keys of ``wanted``, touching
    only the rows that differ (unchanged rows keep their identity)."""
    for row in list(rows):
        if key(row) not in wanted:
            rows.remove(row)
        elif value is not None and value(row) != wanted[key(row)]:
            update(row, wanted[key(row)])
    present = {key(row) for row in rows}
    rows.extend(make(k, v) for k, v in wanted.items() if k not in present)


def _apply_sensitive(candidate: Candidate, gender: str | None, birth_year: int | None) -> None:
    if gender is None and birth_year is None:
        candidate.sensitive = None
        return
    if candidate.sensitive is None:
        candidate.sensitive = CandidateSensitive()
    candidate.sensitive.gender = gender
    candidate.sensitive.birth_year = birth_year


# --- placement -------------------------------------------------------------------------


def _remember_status_before_placed(candidate: Candidate, before: str) -> None:
    """Keep the status a placement replaced (for its undo); forget it on any other."""
    placed = candidate.status == CandidateStatus.PLACED
    candidate.status_before_placed = before if placed else None


def end_placement(candidate: Candidate, *, by=None) -> None:
    """``candidate`` was placed and is no longer: the one owner of what that means, for
    the coach's "Undo placed" (``placement.undo_placement``) and for another status
    chosen in the profile form or by a case system (``update_candidate``, the records
    import). Called once the new status is saved (flushed), so the event names that
    save's version.

    It counts as activity (the retention review): the moment of that save becomes the
    candidate's last activity. The history line ``candidate_placement_undone`` (with
    the status they have now, and the actor: ``by``, else the current user or API
    token), then ``placement_undone``: the proposals mark the candidate's hires undone
    (they stay hires, but place nobody: no "placed with you", the API's ``placement``
    is not ``this_opportunity``) and take the trajectory steps those hires wrote back
    out."""
    if candidate.last_activity_at != candidate.updated_at:
        # The form's and the undo's save counted it already; a records import's bulk
        # write stamps only ``updated_at``.
        candidate.last_activity_at = candidate.updated_at
        db.session.flush()
    record_event(
        "candidate_placement_undone", SUBJECT, candidate.id,
        {"fields": ["status"], "version": candidate.version, "restored": candidate.status},
        actor=by,
    )
    send_required(placement_undone, candidate, by=by)


# --- consent --------------------------------------------------------------------------


def _open_consent(candidate: Candidate) -> ConsentRecord | None:
    return next((r for r in candidate.consent_records if r.is_active), None)


def give_consent(candidate: Candidate, *, given_on: date, method: str, recorded_by) -> None:
    """Record the candidate's consent to be matched within the partnership."""
    if _open_consent(candidate) is not None:
        raise ConsentAlreadyActive()
    candidate.consent_records.append(
        ConsentRecord(
            given_on=given_on, method=method, recorded_by_id=recorded_by.id, recorded_at=utcnow()
        )
    )
    log_activity(candidate, "consent_given", ["consent"])


def withdraw_consent(candidate: Candidate, *, withdrawn_on: date, recorded_by) -> None:
    """Record that the candidate withdrew consent. From now on the candidate is never
    suggested or proposed, and no longer shared with the partnership."""
    record = _open_consent(candidate)
    if record is None:
        raise NoActiveConsent()
    if withdrawn_on < record.given_on:
        raise CandidateError("withdrawn before given")
    record.withdrawn_on = withdrawn_on
    record.withdrawal_recorded_by_id = recorded_by.id
    record.withdrawal_recorded_at = utcnow()
    changed = ["consent"]
    # Open proposals and places in try-outs to come end with the consent; the employers
    # are told, without details, and a freed seat goes to the waiting list (the
    # proposals' and try-outs' receivers).
    send_required(participation_ended, candidate, by=recorded_by)
    if candidate.shared_with_partnership:
        candidate.shared_with_partnership = False
        changed.append("shared_with_partnership")
    log_activity(candidate, "consent_withdrawn", changed)


def save_activity(candidate: Candidate) -> None:
    """Save a change that is not a save of the form (flush): it counts as activity for
    the retention review, and gives the candidate a new version."""
    _touch(candidate)
    db.session.flush()


def log_activity(candidate: Candidate, action: str, changed: list[str], actor=None,
                 **facts) -> None:
    """Record a change that is not a save of the form: an activity (for the retention
    review) and an audit event naming the changed fields and the new version."""
    save_activity(candidate)
    record_event(
        action, SUBJECT, candidate.id, {"fields": changed, "version": candidate.version, **facts},
        actor=actor,
    )


# --- handover -------------------------------------------------------------------------


def hand_over_candidate(candidate: Candidate, *, to_coach, note: str | None, actor=None,
                        caseload_handover_id: int | None = None) -> None:
    """Move the candidate to another active coach, possibly of another organisation.

    The former coach keeps only the handover in their list, not the profile. A move that
    is part of an admin's whole-caseload handover names it, and the admin as ``actor``
    (its job runs without a logged-in user).
    """
    if to_coach.role != Role.COACH or not to_coach.is_active or to_coach.id == candidate.coach_id:
        raise NotACoach(str(to_coach.id))
    candidate.handovers.append(
        CandidateHandover(
            from_coach_id=candidate.coach_id,
            to_coach_id=to_coach.id,
            from_organisation_id=candidate.organisation_id,
            to_organisation_id=to_coach.organisation_id,
            note=note or None,
            caseload_handover_id=caseload_handover_id,
            handed_over_at=utcnow(),
        )
    )
    from_coach_id = candidate.coach_id
    candidate.coach = to_coach
    candidate.organisation_id = to_coach.organisation_id
    log_activity(
        candidate,
        "candidate_handed_over",
        ["coach"],
        actor=actor,
        from_coach_id=from_coach_id,
        to_coach_id=to_coach.id,
        to_organisation_id=to_coach.organisation_id,
    )


def record_export(candidate: Candidate, export_format: str) -> None:
    """Note that the current user exported everything held about the candidate."""
    record_event("candidate_exported", SUBJECT, candidate.id, {"format": export_format})


def record_privacy_search(results: int) -> None:
    """Note that an admin searched candidates for a privacy request (not what for)."""
    record_event("candidate_privacy_search", SUBJECT, None, {"results": results})


def record_retention_review(days: int, count: int) -> None:
    """Note that someone listed candidates inactive for longer than ``days``."""
    record_event("candidate_retention_review", SUBJECT, None, {"days": days, "count": count})


@people_held.connect
def _caseload_held(user, **_facts) -> int:
    """A coach holds the people of their caseload: their organisation's records, which
    go to a colleague before the coach moves (``accounts.operations.update_user``)."""
    return caseload_size(user)
