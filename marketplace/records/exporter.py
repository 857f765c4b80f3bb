"""Writing the database back in the interchange format (see ``schema.py``).

Every organisation, opportunity and live candidate has a stable ``ref``
(``marketplace/refs.py``), so an export imports back onto the same rows, changing
nothing, and into an empty database as the same records. Lists are written in a fixed
order (by code or URI), so two exports of the same data are the same file.

Every live (not erased) candidate is written with their status. The history follows:
every proposal of a live candidate with its outcome (``decided_on``
is the day of its last change of state), and every imported suggestion list with its
live candidates (``history.py`` imports both back), the suggestion dismissals
(``dismissals.py``), then the barriers, trajectory
decisions and steps and try-out enrolments (``journey_export.py``). Optional fields are
left out when empty, and so are the hours per week of a kind without them (a try-out:
``opportunities.rules.asks_weekly_hours``), whose stored hours are shown nowhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.accounts.models import Organisation, User
from marketplace.accounts.roles import OrganisationKind, Role
from marketplace.candidates.models import Candidate
from marketplace.candidates.vocabularies import DayPart
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.rules import asks_weekly_hours
from marketplace.opportunities.vocab import SCHEDULE_COLUMNS
from marketplace.proposals.models import Proposal
from marketplace.proposals.vocab import ProposalState
from marketplace.ranking.models import HistoryList
from marketplace.records.candidate_export import candidate_extras, experience_record
from marketplace.records.dismissals import dismissal_records
from marketplace.records.history import OUTCOME_OF_STATE
from marketplace.records.interview_records import interview_record
from marketplace.records.journey_export import journey_records

ROLE_OF_KIND = {
    OrganisationKind.EMPLOYER: "employer",
    OrganisationKind.PARTNER: "partner",
    OrganisationKind.FEDERATION: "federation",
    OrganisationKind.ADMIN_BODY: "admin",
    OrganisationKind.TRAINING_PROVIDER: "training_provider",
}


def export_lines() -> Iterator[str]:
    """One JSON line per record (``export_records``)."""
    for record in export_records():
        yield json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def export_records() -> Iterator[dict]:
    organisations = {}
    for org in db.session.scalars(select(Organisation).order_by(Organisation.id)):
        organisations[org.id] = org.ref
        record = {"type": "organisation", "ref": organisations[org.id], "name": org.name,
                  "role": ROLE_OF_KIND[OrganisationKind(org.kind)]}
        if org.sector:
            record["sector"] = org.sector
        if org.postcode:
            record["postcode"] = org.postcode
        if not org.is_active:
            record["active"] = False
        yield record
    users = dict(db.session.execute(select(User.id, User.email)).all())
    coaches = {}
    for user in db.session.scalars(
            select(User).where(User.role == Role.COACH).order_by(User.id)):
        coaches[user.id] = user.email
        coach = {"type": "coach", "email": user.email, "name": user.name,
                 "organisation": organisations[user.organisation_id]}
        if user.work_phone:
            coach["work_phone"] = user.work_phone
        yield coach
    for o in db.session.scalars(select(Opportunity).order_by(Opportunity.id)):
        record = {
            "type": "opportunity", "ref": o.ref,
            "organisation": organisations[o.organisation_id], "kind": o.kind,
            "title": o.title, "description": o.description, "occupation": o.occupation.uri,
            "postcode": o.postcode, "hours_per_week": o.hours_per_week,
            "dutch_level": o.dutch_level, "language_support": o.language_support,
            "places": o.places, "status": o.status,
            "languages": sorted(({"code": lang.language_code, "level": lang.level,
                                  "required": lang.required} for lang in o.languages),
                                key=lambda lang: lang["code"]),
            "skills": sorted(({"uri": s.skill.uri, "required": s.required} for s in o.skills),
                             key=lambda skill: skill["uri"]),
            "schedule": [moment for moment, column in SCHEDULE_COLUMNS.items()
                         if getattr(o, column)],
        }
        if not asks_weekly_hours(o.kind):  # a try-out's stored hours are shown nowhere
            del record["hours_per_week"]
        if o.starts_on:  # none: as soon as possible
            record["starts_on"] = o.starts_on.isoformat()
        if o.closes_on:
            record["closes_on"] = o.closes_on.isoformat()
        yield {**record, **_opportunity_extras(o)}
    for c in db.session.scalars(
            select(Candidate).where(Candidate.status != "erased").order_by(Candidate.id)):
        kinds = [str(kind) for kind in c.wished_kinds]
        wishes = {"occupations": sorted(w.occupation.uri for w in c.wished_occupations)}
        if kinds:
            wishes["kinds"] = kinds
        if c.hours_per_week:
            wishes["hours_per_week"] = c.hours_per_week
        if c.max_commute_km is not None:
            wishes["max_commute_km"] = c.max_commute_km
        record = {
            "type": "candidate", "ref": c.ref,
            "coach": coaches[c.coach_id], "pseudonym": c.pseudonym, "postcode": c.postcode,
            "dutch_level": c.dutch_level,
            "languages": [{"code": lang.language_code, "level": lang.level}
                          for lang in c.languages],
            "experience": [experience_record(e) for e in c.experiences],
            "skills": sorted(({"uri": s.skill.uri} for s in c.skills),
                             key=lambda skill: skill["uri"]),
            "wishes": wishes,
            "allowed_to_work": c.allowed_to_work,
            "consent": bool(c.has_active_consent),
        }
        if c.available_from:  # none: available now
            record["available_from"] = c.available_from.isoformat()
        available = [part.value for part in DayPart if getattr(c, part.column)]
        if available:  # none: no limits
            record["available"] = available
        if c.wished_sectors:
            wishes["sectors"] = [sector.sector_code for sector in c.wished_sectors]
        yield {**record, **candidate_extras(c, users)}
    yield from _history_records(coaches)
    yield from dismissal_records(coaches)
    yield from journey_records()


def _opportunity_extras(o: Opportunity) -> dict:
    """The opportunity form's fields beyond the first format, when not empty."""
    record = {}
    if o.driving_licence:
        record["driving_licence"] = True
    for name in ("certificates", "notes_for_coaches", "contract_type", "internship_weeks",
                 "duration_weeks", "schedule_note", "street_address"):
        if getattr(o, name):
            record[name] = getattr(o, name)
    if o.session_on:
        record["session_on"] = o.session_on.isoformat()
    for name in ("session_starts", "session_ends"):
        if getattr(o, name) is not None:
            record[name] = getattr(o, name).strftime("%H:%M")
    if o.further_occupations:
        record["further_occupations"] = [occupation.uri for occupation in o.further_occupations]
    return record


def _history_records(coaches: dict[int, str]) -> Iterator[dict]:
    """Proposals of live candidates by coaches, then the imported suggestion lists."""
    live = Candidate.status != "erased"
    for proposal in db.session.scalars(
            select(Proposal).options(selectinload(Proposal.events),
                                     selectinload(Proposal.interviews))
            .join(Candidate, Candidate.id == Proposal.candidate_id)
            .where(live, Proposal.coach_id.in_(list(coaches))).order_by(Proposal.id)):
        record = {"type": "proposal", "ref": proposal.ref, "candidate": proposal.candidate.ref,
                  "opportunity": proposal.opportunity.ref,
                  "coach": coaches[proposal.coach_id],
                  "proposed_on": proposal.candidate_agreed_on.isoformat(),
                  "outcome": OUTCOME_OF_STATE[ProposalState(proposal.state)]}
        if proposal.state != ProposalState.PROPOSED and proposal.events:
            record["decided_on"] = proposal.events[-1].at.date().isoformat()
        if proposal.decline_reason:
            record["decline_reason"] = proposal.decline_reason
        if proposal.decline_note:
            record["decline_note"] = proposal.decline_note
        if proposal.motivation:
            record["motivation"] = proposal.motivation
        interview = interview_record(proposal)
        if interview is not None:
            record["interview"] = interview
        yield record
    live_refs = dict(db.session.execute(select(Candidate.id, Candidate.ref).where(live)).all())
    opportunity_refs = dict(db.session.execute(select(Opportunity.id, Opportunity.ref)).all())
    for history in db.session.scalars(
            select(HistoryList).options(selectinload(HistoryList.entries))
            .order_by(HistoryList.shown_on, HistoryList.id)):
        shown = [live_refs[e.candidate_id] for e in history.entries
                 if e.candidate_id in live_refs]
        if shown:
            yield {"type": "suggestion_list",
                   "opportunity": opportunity_refs[history.opportunity_id],
                   "shown_on": history.shown_on.isoformat(), "candidates": shown}
