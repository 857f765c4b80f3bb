"""Importing a checked file: every reference is resolved first, then everything is
written in one transaction with bulk statements (100,000 candidates in well under a
minute on SQLite).

Importing the same refs again updates them, and only where the file differs from the
database (``bulk.py``): an export imported back changes nothing, not even a version. A
record's child rows (languages, skills, experience, wishes) are replaced by those of
the file when they differ. What a record leaves out (an optional field that is
absent) gets the site's defaults on a new row and is left as it is on an existing one
(``carried.py``); documented here once:

* opportunities: work in the daytime (``schedule``), no driving licence, certificates
  or notes, the kind-specific fields empty (a field the kind does not have is always
  emptied, as the form does); the moment of its status set when it reaches it; the
  occupation resolved from the title when the record names none (a title that resolves
  to no ESCO occupation is an error: the site needs one);
* candidates: see ``candidate_writer.py`` (status, the rest of the profile, consent);
  experience titles and wished occupations given as text are resolved to ESCO; one
  that resolves to nothing is left out and reported as a warning with its line;
* proposals and suggestion lists (a partner's history): see ``history.py``;
  suggestion dismissals: see ``dismissals.py``;
* barriers, trajectory decisions and steps, try-out enrolments: see ``journey.py``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select, update

from marketplace.accounts.lifecycle import stop_what_waits_on
from marketplace.accounts.models import Organisation, User
from marketplace.accounts.operations import normalise_email
from marketplace.accounts.roles import Role
from marketplace.accounts.sessions import end_all_login_sessions
from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity, OpportunityLanguage, OpportunitySkill
from marketplace.opportunities.rules import (
    hours_to_store,
    start_date_to_store,
    working_time_to_store,
)
from marketplace.opportunities.vocab import SCHEDULE_COLUMNS, applies_to
from marketplace.records.bulk import (
    BATCH,
    Upserted,
    replace_children,
    sync_further_occupations,
    upsert,
)
from marketplace.records.candidate_writer import write_candidates
from marketplace.records.carried import carried_values, existing_values
from marketplace.records.dismissals import check_dismissals, write_dismissals
from marketplace.records.history import (
    check_history,
    write_proposals,
    write_suggestion_lists,
)
from marketplace.records.journey import JOURNEY_TYPES, check_journey
from marketplace.records.journey_writer import write_journey
from marketplace.records.reader import ParsedFile, Problem
from marketplace.records.references import KIND_OF_ROLE, References, check_references
from marketplace.records.schema import RECORD_TYPES


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
        return [f"{kind:<19} {self.created[kind]:>8} created {self.updated[kind]:>8} updated"
                f" {self.unchanged[kind]:>8} unchanged" for kind in RECORD_TYPES]

    def count(self, kind: str, done: Upserted, total: int) -> None:
        self.created[kind] += len(done.created)
        self.updated[kind] += len(done.changed)
        self.unchanged[kind] += total - len(done.created) - len(done.changed)


Progress = Callable[[int], None]


def import_records(parsed: ParsedFile, progress: Progress | None = None, *,
                   by=None) -> ImportSummary:
    """Write a parsed file (see module docstring); raise ``RecordsRejected`` before any
    write when a reference is wrong. The caller commits (or rolls back). ``by``: who
    uploaded the file (the actor of a placement it ends), else nobody (the command)."""
    if parsed.problems:
        raise RecordsRejected(parsed.problems)
    references = References(parsed)
    summary = ImportSummary()
    problems = check_references(parsed, references, summary.warnings)
    problems += check_history(parsed, references)
    problems += check_dismissals(parsed, references)
    problems += check_journey(parsed, references)
    if problems:
        raise RecordsRejected(problems)
    tick = progress or (lambda _n: None)
    deactivated = _write_organisations(parsed, references, summary, tick)
    _write_coaches(parsed, references, summary, tick)
    _write_opportunities(parsed, references, summary, tick)
    _close_offers_of(deactivated, summary)
    write_candidates(parsed, references, summary, tick, by)
    write_proposals(parsed, summary)
    tick(len(parsed.records["proposal"]))
    write_suggestion_lists(parsed, summary)
    tick(len(parsed.records["suggestion_list"]))
    write_dismissals(parsed, summary)
    tick(len(parsed.records["suggestion_dismissal"]))
    write_journey(parsed, summary)
    tick(sum(len(parsed.records[kind]) for kind in JOURNEY_TYPES))
    db.session.flush()
    return summary


# --- writing -----------------------------------------------------------------------------


def _write_organisations(parsed, ref: References, summary,
                         tick) -> list[tuple[int, Organisation]]:
    """Write the organisations; returns those the file made inactive, by line."""
    existing = {o.id: o for o in db.session.scalars(
        select(Organisation).where(Organisation.id.in_(ref.file_organisations.values())))}
    made = {}
    deactivated = []
    for line, record in parsed.records["organisation"]:
        organisation = existing.get(ref.file_organisations.get(record.ref))
        if organisation is not None and organisation.is_active and record.active is False:
            deactivated.append((line, organisation))
        values = {"name": record.name, "sector": record.sector, "postcode": record.postcode}
        if record.active is not None:  # absent: an existing one keeps its own
            values["is_active"] = record.active
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
    return deactivated


def _close_offers_of(deactivated: list[tuple[int, Organisation]], summary) -> None:
    """As on the site (``accounts.operations.update_organisation``): nobody of an
    organisation made inactive can answer a proposal, so its open opportunities close,
    those of the file included; the summary says so at the organisation's line."""
    for line, organisation in deactivated:
        closed = stop_what_waits_on(organisation)
        if closed:
            summary.warnings.append(Problem(
                line, f"organisation {organisation.ref!r}: made inactive, so its {closed} "
                "published or paused opportunities were closed"))


def _write_coaches(parsed, ref: References, summary, tick) -> None:
    emails = [normalise_email(r.email) for _l, r in parsed.records["coach"]]
    existing = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    for _line, record in parsed.records["coach"]:
        email = normalise_email(record.email)
        user = existing.get(email)
        values = {"name": record.name, "organisation_id": ref.organisations[record.organisation]}
        if "work_phone" in record.model_fields_set:  # absent: an existing one keeps its own
            values["work_phone"] = record.work_phone
        if user is None:
            user = User(email=email, role=Role.COACH, locale="nl")
            db.session.add(user)
            summary.created["coach"] += 1
        elif any(getattr(user, name) != value for name, value in values.items()):
            summary.updated["coach"] += 1
            if user.organisation_id != values["organisation_id"]:
                # A change of access, as on the admin's form: the coach logs in again
                # (``check_references`` refused the move while they held people).
                end_all_login_sessions(user)
        else:
            summary.unchanged["coach"] += 1
        for name, value in values.items():  # no UPDATE when the values are the same
            setattr(user, name, value)
        tick(1)
    db.session.flush()


#: Fields an opportunity record may leave out, and what a new opportunity then gets; an
#: existing one keeps its own values (``carried.py``).
OPPORTUNITY_DEFAULTS = {
    "driving_licence": False, "certificates": "", "notes_for_coaches": "",
    "contract_type": None, "internship_weeks": None, "duration_weeks": None,
    "schedule_note": None, "session_on": None, "session_starts": None,
    "session_ends": None, "street_address": None,
}
_AS_TIME = {"session_starts": dt.time.fromisoformat, "session_ends": dt.time.fromisoformat}
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
    existing = existing_values(Opportunity, "ref", [r.ref for _line, r in records],
                               [*OPPORTUNITY_DEFAULTS, "hours_per_week"])
    rows = []
    for _line, r in records:
        kind_fields = _kind_fields(r, existing)
        rows.append({
            "ref": r.ref, "organisation_id": ref.organisations[r.organisation],
            "kind": r.kind, "title": r.title,
            "occupation_id": ref.occupation_for(r.occupation or r.title),
            "description": r.description, "postcode": r.postcode,
            "hours_per_week": hours_to_store(r.kind, r.hours_per_week,
                                             existing.get(r.ref, {}).get("hours_per_week")),
            "places": r.places,
            "closes_on": r.closes_on, "dutch_level": r.dutch_level,
            "language_support": r.language_support, "status": r.status,
            **kind_fields,
            **_timing(r, kind_fields, r.schedule or kept_schedules.get(r.ref, DEFAULT_SCHEDULE)),
        })
    done = upsert(Opportunity, "ref", rows, create_only={}, touched={"updated_at": now})
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
    sync_further_occupations(
        {ids[r.ref]: [ref.occupations[uri] for uri in r.further_occupations]
         for _line, r in records if r.further_occupations is not None})
    tick(len(records))


def _kind_fields(record, existing) -> dict[str, object]:
    """The carried fields of an opportunity; a field its kind does not have is empty
    (also one kept from before the kind changed), as the site's form stores it."""
    values = carried_values(record, record.ref, existing, OPPORTUNITY_DEFAULTS, _AS_TIME)
    for name in OPPORTUNITY_DEFAULTS:
        if not applies_to(name, record.kind):
            values[name] = OPPORTUNITY_DEFAULTS[name]
    return values


def _timing(record, kind_fields, schedule) -> dict[str, object]:
    """The working time and start date to store: a try-out's are its session's
    (``opportunities.rules``, as the site's form and the API store them), whatever the
    record says; other kinds store the record's."""
    session_on = kind_fields["session_on"]
    schedule = working_time_to_store(record.kind, schedule, session_on,
                                     kind_fields["session_starts"], kind_fields["session_ends"])
    return {"starts_on": start_date_to_store(record.kind, record.starts_on, session_on),
            **{column: moment in schedule for moment, column in SCHEDULE_COLUMNS.items()}}


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
