"""Load the demo opportunities (``opportunity_data.py``) of the five demo employers,
made over the last nine months, with their history in the audit log.

The dates are relative to the day the demo is loaded, so that a monthly trend always
covers the last months; small variations come from a seeded random generator, so every
load gives the same data.

The loader builds rows and their audit events directly (with the historical moment
of each step), like a data import would; the site itself only changes opportunities
through ``marketplace.opportunities.operations``.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from marketplace.accounts.models import Organisation, User
from marketplace.audit.models import AuditEvent
from marketplace.db_types import utcnow
from marketplace.demo import esco
from marketplace.demo.opportunity_data import OPPORTUNITIES, DemoOpportunity
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity, OpportunityLanguage, OpportunitySkill
from marketplace.opportunities.operations import SUBJECT, TRANSITIONS, snapshot
from marketplace.opportunities.vocab import SCHEDULE_COLUMNS, OpportunityStatus


def load_demo_opportunities(organisations: dict[str, Organisation], seed: int = 2026,
                            specs: tuple[DemoOpportunity, ...] = OPPORTUNITIES) -> int:
    """Create the demo opportunities (``specs``, by default :data:`OPPORTUNITIES`) with
    their history; returns how many. An organisation without an employer user gets
    history events without an actor, as an import would."""
    rng = random.Random(seed)
    now = utcnow()
    today = now.date()
    occupations = esco.occupations(spec.occupation for spec in specs)
    skills = esco.skills(uri for spec in specs for uri, _ in spec.skills)
    employers = {
        user.organisation_id: user
        for user in db.session.scalars(select(User).where(User.role == "employer"))
    }
    for spec in specs:
        organisation = organisations[spec.employer]
        _load_one(spec, organisation, employers.get(organisation.id), occupations, skills, rng,
                  now, today)
    db.session.flush()
    return len(specs)


def _load_one(spec, organisation, employer, occupations, skills, rng, now, today) -> None:
    created_at = _at(now - timedelta(days=spec.created_days_ago), rng)
    published_at = created_at + timedelta(days=rng.randint(0, 4), hours=rng.randint(1, 6))
    opportunity = Opportunity(
        organisation=organisation,
        kind=spec.kind,
        title=spec.title,
        occupation=occupations[spec.occupation],
        description=spec.description,
        postcode=spec.postcode,
        hours_per_week=spec.hours,
        contract_type=spec.contract_type,
        internship_weeks=spec.internship_weeks,
        places=spec.places,
        dutch_level=spec.dutch_level,
        language_support=spec.language_support,
        driving_licence=spec.driving_licence,
        certificates=spec.certificates,
        notes_for_coaches=spec.notes,
        status=OpportunityStatus.DRAFT,
        created_at=created_at,
        updated_at=created_at,
        **{column: moment in spec.schedule for moment, column in SCHEDULE_COLUMNS.items()},
    )
    opportunity.starts_on, opportunity.closes_on = _dates(spec, published_at, today, rng)
    opportunity.languages = [
        OpportunityLanguage(language_code=code, level=level, required=required)
        for code, level, required in spec.languages
    ]
    opportunity.skills = [
        OpportunitySkill(skill=skills[uri], required=required) for uri, required in spec.skills
    ]
    db.session.add(opportunity)
    db.session.flush()
    first_values = {name: [None, value] for name, value in snapshot(opportunity).items()
                    if value not in (None, "", [], False)}
    _event(opportunity, employer, created_at, "opportunity_created", {"changes": first_values})
    if spec.status == OpportunityStatus.DRAFT:
        return
    _move(opportunity, employer, "publish", published_at)
    if spec.status == OpportunityStatus.PAUSED:
        _move(opportunity, employer, "pause", published_at + timedelta(days=rng.randint(10, 40)))
    elif spec.status == OpportunityStatus.FILLED:
        _move(opportunity, employer, "fill", published_at + timedelta(days=rng.randint(12, 70)))
    elif spec.status == OpportunityStatus.CLOSED:
        closed_at = datetime.combine(opportunity.closes_on, time(17), tzinfo=now.tzinfo)
        _move(opportunity, employer, "close", min(closed_at, now - timedelta(days=1)))


def _at(moment: datetime, rng: random.Random) -> datetime:
    """A moment during office hours of that day."""
    return moment.replace(hour=rng.randint(7, 16), minute=rng.randint(0, 59), second=0,
                          microsecond=0)


def _dates(spec, published_at: datetime, today: date, rng) -> tuple[date | None, date]:
    """Start and closing dates that fit the status: open ones close in the future,
    closed ones closed in the past."""
    published_on = published_at.date()
    if spec.status == OpportunityStatus.CLOSED:
        closes_on = min(published_on + timedelta(days=rng.randint(25, 60)),
                        today - timedelta(days=2))
    elif spec.status == OpportunityStatus.FILLED:
        closes_on = published_on + timedelta(days=rng.randint(60, 90))
    else:
        closes_on = max(published_on + timedelta(days=rng.randint(60, 120)),
                        today + timedelta(days=rng.randint(14, 75)))
    starts_on = None
    if rng.random() < 0.6:
        starts_on = min(published_on + timedelta(days=rng.randint(14, 45)), closes_on)
    return starts_on, closes_on


def _move(opportunity: Opportunity, actor: User | None, action: str, at: datetime) -> None:
    """One step of the life cycle at a moment in the past, as ``apply_transition``
    records it."""
    move = TRANSITIONS[action]
    before = opportunity.status
    opportunity.status = move.target
    opportunity.updated_at = at
    if action == "publish" and opportunity.published_at is None:
        opportunity.published_at = at
    elif action == "fill":
        opportunity.filled_at = at
    elif action == "close":
        opportunity.closed_at = at
    db.session.flush()
    _event(opportunity, actor, at, move.event, {"changes": {"status": [before, move.target]}})


def _event(opportunity: Opportunity, actor: User | None, at: datetime, action: str,
           details) -> None:
    db.session.add(
        AuditEvent(
            occurred_at=at,
            actor_id=actor.id if actor else None,
            actor_organisation_id=actor.organisation_id if actor else None,
            action=action,
            subject_type=SUBJECT,
            subject_id=opportunity.id,
            details={**details, "version": opportunity.version},
        )
    )
