"""Importing a checked file: every reference is resolved first, then everything is
written in one transaction with bulk statements (100,000 candidates in well under a
minute on SQLite).

Importing the same refs again updates them, and only where the file differs from the
database (``bulk.py``): an export imported back changes nothing, not even a version. A
record's child rows (languages, skills, experience, wishes) are replaced by those of
the file when they differ. What the format does not carry gets the site's defaults on
a new row and is left as it is on an existing one; documented here once:

* opportunities: work in the daytime, no driving licence, certificates or notes; a job
  without contract type; the moment of its status set when it reaches it; the occupation
  resolved from the title when the record names none (a title that resolves to no
  ESCO occupation is an error: the site needs one);
* candidates: an integrated trajectory (work and Dutch course together), status
  active (also for an existing one: the file lists candidates to match), consent
  recorded as given on the import day by signed form when ``consent`` is true (and
  withdrawn on the import day when it turns false);
  experience titles and wished occupations given as text are resolved to ESCO; one
  that resolves to nothing is left out and reported as a warning with its line;
* proposals and suggestion lists (a partner's history): see ``history.py``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import insert, select, update

from marketplace.accounts.models import Organisation, User
from marketplace.accounts.operations import normalise_email
from marketplace.candidates.models import (
    Candidate,
    CandidateExperience,
    CandidateLanguage,
    CandidateSkill,
    CandidateWishedOccupation,
    ConsentRecord,
)
from marketplace.candidates.occupation_groups import refresh_occupation_groups
from marketplace.candidates.vocabularies import DayPart
from marketplace.db_types import local_today, utcnow
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity, OpportunityLanguage, OpportunitySkill
from marketplace.opportunities.vocab import SCHEDULE_COLUMNS
from marketplace.records.bulk import BATCH, Upserted, replace_children, upsert
from marketplace.records.history import (
    check_history,
    write_proposals,
    write_suggestion_lists,
)
from marketplace.records.reader import ParsedFile, Problem
from marketplace.records.references import KIND_OF_ROLE, References, check_references
from marketplace.security import Role

IMPORT_CONSENT_METHOD = "signed_form"
IMPORT_TRAJECTORY = "integrated"


class RecordsRejected(Exception):
    """The file has problems; nothing was written. ``problems`` says which, by line."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(problems, key=lambda problem: problem.line)


@dataclass
class ImportSummary:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)  # only records that differed
    unchanged: Counter = field(default_factory=Counter)
    warnings: list[Problem] = field(default_factory=list)

    def lines(self) -> list[str]:
        kinds = ("organisation", "coach", "opportunity", "candidate", "proposal",
                 "suggestion_list")
        return [f"{kind:<15} {self.created[kind]:>8} created {self.updated[kind]:>8} updated"
                f" {self.unchanged[kind]:>8} unchanged" for kind in kinds]

    def count(self, kind: str, done: Upserted, total: int) -> None:
        self.created[kind] += len(done.created)
        self.updated[kind] += len(done.changed)
        self.unchanged[kind] += total - len(done.created) - len(done.changed)


Progress = Callable[[int], None]


def import_records(parsed: ParsedFile, progress: Progress | None = None) -> ImportSummary:
    """Write a parsed file (see module docstring); raise ``RecordsRejected`` before any
    write when a reference is wrong. The caller commits (or rolls back)."""
    if parsed.problems:
        raise RecordsRejected(parsed.problems)
    references = References(parsed)
    summary = ImportSummary()
    problems = check_references(parsed, references, summary.warnings)
    problems += check_history(parsed, references)
    if problems:
        raise RecordsRejected(problems)
    tick = progress or (lambda _n: None)
    _write_organisations(parsed, references, summary, tick)
    _write_coaches(parsed, references, summary, tick)
    _write_opportunities(parsed, references, summary, tick)
    _write_candidates(parsed, references, summary, tick)
    write_proposals(parsed, summary)
    tick(len(parsed.records["proposal"]))
    write_suggestion_lists(parsed, summary)
    tick(len(parsed.records["suggestion_list"]))
    db.session.flush()
    return summary


# --- writing -----------------------------------------------------------------------------


def _write_organisations(parsed, ref: References, summary, tick) -> None:
    existing = {o.id: o for o in db.session.scalars(
        select(Organisation).where(Organisation.id.in_(ref.file_organisations.values())))}
    made = {}
    for _line, record in parsed.records["organisation"]:
        organisation = existing.get(ref.file_organisations.get(record.ref))
        values = {"name": record.name, "sector": record.sector, "postcode": record.postcode}
        if organisation is None:
            organisation = Organisation(ref=record.ref, kind=KIND_OF_ROLE[record.role], **values)
            db.session.add(organisation)
            made[record.ref] = organisation
            summary.created["organisation"] += 1
        elif any(getattr(organisation, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(organisation, name, value)
            summary.updated["organisation"] += 1
        else:
            summary.unchanged["organisation"] += 1
        tick(1)
    db.session.flush()
    ref.organisations.update({file_ref: o.id for file_ref, o in made.items()})


def _write_coaches(parsed, ref: References, summary, tick) -> None:
    emails = [normalise_email(r.email) for _l, r in parsed.records["coach"]]
    existing = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    for _line, record in parsed.records["coach"]:
        email = normalise_email(record.email)
        user = existing.get(email)
        organisation_id = ref.organisations[record.organisation]
        if user is None:
            user = User(email=email, role=Role.COACH, locale="nl")
            db.session.add(user)
            summary.created["coach"] += 1
        elif (user.name, user.organisation_id) != (record.name, organisation_id):
            summary.updated["coach"] += 1
        else:
            summary.unchanged["coach"] += 1
        user.name = record.name  # no UPDATE when the values are the same
        user.organisation_id = organisation_id
        tick(1)
    db.session.flush()


#: What an opportunity made by an import gets where the format says nothing; an
#: existing opportunity keeps its own values of these.
OPPORTUNITY_DEFAULTS = {"driving_licence": False, "certificates": "", "notes_for_coaches": ""}
#: The working time of a new opportunity whose record states none (the form's default).
DEFAULT_SCHEDULE = ("day",)
#: The moment each status was first reached, kept when it was already set.
_STATUS_MOMENTS = {"published_at": ("published", "paused", "filled", "closed"),
                   "filled_at": ("filled",), "closed_at": ("closed",)}


def _write_opportunities(parsed, ref: References, summary, tick) -> None:
    records = parsed.records["opportunity"]
    if not records:
        return
    now = utcnow()
    kept_schedules = _existing_schedules([r.ref for _line, r in records if r.schedule is None])
    rows = [{
        "ref": r.ref, "organisation_id": ref.organisations[r.organisation],
        "kind": r.kind, "title": r.title,
        "occupation_id": ref.occupation_for(r.occupation or r.title),
        "description": r.description, "postcode": r.postcode,
        "hours_per_week": r.hours_per_week, "places": r.places, "starts_on": r.starts_on,
        "closes_on": r.closes_on, "dutch_level": r.dutch_level,
        "language_support": r.language_support, "status": r.status,
        **_schedule_columns(r.schedule or kept_schedules.get(r.ref, DEFAULT_SCHEDULE)),
    } for _line, r in records]
    done = upsert(Opportunity, "ref", rows, create_only=OPPORTUNITY_DEFAULTS,
                  touched={"updated_at": now})
    _stamp_status_moments(done, rows, now)
    summary.count("opportunity", done, len(records))
    ids = done.ids
    languages, skills = [], []
    for _line, r in records:
        oid = ids[r.ref]
        languages += [{"opportunity_id": oid, "language_code": lang.code, "level": lang.level,
                       "required": lang.required}
                      for lang in r.languages if lang.level != "none" and lang.code != "nl"]
        seen = set()
        for skill in r.skills:
            skill_id = ref.skills[skill.uri]
            if skill_id not in seen:
                seen.add(skill_id)
                skills.append({"opportunity_id": oid, "skill_id": skill_id,
                               "required": skill.required})
    replace_children(OpportunityLanguage, "opportunity_id", ids.values(), languages)
    replace_children(OpportunitySkill, "opportunity_id", ids.values(), skills)
    tick(len(records))


def _schedule_columns(schedule) -> dict[str, bool]:
    return {column: moment in schedule for moment, column in SCHEDULE_COLUMNS.items()}


def _existing_schedules(refs: list[str]) -> dict[str, tuple[str, ...]]:
    """The working time of the existing opportunities among ``refs``: a record without
    one leaves it as it is."""
    found = {}
    columns = [getattr(Opportunity, column) for column in SCHEDULE_COLUMNS.values()]
    for chunk in range(0, len(refs), BATCH):
        query = select(Opportunity.ref, *columns).where(
            Opportunity.ref.in_(refs[chunk:chunk + BATCH]))
        for ref, *flags in db.session.execute(query):
            found[ref] = tuple(moment for moment, flag
                               in zip(SCHEDULE_COLUMNS, flags, strict=True) if flag)
    return found


def _stamp_status_moments(done: Upserted, rows: list[dict], now) -> None:
    """The moment of a status an opportunity reaches by this import (new ones, and
    changed ones whose status moved); an unchanged record keeps its history, and a
    first publication is never moved."""
    reached: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        key = row["ref"]
        if key in done.created:
            before = None
        elif key in done.changed:
            before = done.previous[key]["status"]
        else:
            continue
        for column, statuses in _STATUS_MOMENTS.items():
            if row["status"] in statuses and before not in statuses:
                reached[column].append(done.ids[key])
    for column, ids in reached.items():
        query = update(Opportunity).values({column: now})
        if column == "published_at":
            query = query.where(Opportunity.published_at.is_(None))
        for chunk in range(0, len(ids), BATCH):
            db.session.execute(query.where(Opportunity.id.in_(ids[chunk:chunk + BATCH])),
                               execution_options={"synchronize_session": False})


def _write_candidates(parsed, ref: References, summary, tick) -> None:
    records = parsed.records["candidate"]
    if not records:
        return
    coaches = dict(db.session.execute(
        select(User.email, User.id).where(User.role == Role.COACH)).all())
    coach_orgs = dict(db.session.execute(
        select(User.id, User.organisation_id).where(User.role == Role.COACH)).all())
    now = utcnow()
    rows = []
    for _line, r in records:
        coach_id = coaches[normalise_email(r.coach)]
        kinds = set(r.wishes.kinds)
        rows.append({
            "ref": r.ref, "coach_id": coach_id, "organisation_id": coach_orgs[coach_id],
            # The format has no status: an imported candidate is active, and a placement
            # it replaces has nothing left to undo (the database refuses one kept).
            "status": "active", "status_before_placed": None,
            "pseudonym": r.pseudonym, "postcode": r.postcode,
            "dutch_level": r.dutch_level, "wishes_job": "job" in kinds,
            "wishes_internship": "internship" in kinds,
            "wishes_volunteering": "volunteering" in kinds,
            "wishes_training": "training" in kinds,
            "hours_per_week": _whole(r.wishes.hours_per_week),
            "max_commute_km": _whole(r.wishes.max_commute_km),
            "available_from": r.available_from, "allowed_to_work": r.allowed_to_work,
            **{part.column: part.value in r.available for part in DayPart},
        })
    done = upsert(Candidate, "ref", rows,
                  create_only={"trajectory": IMPORT_TRAJECTORY, "last_activity_at": now},
                  touched={"updated_at": now})
    summary.count("candidate", done, len(records))
    ids = done.ids
    tick(len(records) // 2)
    languages, experience, skills, wishes = [], [], [], []
    for _line, r in records:
        cid = ids[r.ref]
        languages += [{"candidate_id": cid, "language_code": lang.code, "level": lang.level}
                      for lang in r.languages if lang.level != "none" and lang.code != "nl"]
        for entry in r.experience:
            occupation = ref.occupation_for(entry.occupation or entry.title)
            if occupation is not None:
                experience.append({"candidate_id": cid, "occupation_id": occupation,
                                   "title_as_said": entry.title, "years": entry.years})
        skills += [{"candidate_id": cid, "skill_id": skill_id}
                   for skill_id in dict.fromkeys(ref.skills[s.uri] for s in r.skills)]
        wished = dict.fromkeys(o for w in r.wishes.occupations
                               if (o := ref.occupation_for(w)) is not None)
        wishes += [{"candidate_id": cid, "occupation_id": o} for o in wished]
    touched = {ids[key] for key in done.created | done.changed}
    touched |= replace_children(CandidateLanguage, "candidate_id", ids.values(), languages)
    touched |= replace_children(CandidateExperience, "candidate_id", ids.values(), experience)
    touched |= replace_children(CandidateSkill, "candidate_id", ids.values(), skills)
    touched |= replace_children(CandidateWishedOccupation, "candidate_id", ids.values(), wishes)
    touched |= _sync_consent(records, ids)
    # Status, consent, wishes and experience may have changed above, in bulk; only
    # those candidates' derived rows are rewritten.
    refresh_occupation_groups(sorted(touched))
    tick(len(records) - len(records) // 2)


def _sync_consent(records, ids: dict[str, int]) -> set[int]:
    """Give consent where the file says so and none is open; withdraw it where the
    file says no and one is open. Returns the candidates whose consent changed."""
    today = local_today()
    now = utcnow()
    open_ids = set()
    all_ids = list(ids.values())
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
