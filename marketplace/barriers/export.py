"""A candidate's barriers in their privacy export (right of access): everything held,
the support text included, in the same plain-dictionary form as the rest of
``candidates/export.py``."""

from __future__ import annotations

from marketplace.barriers.queries import barriers_of
from marketplace.candidates.lifecycle import export_sections
from marketplace.candidates.models import Candidate


def barriers_export(candidate: Candidate) -> list[dict]:
    """Every barrier of ``candidate`` as JSON-ready values."""
    return [
        {
            "kind": barrier.kind,
            "status": barrier.status,
            "noted_on": barrier.noted_on.isoformat(),
            "solved_on": barrier.solved_on.isoformat() if barrier.solved_on else None,
            "support": barrier.support,
            "referred_to": (
                barrier.referral_organisation.name if barrier.referral_organisation else None
            ),
            "recorded_by": barrier.recorded_by.name if barrier.recorded_by else None,
            "recorded_at": barrier.created_at.isoformat(),
            "updated_at": barrier.updated_at.isoformat(),
        }
        for barrier in barriers_of(candidate)
    ]


@export_sections.connect
def _barriers_section(candidate: Candidate, **_facts) -> dict:
    """The ``barriers`` section of the candidate's privacy export."""
    return {"barriers": barriers_export(candidate)}
