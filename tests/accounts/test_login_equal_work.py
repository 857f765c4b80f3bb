"""A login does the same work whether or not the address has an account.

Without this, a wrong password for a real account took about 140 ms (one Argon2
verification) and an unknown address about 10 ms, so the answer time told which
addresses have an account. Counting the verifications proves the work is equal without
measuring time (``bench/login_timing.py`` prints the times).
"""

from __future__ import annotations

import re

import pytest
from argon2 import PasswordHasher

from marketplace.accounts.operations import authenticate
from marketplace.extensions import db
from tests.conftest import TEST_PASSWORD

TOKEN = re.compile(r'name="csrf_token" value="[^"]+"')


@pytest.fixture
def verifications(monkeypatch):
    """How many Argon2 verifications (the costly step) have run."""
    calls = []
    real_verify = PasswordHasher.verify

    def counting_verify(self, password_hash, password):
        calls.append(password_hash)
        return real_verify(self, password_hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting_verify)
    return calls


@pytest.fixture
def invited(app_ctx, users, organisations):
    """A user who was invited and has not chosen a password yet."""
    from marketplace.accounts.operations import invite_user

    user = invite_user(
        "invited.person@test.example",
        "Invited Person",
        organisations["employer_a"],
        "employer",
        users["admin"],
    )
    db.session.commit()
    return user


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("coach.a@test.example", "not the password"),
        ("coach.a@test.example", TEST_PASSWORD),
        ("nobody@test.example", "not the password"),
        ("analyst@test.example", TEST_PASSWORD),  # made inactive below
        ("invited.person@test.example", "not the password"),
    ],
)
def test_every_kind_of_address_costs_one_password_verification(
    app_ctx, users, invited, verifications, email, password
):
    users["analyst"].active = False
    db.session.commit()
    authenticate(email, password, "192.0.2.10")
    assert len(verifications) == 1


def test_an_inactive_account_with_the_right_password_is_refused(app_ctx, users, verifications):
    users["analyst"].active = False
    db.session.commit()
    assert authenticate("analyst@test.example", TEST_PASSWORD, "192.0.2.10").user is None


def test_a_reset_request_answers_the_same_for_every_address(app, app_ctx):
    answers = [
        app.test_client().post("/password/forgot", data={"email": email})
        for email in ("coach.a@test.example", "nobody@test.example")
    ]
    assert {answer.status_code for answer in answers} == {200}
    # Each browser has its own form token; everything else is the same.
    pages = [TOKEN.sub("token", answer.get_data(as_text=True)) for answer in answers]
    assert pages[0] == pages[1]
