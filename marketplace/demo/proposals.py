"""Demo proposals: the first demo coach puts a few consenting candidates forward for
the open opportunities of the port employer, and the employer has answered some.

Made through ``marketplace.proposals.operations`` (so the history, mails and audit
events are there too), in a seeded random order: every load gives the same data.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select

from marketplace.accounts.models import Organisation, User
from marketplace.candidates.models import Candidate
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.db_types import local_today
from marketplace.demo.accounts import ORGANISATIONS
from marketplace.demo.dates import working_day_from_today
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.vocab import OpportunityStatus
from marketplace.proposals import operations
from marketplace.proposals.icsfile import BRUSSELS
from marketplace.proposals.interviews import InterviewDetails

COACH_EMAIL = "coach@werkbrug.demo"
EMPLOYER_EMAIL = "werkgever@werkbrug.demo"
MOTIVATIONS = (
    "Heeft jaren ervaring in een magazijn en werkt graag in ploegen.",
    "Leert snel, is altijd op tijd en wil graag in de haven werken.",
    "Werkte als chauffeur in zijn thuisland; het rijbewijs is erkend.",
    "Volgt Nederlands op A2 en oefent elke dag. Heel gemotiveerd.",
)


def load_demo_proposals() -> int:
    """Propose up to six candidates for the port employer's open opportunities; the
    employer invites one and declines one. Returns how many proposals were made."""
    rng = random.Random(20260105)
    coach = db.session.scalar(select(User).where(User.email == COACH_EMAIL))
    employer = db.session.scalar(select(User).where(User.email == EMPLOYER_EMAIL))
    port_name = next(spec.name for spec in ORGANISATIONS if spec.key == "port")
    port = db.session.scalar(select(Organisation).where(Organisation.name == port_name))
    opportunities = db.session.scalars(
        select(Opportunity).where(
            Opportunity.organisation_id == port.id,
            Opportunity.status == OpportunityStatus.PUBLISHED,
            Opportunity.closes_on >= local_today(),
        ).order_by(Opportunity.id).limit(2)
    ).all()
    candidates = db.session.scalars(
        select(Candidate).where(Candidate.coach_id == coach.id,
                                Candidate.status == CandidateStatus.ACTIVE,
                                Candidate.has_active_consent)
        .order_by(Candidate.id).limit(6)
    ).all()
    made = []
    for index, candidate in enumerate(candidates):
        opportunity = opportunities[index % len(opportunities)] if opportunities else None
        if opportunity is None:
            break
        made.append(operations.propose_candidate(
            coach, candidate, opportunity, motivation=rng.choice(MOTIVATIONS),
            candidate_agreed_on=local_today() - timedelta(days=rng.randint(1, 10)),
        ))
    if len(made) >= 3:
        day = working_day_from_today(7)  # a week ahead, never at the weekend
        starts_at = datetime(day.year, day.month, day.day, 10, tzinfo=BRUSSELS)
        operations.answer_proposal(made[1], "invite", by=employer,
                                   expected_version=made[1].version,
                                   interview=InterviewDetails(
                                       starts_at=starts_at, ends_at=starts_at + timedelta(hours=1),
                                       place=f"{employer.organisation.name}, Noorderlaan 100, "
                                             "2030 Antwerpen",
                                       online_url=None, contact_name=employer.name,
                                       contact_phone="03 231 45 67", contact_email=employer.email))
        operations.answer_proposal(made[2], "decline", by=employer,
                                   expected_version=made[2].version, decline_reason="language")
    return len(made)
