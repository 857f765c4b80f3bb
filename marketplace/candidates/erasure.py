"""The right to erasure: what erasing a candidate deletes, empties and keeps.

Erasure reaches every package that holds something about a candidate (proposals,
suggestions, barriers, trajectories, try-outs) through the signals of ``lifecycle.py``,
whose receivers live in those packages; the rest of the candidates' rules do not.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete

from marketplace.audit.operations import record_event
from marketplace.candidates.handovers import CandidateHandover
from marketplace.candidates.lifecycle import candidate_erasing, participation_ended, send_required
from marketplace.candidates.models import KIND_COLUMNS, PERSONAL_COLUMNS, Candidate, ConsentRecord
from marketplace.candidates.operations import SUBJECT
from marketplace.candidates.profile_rows import (
    CandidateExperience,
    CandidateLanguage,
    CandidateSensitive,
    CandidateSkill,
    CandidateWishedOccupation,
    CandidateWishedSector,
)
from marketplace.candidates.report_copies import CandidateOccupationGroup
from marketplace.candidates.vocabularies import CandidateStatus, DayPart, ErasureReason
from marketplace.data_versions import CHANGED_ROWS
from marketplace.db_types import utcnow
from marketplace.extensions import db

#: Every table that holds rows about one candidate; erasure deletes them all.
CHILD_MODELS = (
    CandidateLanguage,
    CandidateExperience,
    CandidateSkill,
    CandidateWishedOccupation,
    CandidateWishedSector,
    CandidateSensitive,
    ConsentRecord,
    CandidateHandover,
    CandidateOccupationGroup,
)


def erase_candidate(candidate: Candidate, *, reason: str) -> None:
    """Erase everything that identifies the candidate (the right to erasure).

    What stays is an anonymous remnant so that counts stay right: the row's id, status
    ``erased``, the organisation, the month it was created and when it was erased.
    Audit events keep pointing at the id; they never held personal values.
    """
    reason = ErasureReason(reason)
    # Open proposals and try-out places end first (their employers and organisers are
    # told), then the other packages empty or delete what they hold: proposals stay as
    # anonymous rows (counts of proposals and hires) without what people wrote in them,
    # dismissed suggestions lose the coaches' notes, barriers and the trajectory go (its
    # notes and organisations say who it is). Two signals, as blinker keeps no order.
    send_required(participation_ended, candidate, by=None)
    send_required(candidate_erasing, candidate)
    for model in CHILD_MODELS:
        db.session.execute(
            delete(model).where(model.candidate_id == candidate.id),
            # the change log names the one candidate: caches refresh it, not everyone
            execution_options={"synchronize_session": False, CHANGED_ROWS: [candidate.id]},
        )
    db.session.expire(
        candidate,
        [rel.key for rel in Candidate.__mapper__.relationships if rel.key not in ("organisation",)],
    )
    now = utcnow()
    for column in PERSONAL_COLUMNS:
        setattr(candidate, column, None)
    for column in (*KIND_COLUMNS.values(), *(part.column for part in DayPart)):
        setattr(candidate, column, False)
    candidate.driving_licence = False
    candidate.shared_with_partnership = False
    candidate.status = CandidateStatus.ERASED
    candidate.status_before_placed = None
    candidate.created_at = _start_of_month(candidate.created_at)
    candidate.updated_at = now
    candidate.last_activity_at = now
    candidate.erased_at = now
    db.session.flush()
    record_event("candidate_erased", SUBJECT, candidate.id, {"reason": str(reason)})


def _start_of_month(moment: datetime) -> datetime:
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
