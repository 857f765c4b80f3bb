"""The API token: a named, scoped, expiring key of one organisation.

The bearer string is ``wb_<prefix>_<secret>``: the prefix finds the row, the secret
(256 random bits, ``secrets.token_urlsafe(32)``) is checked against its SHA-256 hash.
Tokens are never deleted: the audit log names them, and a revoked one keeps its row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Organisation, User
from marketplace.accounts.roles import ROLES_FOR_KIND, OrganisationKind, Role
from marketplace.apitokens.scopes import SCOPES
from marketplace.db_types import UTCDateTime, sql_in, utcnow
from marketplace.extensions import db

#: The longest name a token can have.
MAX_NAME = 100


class ApiToken(db.Model):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(MAX_NAME), nullable=False)
    #: Public and short: the part of the bearer string that finds the row.
    prefix: Mapped[str] = mapped_column(String(16), nullable=False, unique=True)
    #: SHA-256 of the secret, in hexadecimal; the secret itself is never stored.
    secret_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    organisation = relationship(Organisation, lazy="joined", innerjoin=True)
    created_by = relationship(User, foreign_keys=[created_by_id])
    revoked_by = relationship(User, foreign_keys=[revoked_by_id])
    scope_rows: Mapped[list[ApiTokenScope]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ApiTokenScope.scope"
    )

    __table_args__ = (
        CheckConstraint("length(name) > 0", name="name"),
        CheckConstraint("expires_at > created_at", name="expiry"),
        CheckConstraint("length(secret_hash) = 64", name="secret_hash"),
    )

    @property
    def scopes(self) -> frozenset[str]:
        return frozenset(row.scope for row in self.scope_rows)

    @property
    def role(self) -> Role:
        """The role the token acts with: the usual one of its organisation's kind."""
        return ROLES_FOR_KIND[OrganisationKind(self.organisation.kind)][0]

    def is_usable(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.prefix} {self.name!r}>"


class ApiTokenScope(db.Model):
    """One scope of a token (a row each, so the database checks the vocabulary)."""

    __tablename__ = "api_token_scope"

    token_id: Mapped[int] = mapped_column(
        ForeignKey("api_token.id", ondelete="CASCADE"), primary_key=True
    )
    scope: Mapped[str] = mapped_column(String(40), primary_key=True)

    __table_args__ = (CheckConstraint(sql_in("scope", SCOPES), name="scope"),)
