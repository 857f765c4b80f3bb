"""Fixtures for the try-out tests: a published try-out of employer A (through
:mod:`tests.factories`), and counts of what enrolling writes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.audit.models import AuditEvent
from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from marketplace.tryouts.models import TryoutEnrolment
from tests.factories import make_tryout


@pytest.fixture
def tryout(app_ctx, organisations):
    """Employer A's try-out in two weeks, three seats."""
    return make_tryout(organisations["employer_a"], commit=True)


def written() -> tuple[int, int, int]:
    """How many enrolments, audit events and outgoing messages exist."""
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (TryoutEnrolment, AuditEvent, OutgoingMessage))
