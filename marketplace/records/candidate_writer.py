"""Writing the candidate records of a checked file (``importer.py`` calls it).

The profile's columns and child lists go through ``bulk.py`` (only what differs is
written). Fields a record leaves out are kept on an existing candidate and get the
profile form's default on a new one (``carried.py``); ``status`` is the exception: a
record without one makes the candidate active (the file lists candidates to match).
A record that takes a placed person out of ``placed`` ends the placement as the
profile form and "Undo placed" do, through their one owner
(``candidates.operations.end_placement``: the last activity, the history line, the
hires marked undone, their steps out of the trajectory), by ``by`` (whoever uploaded
the file, else nobody); who leaves ``placed`` is read from the rows the bulk write
compares anyway. Any record that changed something of its candidate (profile, lists,
consent, coach) counts as their last activity; one that changed nothing does not.

Consent: with ``consent_records`` the candidate's consent history becomes exactly
those records (given on, how, recorded by; withdrawn on, by), compared without the
moments they were recorded; without them consent is given on the import day by signed
form when ``consent`` is true and none is open, and withdrawn on the import day when it
turns false. ``registered_on`` sets the day of registration (noon UTC of that day).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select, update

from marketplace.accounts.models import User
from marketplace.accounts.operations import normalise_email
from marketplace.accounts.roles import Role
from marketplace.candidates.models import Candidate, ConsentRecord
from marketplace.candidates.occupation_groups import refresh_occupation_groups
from marketplace.candidates.operations import end_placement
from marketplace.candidates.profile_rows import (
    CandidateExperience,
    CandidateLanguage,
    CandidateSensitive,
    CandidateSkill,
    CandidateWishedOccupation,
    CandidateWishedSector,
)
from marketplace.candidates.vocabularies import CandidateStatus, DayPart
from marketplace.db_types import local_date, local_today, utcnow
from marketplace.extensions import db
from marketplace.records.bulk import BATCH, replace_children, upsert
from marketplace.records.carried import carried_values, existing_values

IMPORT_CONSENT_METHOD = "signed_form"
IMPORT_TRAJECTORY = "integrated"
#: Profile fields a record may leave out, and a new candidate's value for them.
CANDIDATE_DEFAULTS = {
    "email": None, "phone": None, "dutch_level_assessed_on": None,
    "dutch_level_source": None, "education_level": None, "diploma_recognition": None,
    "commute_means": None, "driving_licence": False, "trajectory": IMPORT_TRAJECTORY,
    "shared_with_partnership": False, "coach_note": None,
}


def noon(day: dt.date) -> dt.datetime:
    """The moment that stands for a day of the format (its Brussels day is the day)."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def write_candidates(parsed, ref, summary, tick, by=None) -> None:
    records = parsed.records["candidate"]
    if not records:
        return
    coaches = dict(db.session.execute(
        select(User.email, User.id).where(User.role == Role.COACH)).all())
    coach_orgs = dict(db.session.execute(
        select(User.id, User.organisation_id).where(User.role == Role.COACH)).all())
    now = utcnow()
    existing = existing_values(Candidate, "ref", [r.ref for _line, r in records],
                               [*CANDIDATE_DEFAULTS, "created_at", "status",
                                "status_before_placed"])
    rows = []
    for _line, r in records:
        coach_id = coaches[normalise_email(r.coach)]
        kinds = set(r.wishes.kinds)
        rows.append({
            "ref": r.ref, "coach_id": coach_id, "organisation_id": coach_orgs[coach_id],
            "status": r.status or "active",
            "status_before_placed": _before_placed(r, existing.get(r.ref)),
            "pseudonym": r.pseudonym, "postcode": r.postcode,
            "dutch_level": r.dutch_level, "wishes_job": "job" in kinds,
            "wishes_internship": "internship" in kinds,
            "wishes_volunteering": "volunteering" in kinds,
            "wishes_training": "training" in kinds,
            "hours_per_week": _whole(r.wishes.hours_per_week),
            "max_commute_km": _whole(r.wishes.max_commute_km),
            "available_from": r.available_from, "allowed_to_work": r.allowed_to_work,
            **{part.column: part.value in r.available for part in DayPart},
            **carried_values(r, r.ref, existing, CANDIDATE_DEFAULTS),
            "created_at": _registered(r, existing.get(r.ref), now),
        })
    done = upsert(Candidate, "ref", rows, create_only={"last_activity_at": now},
                  touched={"updated_at": now})
    summary.count("candidate", done, len(records))
    ids = done.ids
    tick(len(records) // 2)
    touched = {ids[key] for key in done.created | done.changed}
    touched |= _write_children(records, ids, ref)
    touched |= _sync_consent(records, ids, now)
    _mark_activity(touched, now)
    # Status, consent, wishes and experience may have changed above, in bulk; only
    # those candidates' derived rows are rewritten.
    refresh_occupation_groups(sorted(touched))
    _end_placements(done, rows, by)
    tick(len(records) - len(records) // 2)


def _mark_activity(ids: set[int], now: dt.datetime) -> None:
    """A record that changed a profile, its lists or its consent is activity, as a
    save in the site is (``candidates.activity``): the retention review must not
    count a person the case system still updates as forgotten. A record that changed
    nothing leaves the moment alone."""
    changed = sorted(ids)
    for chunk in range(0, len(changed), BATCH):
        db.session.execute(
            update(Candidate).where(Candidate.id.in_(changed[chunk:chunk + BATCH]))
            .values(last_activity_at=now),
            execution_options={"synchronize_session": False},
        )


def _end_placements(done, rows: list[dict], by) -> None:
    """End the placement of each candidate this import took out of ``placed`` (usually
    few): loaded once their new status is written, so the history line names the
    import's version and the restored status."""
    leaving = [done.ids[row["ref"]] for row in rows if row["ref"] in done.changed
               and done.previous[row["ref"]]["status"] == CandidateStatus.PLACED
               and row["status"] != CandidateStatus.PLACED]
    for chunk in range(0, len(leaving), BATCH):
        candidates = db.session.scalars(
            select(Candidate).where(Candidate.id.in_(leaving[chunk:chunk + BATCH]))
            .order_by(Candidate.id).execution_options(populate_existing=True)).all()
        for candidate in candidates:
            end_placement(candidate, by=by)


def _before_placed(record, kept: dict | None) -> str | None:
    """A placement the file keeps can still be undone; any other status clears it."""
    if record.status == "placed" and kept and kept["status"] == "placed":
        return kept["status_before_placed"]
    return None


def _registered(record, kept: dict | None, now: dt.datetime) -> dt.datetime:
    """``created_at``: noon of ``registered_on`` unless the row already holds a moment
    of that day; absent, the row's own (a new row: now)."""
    if record.registered_on is None:
        return kept["created_at"] if kept else now
    if kept and local_date(kept["created_at"]) == record.registered_on:
        return kept["created_at"]
    return noon(record.registered_on)


def _write_children(records, ids: dict[str, int], ref) -> set[int]:
    languages, experience, skills, wishes, sectors, sensitive = [], [], [], [], [], []
    sector_owners, sensitive_owners = [], []
    for _line, r in records:
        cid = ids[r.ref]
        languages += [{"candidate_id": cid, "language_code": lang.code, "level": lang.level}
                      for lang in r.languages if lang.level != "none" and lang.code != "nl"]
        for entry in r.experience:
            occupation = ref.occupation_for(entry.occupation or entry.title)
            if occupation is not None:
                experience.append({"candidate_id": cid, "occupation_id": occupation,
                                   "title_as_said": entry.title, "years": entry.years,
                                   "country": entry.country})
        skills += [{"candidate_id": cid, "skill_id": skill_id}
                   for skill_id in dict.fromkeys(ref.skills[s.uri] for s in r.skills)]
        wished = dict.fromkeys(o for w in r.wishes.occupations
                               if (o := ref.occupation_for(w)) is not None)
        wishes += [{"candidate_id": cid, "occupation_id": o} for o in wished]
        if r.wishes.sectors is not None:
            sector_owners.append(cid)
            sectors += [{"candidate_id": cid, "sector_code": code} for code in r.wishes.sectors]
        if {"gender", "birth_year"} & r.model_fields_set:
            sensitive_owners.append(cid)
            if r.gender is not None or r.birth_year is not None:
                sensitive.append({"candidate_id": cid, "gender": r.gender,
                                  "birth_year": r.birth_year})
    every = list(ids.values())
    touched = replace_children(CandidateLanguage, "candidate_id", every, languages)
    touched |= replace_children(CandidateExperience, "candidate_id", every, experience)
    touched |= replace_children(CandidateSkill, "candidate_id", every, skills)
    touched |= replace_children(CandidateWishedOccupation, "candidate_id", every, wishes)
    touched |= replace_children(CandidateWishedSector, "candidate_id", sector_owners, sectors)
    touched |= replace_children(CandidateSensitive, "candidate_id", sensitive_owners, sensitive,
                                columns=["gender", "birth_year"])
    return touched


def _sync_consent(records, ids: dict[str, int], now) -> set[int]:
    """The consent of the file's candidates (module docstring); returns the candidates
    whose consent changed."""
    emails = dict(db.session.execute(select(User.email, User.id)).all())
    history, wanted = [], []
    for _line, r in records:
        if r.consent_records is None:
            continue
        history.append(ids[r.ref])
        for entry in r.consent_records:
            wanted.append({
                "candidate_id": ids[r.ref], "given_on": entry.given_on,
                "method": entry.method,
                "recorded_by_id": emails.get(normalise_email(entry.recorded_by or "")),
                "withdrawn_on": entry.withdrawn_on,
                "withdrawal_recorded_by_id": emails.get(normalise_email(entry.withdrawn_by or "")),
                "recorded_at": now,
                "withdrawal_recorded_at": now if entry.withdrawn_on else None,
            })
    changed = replace_children(
        ConsentRecord, "candidate_id", history, wanted,
        columns=["given_on", "method", "recorded_by_id", "withdrawn_on",
                 "withdrawal_recorded_by_id"])
    _unshare_without_consent(changed, records, ids)
    simple = [(line, r) for line, r in records if r.consent_records is None]
    return changed | _sync_simple_consent(simple, ids, now)


def _unshare_without_consent(changed: set[int], records, ids) -> None:
    closed = [ids[r.ref] for _line, r in records
              if r.consent_records is not None and not r.consent and ids[r.ref] in changed]
    for chunk in range(0, len(closed), BATCH):
        db.session.execute(
            update(Candidate).where(Candidate.id.in_(closed[chunk:chunk + BATCH]))
            .values(shared_with_partnership=False),
            execution_options={"synchronize_session": False},
        )


def _sync_simple_consent(records, ids: dict[str, int], now) -> set[int]:
    """Give consent where the file says so and none is open; withdraw it where the
    file says no and one is open."""
    today = local_today()
    open_ids = set()
    all_ids = [ids[r.ref] for _line, r in records]
    for chunk in range(0, len(all_ids), BATCH):
        open_ids.update(db.session.scalars(
            select(ConsentRecord.candidate_id)
            .where(ConsentRecord.candidate_id.in_(all_ids[chunk:chunk + BATCH]),
                   ConsentRecord.withdrawn_on.is_(None))))
    give = [{"candidate_id": ids[r.ref], "given_on": today, "method": IMPORT_CONSENT_METHOD,
             "recorded_at": now}
            for _line, r in records if r.consent and ids[r.ref] not in open_ids]
    withdraw = [ids[r.ref] for _line, r in records if not r.consent and ids[r.ref] in open_ids]
    for chunk in range(0, len(give), BATCH):
        db.session.execute(insert(ConsentRecord), give[chunk:chunk + BATCH])
    for chunk in range(0, len(withdraw), BATCH):
        db.session.execute(
            update(ConsentRecord)
            .where(ConsentRecord.candidate_id.in_(withdraw[chunk:chunk + BATCH]),
                   ConsentRecord.withdrawn_on.is_(None))
            .values(withdrawn_on=today, withdrawal_recorded_at=now),
            execution_options={"synchronize_session": False},
        )
        db.session.execute(
            update(Candidate).where(Candidate.id.in_(withdraw[chunk:chunk + BATCH]))
            .values(shared_with_partnership=False),
            execution_options={"synchronize_session": False},
        )
    return {row["candidate_id"] for row in give} | set(withdraw)


def _whole(value: float | None) -> int | None:
    return None if value is None else round(value)
