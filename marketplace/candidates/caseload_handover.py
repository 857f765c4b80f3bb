"""An admin hands a coach's whole caseload to a colleague of the same partner
organisation, at once. It is how a coach who leaves can be deactivated or moved: an
account that still holds people cannot be (``accounts.operations.PeopleStillHeld``),
and one by one, on each person's page, only the coach could do it.

The admin sees how many people move, never who: each person gets the same handover
record as a coach's own (``operations.hand_over_candidate``), so both coaches see it
in the person's history, and the audit log notes the whole move once.
"""

from __future__ import annotations

from marketplace.accounts.models import User
from marketplace.audit.operations import record_event
from marketplace.candidates import operations, queries
from marketplace.candidates.operations import NotACoach


class CaseloadChanged(Exception):
    """The caseload no longer holds the number of people the admin confirmed."""

    def __init__(self, count: int):
        super().__init__(count)
        self.count = count


def colleagues_to_take_over(coach: User) -> list[User]:
    """The active coaches of ``coach``'s own organisation who can take the caseload
    (the people's records stay with the organisation that holds them)."""
    return [colleague for colleague in queries.coaches_for_handover(coach)
            if colleague.organisation_id == coach.organisation_id]


def hand_over_caseload(coach: User, *, to_coach: User, note: str | None,
                       expected: int) -> int:
    """Move every live candidate of ``coach`` to ``to_coach``, a coach of the same
    organisation, and answer how many moved. Refused with ``CaseloadChanged`` when the
    caseload holds another number than the ``expected`` one the admin saw."""
    if to_coach.organisation_id != coach.organisation_id:
        raise NotACoach(str(to_coach.id))
    people = queries.caseload_people(coach)
    if len(people) != expected:
        raise CaseloadChanged(len(people))
    for candidate in people:
        operations.hand_over_candidate(candidate, to_coach=to_coach, note=note)
    record_event("caseload_handed_over", "user", coach.id,
                 {"to_coach_id": to_coach.id, "people": len(people)})
    return len(people)
