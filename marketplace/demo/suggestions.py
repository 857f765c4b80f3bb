"""Demo suggestion logs: the first demo coach opened the suggestions of the port
employer's open opportunities and of two of their candidates, and set one suggestion
aside. Made through ``marketplace.suggestions.operations``, so the lists are what the
ranking gives on the demo data (deterministic: the ranking has no randomness).
"""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.models import Organisation, User
from marketplace.candidates.models import Candidate
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.demo.accounts import ORGANISATIONS
from marketplace.extensions import db
from marketplace.matching.opportunity_records import open_opportunities_query
from marketplace.opportunities.models import Opportunity
from marketplace.suggestions import operations

COACH_EMAIL = "coach@werkbrug.demo"


def load_demo_suggestions() -> int:
    """Log the suggestion lists the demo coach opened and dismiss one suggestion of
    their own caseload. Returns how many lists were logged."""
    coach = db.session.scalar(select(User).where(User.email == COACH_EMAIL))
    port_name = next(spec.name for spec in ORGANISATIONS if spec.key == "port")
    port = db.session.scalar(select(Organisation).where(Organisation.name == port_name))
    opportunities = db.session.scalars(
        select(Opportunity).where(Opportunity.organisation_id == port.id,
                                  Opportunity.id.in_(open_opportunities_query()))
        .order_by(Opportunity.id).limit(3)
    ).all()
    shown = [operations.show_candidates_for(opportunity, coach)[1]
             for opportunity in opportunities]
    candidates = db.session.scalars(
        select(Candidate).where(Candidate.coach_id == coach.id,
                                Candidate.status == CandidateStatus.ACTIVE,
                                Candidate.has_active_consent)
        .order_by(Candidate.id).limit(2)
    ).all()
    shown += [operations.show_opportunities_for(candidate, coach)[1] for candidate in candidates]
    own = next((entry for listed in shown for entry in listed.entries
                if db.session.get(Candidate, entry.candidate_id).coach_id == coach.id), None)
    if own is not None:
        operations.dismiss_suggestion(own, coach, reason="practical",
                                      note="Kan pas na de inburgeringscursus beginnen.")
    return len(shown)
