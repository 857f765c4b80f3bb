"""Opportunities kept in sync by the ref of the organisation's own system (an ATS).

``Opportunity.ref`` is unique across all organisations. A ref of the organisation's
own opportunity finds it; a ref another organisation uses is :class:`RefTaken`, which
says nothing about that organisation. ``put_opportunity`` creates or replaces by ref
through the usual operations (rules, audit events, data versions).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import NotFound

from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.operations import (
    OpportunityData,
    OpportunityError,
    create_opportunity,
    update_opportunity,
)
from marketplace.opportunities.queries import managed_opportunity_or_404


class RefTaken(OpportunityError):
    """The ref belongs to an opportunity the user may not change."""

    def __init__(self, ref: str):
        super().__init__("ref taken")
        self.ref = ref


def own_opportunity_by_ref(ref: str, user) -> Opportunity | None:
    """The opportunity with ``ref`` that ``user`` may change; None when no opportunity
    has it; ``RefTaken`` when one the user may not change has it."""
    found = db.session.scalars(select(Opportunity.id).where(Opportunity.ref == ref)).first()
    if found is None:
        return None
    try:
        return managed_opportunity_or_404(found, user)
    except NotFound:  # another organisation's: say only that the ref is taken
        raise RefTaken(ref) from None


def put_opportunity(organisation, ref: str, data: OpportunityData, *,
                    existing: Opportunity | None, publish: bool) -> tuple[Opportunity, bool]:
    """Create the opportunity ``ref`` of ``organisation``, or replace the values of
    ``existing`` (found by :func:`own_opportunity_by_ref`); returns it and whether it
    was created.

    Raises what ``create_opportunity`` and ``update_opportunity`` raise, and
    :class:`RefTaken` when another request took the ref in the meantime."""
    if existing is None:
        try:
            with db.session.begin_nested():
                return create_opportunity(organisation, data, publish=publish, ref=ref), True
        except IntegrityError:
            # Another request took the ref since we looked: as if it had been taken.
            if db.session.scalars(select(Opportunity.id).where(Opportunity.ref == ref)).first():
                raise RefTaken(ref) from None
            raise
    update_opportunity(existing, data, expected_version=existing.version, publish=publish)
    return existing, False
