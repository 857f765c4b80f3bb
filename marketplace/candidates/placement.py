"""Placement: a hire makes a candidate ``placed``; their coach can undo that.

The status the placement replaced is kept in ``status_before_placed`` (the database
allows it only on a placed row), so the undo restores it. A placed candidate is not in
the ranking's pool (only active ones are) and cannot be proposed; the status change
raises the candidates stamp, so an undo makes them suggestible again at the next
refresh. Functions only flush.

What an undo means beyond the status (the last activity, the history line, the hires
marked undone, their trajectory steps gone) is ``operations.end_placement``'s, which
another status chosen in the profile form or a records import also goes through: the
button, the form and the import end a placement alike.
"""

from __future__ import annotations

from marketplace.candidates.models import Candidate
from marketplace.candidates.operations import (
    SUBJECT,
    CandidateError,
    end_placement,
    log_activity,
    save_activity,
)
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.web.conflicts import ensure_version


class NotPlaced(CandidateError):
    """Only a placed candidate's placement can be undone."""


def place_candidate(candidate: Candidate, *, by, proposal_id: int) -> bool:
    """An employer hired the candidate (``proposal_id``): their status becomes
    ``placed``, and the status before is kept for the coach's undo. The candidate
    leaves the pool of suggestions (only active candidates are in it). A candidate
    already placed or erased stays as they are; returns whether anything changed."""
    if candidate.status in (CandidateStatus.PLACED, CandidateStatus.ERASED):
        return False
    before = candidate.status
    candidate.status = CandidateStatus.PLACED
    candidate.status_before_placed = before
    log_activity(candidate, "candidate_placed", ["status"], proposal_id=proposal_id,
                 before=before, actor=by)
    return True


def undo_placement(candidate: Candidate, *, by, expected_version) -> str:
    """The coach takes a placement back: the candidate gets the status they had before
    (active when the placement was chosen in the form without one), so they are
    suggested and can be proposed again. The hire itself stays: the employer did hire.
    Raises ``EditConflict`` when the candidate was saved after ``expected_version``,
    ``NotPlaced`` when they are not placed (any more). Returns the restored status."""
    ensure_version(candidate, SUBJECT, expected_version)
    if candidate.status != CandidateStatus.PLACED:
        raise NotPlaced()
    restored = candidate.status_before_placed or CandidateStatus.ACTIVE
    candidate.status = restored
    candidate.status_before_placed = None
    save_activity(candidate)
    end_placement(candidate, by=by)
    return restored
