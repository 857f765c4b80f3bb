"""Organisations, users, their login sessions and the record of login attempts."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.roles import ROLES_FOR_KIND, OrganisationKind, Role
from marketplace.db_types import UTCDateTime, sql_in, utcnow
from marketplace.extensions import db
from marketplace.refs import ref_default
from marketplace.taxonomy.models import NaceSection, Postcode


class AttemptKind(enum.StrEnum):
    """What a ``login_attempt`` row counts."""

    LOGIN = "login"  # a failed login
    RESET_REQUEST = "reset_request"  # a request for a password reset link (any address)


#: After how many days without an employer's answer a coach's proposal is flagged on
#: their home page and in their digest (a setting of each coach; bounds of the form).
DEFAULT_UNANSWERED_DAYS = 7
MIN_UNANSWERED_DAYS = 1
MAX_UNANSWERED_DAYS = 60


def new_security_stamp() -> str:
    """A random value that changes whenever a password is set; it voids old links."""
    return secrets.token_hex(16)


#: The unique index on the organisation's name in lower case.
ORGANISATION_NAME_INDEX = "uq_organisation_name_lower"


class Organisation(db.Model):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
    #: The stable key in the interchange format (see ``marketplace/refs.py``).
    ref: Mapped[str] = mapped_column(
        String(100), nullable=False, unique=True, default=ref_default("organisation")
    )
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    sector: Mapped[str | None] = mapped_column(ForeignKey("nace_section.code"))
    postcode: Mapped[str | None] = mapped_column(ForeignKey("postcode.code"))
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    users: Mapped[list[User]] = relationship(back_populates="organisation")
    # Loaded when read (mostly from the identity map): joined here, they were joined
    # again under every proposal, candidate and opportunity that joins an organisation.
    place = relationship(Postcode)
    nace = relationship(NaceSection)

    # The ranking reads an employer's sector with each of its opportunities (the
    # matching engine's prepared table): a new sector is a change of all of them.
    __data_version__ = "opportunities"
    __data_version_key__ = None  # about every opportunity (data_versions)
    __data_version_ignores__ = frozenset({
        "name", "ref", "kind", "postcode", "is_active", "created_at", "version",
        "users", "place", "nace",
    })
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(sql_in("kind", OrganisationKind), name="kind"),
        CheckConstraint(
            "sector IS NULL OR kind IN ('employer', 'federation')", name="sector_for_kind"
        ),
        # "Acme" and "ACME" are one organisation to the people who choose from the
        # lists: the form refuses such a name, and this decides when two admins send
        # one at the same moment.
        Index(ORGANISATION_NAME_INDEX, func.lower(text("name")), unique=True),
    )

    @property
    def allowed_roles(self) -> tuple[Role, ...]:
        """The roles its users can have; the first is the usual one."""
        return ROLES_FOR_KIND[OrganisationKind(self.kind)]

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased; the check constraint makes uniqueness case-insensitive.
    email: Mapped[str] = mapped_column(String(254), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    password_hash: Mapped[str | None] = mapped_column(String(255))
    security_stamp: Mapped[str] = mapped_column(
        String(32), nullable=False, default=new_security_stamp
    )
    active: Mapped[bool] = mapped_column("is_active", Boolean, nullable=False, default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    #: A work phone number others may call (coaches: employers see it on a proposal).
    work_phone: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    #: A coach's news (``marketplace/news``): when they last opened their home page,
    #: whether they want the daily digest, when the last one was queued, and after how
    #: many days without an answer a proposal is flagged. Written by plain UPDATEs that
    #: leave ``version`` alone: seeing news never conflicts with an admin's edit.
    news_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    wants_daily_digest: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    digest_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Manages the API keys of their own organisation ("beheert API-sleutels"); set by
    #: the partnership's admins, who manage every organisation's keys anyway.
    manages_api_tokens: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    unanswered_after_days: Mapped[int] = mapped_column(
        Integer, nullable=False, default=DEFAULT_UNANSWERED_DAYS,
        server_default=str(DEFAULT_UNANSWERED_DAYS),
    )

    organisation: Mapped[Organisation] = relationship(back_populates="users", lazy="joined")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        CheckConstraint(sql_in("role", Role), name="role"),
        CheckConstraint("locale IS NULL OR locale IN ('nl', 'en')", name="locale"),
        CheckConstraint(
            f"unanswered_after_days BETWEEN {MIN_UNANSWERED_DAYS} AND {MAX_UNANSWERED_DAYS}",
            name="unanswered_after_days",
        ),
    )

    # Flask-Login: the identifier in the cookie is the login session's key, not the
    # user id, so that logging out or changing the password voids a copied cookie.
    login_session_key = None  # set by the session loader; not a column

    def get_id(self) -> str | None:
        return self.login_session_key

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return bool(self.active) and self.organisation.is_active

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email!r} {self.role}>"


class LoginSession(db.Model):
    """A logged-in browser. The cookie holds ``key``; the row holds only its hash."""

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    user: Mapped[User] = relationship(lazy="joined")


class LoginAttempt(db.Model):
    """A failed login or a request for a reset link, kept briefly to throttle guessing
    and mail bombing across all workers and hosts (``accounts/throttle.py``)."""

    __tablename__ = "login_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    remote_address: Mapped[str] = mapped_column(String(64), nullable=False)
    kind: Mapped[str] = mapped_column(
        String(20), nullable=False, default=AttemptKind.LOGIN, server_default=AttemptKind.LOGIN
    )

    __table_args__ = (
        CheckConstraint(sql_in("kind", AttemptKind), name="kind"),
        Index("ix_login_attempt_email_time", "email", "attempted_at"),
        Index("ix_login_attempt_address_time", "remote_address", "attempted_at"),
    )


class LoginAddress(db.Model):
    """An address an account logged in from, as a keyed hash (no readable address is
    kept), and when it last did: the account's usual addresses, whose right password
    gets in while strangers elsewhere are throttled."""

    __tablename__ = "login_address"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False
    )
    address_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    last_login_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)

    __table_args__ = (UniqueConstraint("user_id", "address_hash"),)
