"""Creating, revoking and checking API tokens. Operations only flush; views commit.

``create_token`` returns the secret once; only its hash is stored. ``find_token``
is the one place a bearer string is checked (constant-time comparison of hashes).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from marketplace.accounts.models import Organisation
from marketplace.accounts.roles import ROLES_FOR_KIND, OrganisationKind
from marketplace.apitokens.models import ApiToken, ApiTokenScope
from marketplace.apitokens.scopes import scopes_for_role
from marketplace.audit.operations import record_event
from marketplace.db_types import utcnow
from marketplace.extensions import db

#: How the bearer string starts ("wb_<prefix>_<secret>").
TOKEN_MARK = "wb"  # noqa: S105 - a fixed mark, not a secret
#: The longest a token may be valid.
MAX_LIFETIME = timedelta(days=366)
#: ``last_used_at`` is written at most this often per token (to spare writes).
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenRefused(ValueError):
    """A token that cannot be created as asked (a programming error: forms check first)."""


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(organisation: Organisation, *, name: str, scopes, expires_at: datetime,
                 created_by=None) -> tuple[ApiToken, str]:
    """A new token of ``organisation``; returns it and the bearer string (shown once).

    ``scopes`` must be ones the organisation's role can use; ``expires_at`` must lie in
    the future and at most :data:`MAX_LIFETIME` ahead.
    """
    now = utcnow()
    role = ROLES_FOR_KIND[OrganisationKind(organisation.kind)][0]
    wanted = sorted(set(scopes))
    unusable = set(wanted) - set(scopes_for_role(role))
    if not wanted or unusable:
        raise TokenRefused(f"scopes not allowed for {role}: {sorted(unusable) or 'none given'}")
    if not now < expires_at <= now + MAX_LIFETIME:
        raise TokenRefused("expiry must be in the future and at most a year ahead")
    secret = secrets.token_urlsafe(32)
    token = ApiToken(
        organisation_id=organisation.id, organisation=organisation, name=name.strip(),
        prefix=secrets.token_hex(6), secret_hash=hash_secret(secret),
        created_by_id=getattr(created_by, "id", None), created_at=now, expires_at=expires_at,
        scope_rows=[ApiTokenScope(scope=scope) for scope in wanted],
    )
    db.session.add(token)
    db.session.flush()
    record_event("api_token_created", "api_token", token.id, details={
        "name": token.name, "organisation_id": organisation.id, "scopes": wanted,
        "expires_at": expires_at.isoformat()}, actor=created_by)
    return token, f"{TOKEN_MARK}_{token.prefix}_{secret}"


def revoke_token(token: ApiToken, *, revoked_by=None) -> bool:
    """Revoke ``token`` from now on; False (and nothing written) when it already was."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    token.revoked_by_id = getattr(revoked_by, "id", None)
    db.session.flush()
    record_event("api_token_revoked", "api_token", token.id,
                 details={"name": token.name, "organisation_id": token.organisation_id},
                 actor=revoked_by)
    return True


def find_token(bearer: str) -> ApiToken | None:
    """The token whose bearer string this is, usable or not; None for anything else."""
    mark, _, rest = bearer.partition("_")
    prefix, _, secret = rest.partition("_")
    if mark != TOKEN_MARK or not prefix or not secret or len(prefix) > 16:
        return None
    token = db.session.scalars(select(ApiToken).where(ApiToken.prefix == prefix)).one_or_none()
    if token is None or not hmac.compare_digest(token.secret_hash, hash_secret(secret)):
        return None
    return token


def note_use(token: ApiToken, now: datetime | None = None) -> None:
    """Set ``last_used_at``, unless it was set less than a minute ago (one conditional
    UPDATE, so simultaneous calls write it once)."""
    now = now or utcnow()
    db.session.execute(
        update(ApiToken)
        .where(ApiToken.id == token.id,
               or_(ApiToken.last_used_at.is_(None),
                   ApiToken.last_used_at <= now - LAST_USED_PRECISION))
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )
