"""Organisations, their users and their API tokens: rows of their own, as the test
users of ``tests/conftest.py`` are (a token through the API tokens' operation)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from marketplace.accounts.models import Organisation, User
from marketplace.accounts.passwords import hash_password
from marketplace.apitokens import operations as token_operations
from marketplace.apitokens.models import ApiToken
from marketplace.apitokens.scopes import scopes_for_role
from marketplace.db_types import utcnow
from marketplace.extensions import db
from tests.factories.common import TEST_PASSWORD, numbers, saved


def make_organisation(
    *, name: str | None = None, kind: str = "employer", sector: str | None = "H",
    postcode: str | None = "2030", commit: bool = False,
) -> Organisation:
    """An organisation (default: an employer in logistics in 2030)."""
    organisation = Organisation(
        name=name or f"Testorganisatie {next(numbers)}", kind=kind, sector=sector,
        postcode=postcode,
    )
    db.session.add(organisation)
    return saved(organisation, commit)


def make_user(
    organisation: Organisation, *, role: str = "coach", email: str | None = None,
    name: str | None = None, password: str | None = TEST_PASSWORD, commit: bool = False,
) -> User:
    """A user of ``organisation`` with ``role`` (admin, employer, coach, analyst) who can
    log in with ``password`` (``None``: no password set)."""
    number = next(numbers)
    user = User(
        email=email or f"{role}.{number}@test.example",
        name=name or f"{role.title()} {number}",
        role=role,
        organisation=organisation,
        password_hash=hash_password(password) if password is not None else None,
    )
    db.session.add(user)
    return saved(user, commit)


def make_api_token(
    organisation: Organisation, *, scopes: Iterable[str] | None = None,
    expires_at: datetime | None = None, name: str | None = None, created_by: User | None = None,
    commit: bool = False,
) -> tuple[ApiToken, str]:
    """A token of ``organisation`` and its bearer string (``wb_...``). Default: every
    scope its role can use, valid for 30 days. An ``expires_at`` in the past makes an
    expired token (made valid, then moved back, as time would)."""
    chosen = tuple(scopes) if scopes is not None else scopes_for_role(
        organisation.allowed_roles[0])
    expired = expires_at is not None and expires_at <= utcnow()
    token, secret = token_operations.create_token(
        organisation, name=name or f"Koppeling {next(numbers)}", scopes=chosen,
        expires_at=utcnow() + timedelta(days=30) if expires_at is None or expired
        else expires_at, created_by=created_by)
    if expired:
        token.created_at = expires_at - timedelta(days=30)
        token.expires_at = expires_at
    return saved(token, commit), secret
