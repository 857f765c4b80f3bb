"""Business rules for opportunities: create, change, duplicate, and the life cycle.

Functions change objects and flush; the caller commits. Every change goes to the audit
log through ``record_change`` (with the old and new values: an opportunity's fields are
about a job, not about a person) so that the employer can read the history and a
second editor sees what changed (optimistic locking, see ``marketplace.web.conflicts``).

The life cycle is one table, :data:`TRANSITIONS`::

    draft ──publish──▶ published ──pause──▶ paused ──publish──▶ published
      │                  │  │                 │  │
      └──close──▶ closed ◀┘  └──fill──▶ filled ◀┘  └──close──▶ closed
                   │                      │
                   └──────reopen──────────┘──▶ published (or draft, see reopen)

Publishing needs a complete record (:func:`missing_for_publication`). Reopening a
filled or closed opportunity publishes it again when it is still complete and its
closing date has not passed; otherwise it goes back to draft, so that the employer
sets a new closing date before it is shown to coaches again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from marketplace.audit.operations import record_event
from marketplace.db_types import local_date, local_today, utcnow
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity, OpportunityLanguage, OpportunitySkill
from marketplace.opportunities.rules import (
    hours_to_store,
    start_date_to_store,
    working_time_to_store,
)
from marketplace.opportunities.vocab import (
    CLOSE_AT_START,
    KIND_SPECIFIC_FIELDS,
    NEEDED_TO_PUBLISH,
    SCHEDULE_COLUMNS,
    OpportunityKind,
    OpportunityStatus,
    applies_to,
)
from marketplace.web.conflicts import ensure_version, record_change

SUBJECT = "opportunity"
"""The audit log's subject type for opportunities."""


class OpportunityError(Exception):
    """A rule of the opportunities domain was broken."""


class TransitionNotAllowed(OpportunityError):
    def __init__(self, action: str, status: str):
        super().__init__(f"cannot {action} an opportunity that is {status}")
        self.action = action
        self.status = status


class NotReadyToPublish(OpportunityError):
    def __init__(self, missing: list[str]):
        super().__init__("missing for publication: " + ", ".join(missing))
        self.missing = missing


# --- what a form hands over ------------------------------------------------------------


@dataclass(frozen=True)
class LanguageWish:
    code: str
    level: str
    required: bool


@dataclass(frozen=True)
class SkillWish:
    skill: Any  # a taxonomy Skill
    required: bool


@dataclass
class OpportunityData:
    """Everything an employer fills in, already checked and converted by the form."""

    kind: str
    title: str
    occupation: Any  # a taxonomy Occupation
    postcode: str
    #: None only for a kind that does not ask them (a try-out: ``rules.hours_to_store``).
    hours_per_week: float | None
    #: Ignored for a try-out, like its start date: its session says them (rules.py).
    schedule: set[str]
    places: int
    dutch_level: str
    description: str = ""
    contract_type: str | None = None
    internship_weeks: int | None = None
    duration_weeks: int | None = None
    schedule_note: str | None = None
    starts_on: date | None = None
    closes_on: date | None = None
    language_support: bool = False
    driving_licence: bool = False
    certificates: str = ""
    notes_for_coaches: str = ""
    languages: list[LanguageWish] = field(default_factory=list)
    skills: list[SkillWish] = field(default_factory=list)
    session_on: date | None = None
    session_starts: time | None = None
    session_ends: time | None = None
    street_address: str | None = None
    further_occupations: list[Any] = field(default_factory=list)  # taxonomy Occupations


def missing_for_publication(record, today: date | None = None) -> list[str]:
    """The fields that keep ``record`` (an ``Opportunity`` or ``OpportunityData``) from
    being published, by field name; empty when it is complete.

    A draft may leave these open; a published opportunity must have them all.
    """
    today = today or local_today()
    missing = []
    if not (record.description or "").strip():
        missing.append("description")
    closes_on = closing_date(record)
    # A course without any date is asked its start date (which closes it), not both.
    course_without_dates = record.kind in CLOSE_AT_START and closes_on is None
    if not course_without_dates and (closes_on is None or closes_on < today):
        missing.append("closes_on")
    missing.extend(name for name, kinds in NEEDED_TO_PUBLISH.items()
                   if record.kind in kinds and not getattr(record, name))
    # A course that already began cannot be joined: its start date is asked anew.
    if (record.kind in CLOSE_AT_START and record.starts_on is not None
            and record.starts_on < today and "starts_on" not in missing):
        missing.append("starts_on")
    # A try-out whose session day has passed cannot be published (it is over).
    if (record.kind == OpportunityKind.TRYOUT and record.session_on is not None
            and record.session_on < today):
        missing.append("session_on")
    return missing


def closing_date(record) -> date | None:
    """The closing date of ``record``; a course without one closes on its start date
    (coaches can propose until the course begins)."""
    if record.closes_on is None and record.kind in CLOSE_AT_START:
        return record.starts_on
    return record.closes_on


# --- the audit snapshot ----------------------------------------------------------------


def snapshot(opportunity: Opportunity) -> dict[str, Any]:
    """The employer-editable fields as JSON values, for the audit log and history."""
    return {
        "kind": opportunity.kind,
        "title": opportunity.title,
        "occupation": opportunity.occupation.uri if opportunity.occupation else None,
        "description": opportunity.description,
        "postcode": opportunity.postcode,
        "hours_per_week": float(opportunity.hours_per_week),
        "schedule": opportunity.schedule,
        "contract_type": opportunity.contract_type,
        "internship_weeks": opportunity.internship_weeks,
        "duration_weeks": opportunity.duration_weeks,
        "schedule_note": opportunity.schedule_note,
        "places": opportunity.places,
        "starts_on": _iso(opportunity.starts_on),
        "closes_on": _iso(opportunity.closes_on),
        "dutch_level": opportunity.dutch_level,
        "language_support": opportunity.language_support,
        "driving_licence": opportunity.driving_licence,
        "certificates": opportunity.certificates,
        "notes_for_coaches": opportunity.notes_for_coaches,
        "languages": sorted(
            [row.language_code, row.level, row.required] for row in opportunity.languages
        ),
        "skills": sorted([row.skill.uri, row.required] for row in opportunity.skills),
        "session_on": _iso(opportunity.session_on),
        "session_starts": _iso(opportunity.session_starts),
        "session_ends": _iso(opportunity.session_ends),
        "street_address": opportunity.street_address,
        "further_occupations": sorted(row.uri for row in opportunity.further_occupations),
    }


def _iso(value: date | time | None) -> str | None:
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    return value.isoformat() if value else None


# --- creating and changing -------------------------------------------------------------


def create_opportunity(organisation, data: OpportunityData, *, publish: bool = False,
                       ref: str | None = None):
    """A new draft for ``organisation``; published at once when ``publish`` is True
    (which raises ``NotReadyToPublish`` when it is incomplete). ``ref``: the key the
    organisation's own system gives it (else a fresh one, ``refs.py``)."""
    opportunity = Opportunity(organisation=organisation, status=OpportunityStatus.DRAFT)
    if ref is not None:
        opportunity.ref = ref
    _apply(opportunity, data)
    db.session.add(opportunity)
    db.session.flush()
    _record_created(opportunity)
    if publish:
        apply_transition(opportunity, "publish", expected_version=opportunity.version)
    return opportunity


def update_opportunity(
    opportunity: Opportunity, data: OpportunityData, *, expected_version, publish: bool = False
) -> dict[str, list[Any]]:
    """Change an opportunity; returns ``{field: [old, new]}``.

    Raises ``EditConflict`` when someone saved it after ``expected_version``, and
    ``NotReadyToPublish`` when a published opportunity (or one to publish now) would be
    incomplete.
    """
    ensure_version(opportunity, SUBJECT, expected_version)
    stays_public = opportunity.status == OpportunityStatus.PUBLISHED
    if stays_public or publish:
        missing = missing_for_publication(data)
        if missing:
            raise NotReadyToPublish(missing)
    before = snapshot(opportunity)
    _apply(opportunity, data)
    after = snapshot(opportunity)
    if before != after:
        opportunity.updated_at = utcnow()  # also makes a change of languages bump the version
    changes = record_change(opportunity, SUBJECT, before, after)
    if publish and opportunity.status in TRANSITIONS["publish"].sources:
        apply_transition(opportunity, "publish", expected_version=opportunity.version)
    return changes


def _apply(opportunity: Opportunity, data: OpportunityData) -> None:
    opportunity.kind = data.kind
    opportunity.title = data.title.strip()
    opportunity.occupation = data.occupation
    opportunity.description = data.description.strip()
    opportunity.postcode = data.postcode
    opportunity.hours_per_week = hours_to_store(data.kind, data.hours_per_week,
                                                opportunity.hours_per_week)
    # A try-out's working time and start date are its session's (rules.py).
    schedule = working_time_to_store(data.kind, data.schedule, data.session_on,
                                     data.session_starts, data.session_ends)
    for moment, column in SCHEDULE_COLUMNS.items():
        setattr(opportunity, column, moment in schedule)
    # A field of another kind (weeks of an internship on a job) is stored as empty.
    for name in KIND_SPECIFIC_FIELDS:
        value = getattr(data, name) if applies_to(name, data.kind) else None
        setattr(opportunity, name, value or None)
    opportunity.places = data.places
    opportunity.starts_on = start_date_to_store(data.kind, data.starts_on, data.session_on)
    opportunity.closes_on = closing_date(data)
    opportunity.dutch_level = data.dutch_level
    opportunity.language_support = data.language_support
    opportunity.driving_licence = data.driving_licence
    opportunity.certificates = data.certificates.strip()
    opportunity.notes_for_coaches = data.notes_for_coaches.strip()
    further = data.further_occupations if applies_to("further_occupations", data.kind) else []
    opportunity.further_occupations = [row for row in dict.fromkeys(further)
                                       if row.id != data.occupation.id]
    _sync_languages(opportunity, data.languages)
    _sync_skills(opportunity, data.skills)


def _sync_languages(opportunity: Opportunity, wishes: list[LanguageWish]) -> None:
    """Update rows in place (a row removed and added again in one flush would break the
    unique key, because SQLAlchemy inserts before it deletes)."""
    wanted = {wish.code: wish for wish in wishes}
    for row in list(opportunity.languages):
        wish = wanted.pop(row.language_code, None)
        if wish is None:
            opportunity.languages.remove(row)
        else:
            row.level, row.required = wish.level, wish.required
    for wish in wanted.values():
        opportunity.languages.append(
            OpportunityLanguage(language_code=wish.code, level=wish.level, required=wish.required)
        )


def _sync_skills(opportunity: Opportunity, wishes: list[SkillWish]) -> None:
    wanted = {wish.skill.id: wish for wish in wishes}
    for row in list(opportunity.skills):
        wish = wanted.pop(row.skill_id, None)
        if wish is None:
            opportunity.skills.remove(row)
        else:
            row.required = wish.required
    for wish in wanted.values():
        opportunity.skills.append(
            OpportunitySkill(skill=wish.skill, required=wish.required)
        )


def _record_created(opportunity: Opportunity, **details) -> None:
    """The creation event, with every first value (shown in the history)."""
    first_values = {name: [None, value] for name, value in snapshot(opportunity).items()
                    if value not in (None, "", [], False)}
    record_event(
        "opportunity_created",
        SUBJECT,
        opportunity.id,
        {"changes": first_values, "version": opportunity.version, **details},
    )


def duplicate_opportunity(opportunity: Opportunity, title_suffix: str) -> Opportunity:
    """A new draft with the same content, titled with ``title_suffix`` (for example
    "(kopie)"); a new ref of its own and no life-cycle dates yet."""
    title = f"{opportunity.title} {title_suffix}"
    max_length = Opportunity.title.property.columns[0].type.length
    if len(title) > max_length:
        title = f"{opportunity.title[: max_length - len(title_suffix) - 1].rstrip()} {title_suffix}"
    copy = Opportunity(organisation=opportunity.organisation, status=OpportunityStatus.DRAFT)
    _apply(copy, opportunity_data(opportunity, title=title))
    db.session.add(copy)
    db.session.flush()
    _record_created(copy, copied_from=opportunity.id)
    record_event("opportunity_duplicated", SUBJECT, opportunity.id, {"copy_id": copy.id})
    return copy


def opportunity_data(opportunity: Opportunity, **changes) -> OpportunityData:
    """What ``opportunity`` holds, as a form would hand it over; ``changes`` replace
    some of the values."""
    data = OpportunityData(
        kind=opportunity.kind,
        title=opportunity.title,
        occupation=opportunity.occupation,
        postcode=opportunity.postcode,
        hours_per_week=opportunity.hours_per_week,
        schedule=set(opportunity.schedule),
        places=opportunity.places,
        dutch_level=opportunity.dutch_level,
        description=opportunity.description,
        contract_type=opportunity.contract_type,
        internship_weeks=opportunity.internship_weeks,
        duration_weeks=opportunity.duration_weeks,
        schedule_note=opportunity.schedule_note,
        starts_on=opportunity.starts_on,
        closes_on=opportunity.closes_on,
        language_support=opportunity.language_support,
        driving_licence=opportunity.driving_licence,
        certificates=opportunity.certificates,
        notes_for_coaches=opportunity.notes_for_coaches,
        languages=[LanguageWish(r.language_code, r.level, r.required)
                   for r in opportunity.languages],
        skills=[SkillWish(r.skill, r.required) for r in opportunity.skills],
        session_on=opportunity.session_on,
        session_starts=opportunity.session_starts,
        session_ends=opportunity.session_ends,
        street_address=opportunity.street_address,
        further_occupations=list(opportunity.further_occupations),
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


# --- the life cycle --------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    event: str


_S = OpportunityStatus
TRANSITIONS: dict[str, Transition] = {
    "publish": Transition(frozenset({_S.DRAFT, _S.PAUSED}), _S.PUBLISHED, "opportunity_published"),
    "pause": Transition(frozenset({_S.PUBLISHED}), _S.PAUSED, "opportunity_paused"),
    "fill": Transition(frozenset({_S.PUBLISHED, _S.PAUSED}), _S.FILLED, "opportunity_filled"),
    "close": Transition(
        frozenset({_S.DRAFT, _S.PUBLISHED, _S.PAUSED}), _S.CLOSED, "opportunity_closed"
    ),
    "reopen": Transition(frozenset({_S.FILLED, _S.CLOSED}), _S.PUBLISHED, "opportunity_reopened"),
}
"""action → which statuses it leaves, where it goes, and the audit action it logs."""


def available_actions(opportunity: Opportunity) -> list[str]:
    """The actions the opportunity's status allows, in the table's order."""
    return [name for name, move in TRANSITIONS.items() if opportunity.status in move.sources]


def apply_transition(
    opportunity: Opportunity, action: str, *, expected_version, now: datetime | None = None
) -> str:
    """Move ``opportunity`` through the life cycle; returns the new status.

    Raises ``EditConflict`` (stale ``expected_version``), ``TransitionNotAllowed`` or
    ``NotReadyToPublish``.
    """
    # The version first: a move that someone else's change made impossible should show
    # that change (a conflict), not just a refusal.
    ensure_version(opportunity, SUBJECT, expected_version)
    move = TRANSITIONS.get(action)
    if move is None or opportunity.status not in move.sources:
        raise TransitionNotAllowed(action, opportunity.status)
    now = now or utcnow()
    target = move.target
    missing = missing_for_publication(opportunity, local_date(now))
    if action == "publish" and missing:
        raise NotReadyToPublish(missing)
    if action == "reopen" and missing:
        target = OpportunityStatus.DRAFT
    before = {"status": opportunity.status}
    opportunity.status = target
    opportunity.updated_at = now
    if target == OpportunityStatus.PUBLISHED and opportunity.published_at is None:
        opportunity.published_at = now
    if action == "fill":
        opportunity.filled_at = now
    elif action == "close":
        opportunity.closed_at = now
    elif action == "reopen":
        opportunity.filled_at = opportunity.closed_at = None
    record_change(opportunity, SUBJECT, before, {"status": target}, action=move.event)
    return target
