"""API tokens: shown once, stored hashed, scoped to what the role may do, revocable."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.apitokens.operations import (
    TokenRefused,
    create_token,
    find_token,
    revoke_token,
)
from marketplace.apitokens.scopes import SCOPES, scopes_for_role
from marketplace.audit.models import AuditEvent
from marketplace.db_types import utcnow
from marketplace.extensions import db
from tests.factories import make_api_token


def test_the_secret_is_shown_once_and_only_its_hash_is_kept(app_ctx, organisations, users):
    token, bearer = create_token(organisations["employer_a"], name="ATS", scopes=[
        "opportunities:read"], expires_at=utcnow() + timedelta(days=90),
        created_by=users["employer_a"])
    mark, prefix, secret = bearer.split("_", 2)
    assert (mark, prefix) == ("wb", token.prefix)
    assert len(secret) >= 43  # 32 random bytes, base64
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in repr(vars(token))
    assert find_token(bearer) is token
    assert find_token(f"wb_{prefix}_{secret[:-1]}") is None


def test_making_and_revoking_a_token_are_audit_events(app_ctx, organisations, users):
    token, _bearer = make_api_token(organisations["partner_a"], created_by=users["coach_a"])
    assert revoke_token(token, revoked_by=users["admin"]) is True
    assert revoke_token(token, revoked_by=users["admin"]) is False
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.subject_type == "api_token", AuditEvent.subject_id == token.id)
        .order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_id) for e in events] == [
        ("api_token_created", users["coach_a"].id), ("api_token_revoked", users["admin"].id)]
    assert token.revoked_by_id == users["admin"].id


@pytest.mark.parametrize(("kind", "refused"), [
    ("employer", "candidates:read"), ("partner", "opportunities:write"),
    ("federation", "candidates:write"), ("employer", "imports:write")])
def test_a_token_cannot_get_a_scope_its_role_cannot_use(app_ctx, organisations, kind, refused):
    key = {"employer": "employer_a", "partner": "partner_a", "federation": "federation"}[kind]
    with pytest.raises(TokenRefused):
        create_token(organisations[key], name="x", scopes=[refused],
                     expires_at=utcnow() + timedelta(days=1))


@pytest.mark.parametrize("days", [0, -1, 367])
def test_the_expiry_lies_within_a_year(app_ctx, organisations, days):
    with pytest.raises(TokenRefused):
        create_token(organisations["employer_a"], name="x", scopes=["opportunities:read"],
                     expires_at=utcnow() + timedelta(days=days))


def test_every_scope_is_usable_by_some_role_and_admins_import():
    used = {scope for role in ("admin", "employer", "coach", "analyst")
            for scope in scopes_for_role(role)}
    assert used == set(SCOPES)
    assert "imports:write" in scopes_for_role("admin")
    assert "candidates:read" not in scopes_for_role("employer")
