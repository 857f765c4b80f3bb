"""Mail goes out over SMTP when configured, after the change that caused it committed
and the answer went out."""

from __future__ import annotations

import smtplib

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage


class FakeSMTP:
    sent: list = []

    def __init__(self, host, port, timeout=None):
        self.host = host

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, user, password):
        pass

    def send_message(self, message):
        FakeSMTP.sent.append(message)


@pytest.fixture
def smtp(app, monkeypatch):
    FakeSMTP.sent = []
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.test.example")
    return FakeSMTP.sent


def test_password_reset_mail_is_sent_over_smtp_once_the_answer_is_out(client, app_ctx, smtp):
    response = client.post("/password/forgot", data={"email": "coach.a@test.example"})
    # Sent after the answer went out (the server closes it): the answer time does not
    # tell whether the address has an account.
    assert smtp == []
    response.close()
    assert [m["To"] for m in smtp] == ["coach.a@test.example"]
    assert "/password/set/" in smtp[0].get_content()
    stored = db.session.scalar(select(OutgoingMessage))
    assert stored.sent_at is not None


def test_without_smtp_the_message_waits_in_the_outbox(client, app_ctx):
    client.post("/password/forgot", data={"email": "coach.a@test.example"})
    stored = db.session.scalar(select(OutgoingMessage))
    assert stored.sent_at is None


def test_a_failing_mail_server_keeps_the_message_queued(client, app_ctx, smtp, monkeypatch):
    def refuse(self, message):
        raise smtplib.SMTPException("refused")

    monkeypatch.setattr(FakeSMTP, "send_message", refuse)
    response = client.post("/password/forgot", data={"email": "coach.a@test.example"})
    assert response.status_code == 200
    response.close()
    stored = db.session.scalar(select(OutgoingMessage))
    assert stored.sent_at is None and stored.failed_attempts == 1
