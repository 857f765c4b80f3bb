"""Opportunities past their closing date, or of an inactive organisation, are closed by a
nightly job, through the life cycle (so the history shows it), once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from marketplace.accounts.models import Organisation
from marketplace.audit.models import AuditEvent
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.jobs.tasks import close_expired_job
from marketplace.opportunities.expiry import close_expired_opportunities
from marketplace.opportunities.models import Opportunity


def closing_events(opportunity) -> list[AuditEvent]:
    return db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.subject_type == "opportunity",
            AuditEvent.subject_id == opportunity.id,
            AuditEvent.action == "opportunity_closed",
        )
    ).all()


def test_published_and_paused_opportunities_past_their_date_are_closed_with_history(
    make_opportunity,
):
    published = make_opportunity(status="published")
    paused = make_opportunity(status="paused")
    draft = make_opportunity(status="draft")
    later = make_opportunity(status="published", closes_on=local_today() + timedelta(days=90))
    day_after_closing = local_today() + timedelta(days=31)

    closed = close_expired_opportunities(day_after_closing)
    db.session.commit()

    assert sorted(closed) == sorted([published.id, paused.id])
    assert (published.status, paused.status) == ("closed", "closed")
    assert (draft.status, later.status) == ("draft", "published")
    [event] = closing_events(published)
    assert event.actor_id is None
    assert event.details["changes"] == {"status": ["published", "closed"]}


def test_an_opportunity_is_still_open_on_its_closing_date(make_opportunity):
    opportunity = make_opportunity(status="published")
    assert close_expired_opportunities(opportunity.closes_on) == []
    assert opportunity.status == "published"


def test_closing_twice_changes_nothing_more(make_opportunity):
    opportunity = make_opportunity(status="published")
    day_after_closing = opportunity.closes_on + timedelta(days=1)
    close_expired_opportunities(day_after_closing)
    db.session.commit()
    version = opportunity.version
    assert close_expired_opportunities(day_after_closing) == []
    db.session.commit()
    assert opportunity.version == version
    assert len(closing_events(opportunity)) == 1


def test_the_nightly_job_closes_what_passed_its_date(make_opportunity):
    opportunity = make_opportunity(status="published")
    db.session.execute(
        update(Opportunity)
        .where(Opportunity.id == opportunity.id)
        .values(closes_on=local_today() - timedelta(days=1))
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    assert close_expired_job.call_local() == 1
    db.session.refresh(opportunity)
    assert opportunity.status == "closed"
    assert close_expired_job.call_local() == 0


def test_the_night_closes_what_an_inactive_organisation_still_has_open(
        make_opportunity, organisations):
    """Made inactive before deactivating closed its opportunities, or while one of its
    users published one: nobody of it can answer a proposal."""
    still_open = make_opportunity(status="published")
    other = make_opportunity("employer_b", status="published")
    db.session.execute(update(Organisation).where(
        Organisation.id == organisations["employer_a"].id).values(is_active=False))
    assert close_expired_opportunities() == [still_open.id]
    db.session.commit()
    assert (still_open.status, other.status) == ("closed", "published")
    assert len(closing_events(still_open)) == 1
