"""Closing opportunities nobody can take up any more: those whose closing date has
passed (run by a nightly job), training courses whose start date has passed (nobody
joins a course that began), and the open ones of an organisation made inactive (its
users can no longer log in to answer a proposal).

Each goes through the life cycle (``apply_transition(..., "close")``), so its history
shows the closing like any other. The nightly job also closes what an inactive
organisation still has open: older databases, an import that brings an inactive
organisation with open opportunities, or one published while it was deactivated.
Idempotent: a closed opportunity is no longer published or paused, so a second run
finds nothing.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, func, or_, select

from marketplace.accounts.lifecycle import organisation_deactivated
from marketplace.accounts.models import Organisation
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.operations import apply_transition
from marketplace.opportunities.vocab import CLOSE_AT_START, OpportunityStatus

_OPEN = (OpportunityStatus.PUBLISHED, OpportunityStatus.PAUSED)


def expired_opportunities(today: date):
    """Published or paused opportunities whose closing date lies before ``today``,
    those of a kind that closes at its start (``vocab.CLOSE_AT_START``) whose start
    date lies before ``today``, and those of an inactive organisation (made inactive
    before this rule, or while one of its users published one)."""
    return (
        select(Opportunity)
        .where(
            Opportunity.status.in_(_OPEN),
            or_(
                Opportunity.closes_on < today,
                and_(Opportunity.kind.in_(CLOSE_AT_START), Opportunity.starts_on < today),
                Opportunity.organisation_id.in_(
                    select(Organisation.id).where(Organisation.is_active.is_(False))),
            ),
        )
        .order_by(Opportunity.id)
    )


def close_expired_opportunities(today: date | None = None) -> list[int]:
    """Close every opportunity past its closing date, every course past its start date
    (in Brussels) and every open one of an inactive organisation; flush, return ids."""
    found = db.session.scalars(expired_opportunities(today or local_today())).all()
    for opportunity in found:
        apply_transition(opportunity, "close", expected_version=opportunity.version)
    return [opportunity.id for opportunity in found]


@organisation_deactivated.connect
def close_open_opportunities_of(organisation, *, count_only: bool = False) -> int:
    """Close ``organisation``'s published and paused opportunities (drafts nobody sees
    stay drafts); each history shows who closed it. Made active again, the organisation
    reopens what it still offers itself. ``count_only``: how many it would close."""
    still_open = (Opportunity.organisation_id == organisation.id,
                  Opportunity.status.in_(_OPEN))
    if count_only:
        return db.session.scalar(select(func.count(Opportunity.id)).where(*still_open))
    found = db.session.scalars(
        select(Opportunity)
        .where(*still_open)
        .order_by(Opportunity.id)
        # As they are now: a records import may have just written them in bulk.
        .execution_options(populate_existing=True)
    ).all()
    for opportunity in found:
        apply_transition(opportunity, "close", expected_version=opportunity.version)
    return len(found)
