"""Fixtures for the job tests: a recording SMTP server (the one of tests/web/test_mail.py),
the app with CSRF checks on (tests/web/test_csrf.py)
and stored messages."""

from __future__ import annotations

import pytest

from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from marketplace.mail.operations import queue_message
from tests.candidates.conftest import make_candidate  # noqa: F401 - committed candidates
from tests.ranking.test_train_from_logs import logs, simulated  # noqa: F401 - logged lists
from tests.web.test_csrf import csrf_app  # noqa: F401 - the app with CSRF checks on
from tests.web.test_mail import smtp  # noqa: F401 - the recording SMTP server fixture


@pytest.fixture
def stored_message(app_ctx):
    """A committed message waiting in the outbox."""
    message_id = queue_message("coach.a@test.example", "Nieuw voorstel", "Dag Coach A\n")
    db.session.commit()
    return db.session.get(OutgoingMessage, message_id)
