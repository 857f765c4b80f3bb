"""A candidate's trajectory in their privacy export (right of access): the partners'
decisions and every step, notes included, in the plain-dictionary form of
``candidates/export.py``."""

from __future__ import annotations

from marketplace.candidates.lifecycle import export_sections
from marketplace.candidates.models import Candidate
from marketplace.trajectories.queries import decisions_of, timeline_of


def trajectory_export(candidate: Candidate) -> dict:
    """The decisions and steps of ``candidate`` as JSON-ready values."""
    return {
        "decisions": [
            {
                "trajectory": decision.trajectory,
                "decided_on": decision.decided_on.isoformat(),
                "partner": decision.partner.name if decision.partner else None,
                "note": decision.note,
            }
            for decision in decisions_of(candidate.id)
        ],
        "steps": [
            {
                "kind": step.kind,
                "started_on": step.started_on.isoformat(),
                "ended_on": step.ended_on.isoformat() if step.ended_on else None,
                "organisation": (step.organisation.name if step.organisation
                                 else step.organisation_name),
                "dutch_level": step.dutch_level,
                "note": step.note,
                "source": step.source,
            }
            for step in timeline_of(candidate.id)
        ],
    }


@export_sections.connect
def _trajectory_section(candidate: Candidate, **_facts) -> dict:
    """The ``trajectory`` section of the candidate's privacy export."""
    return {"trajectory": trajectory_export(candidate)}
