"""Login sessions kept in the database.

The browser's cookie holds a random key; the database holds its hash. Logging in
makes a new key (the old session is cleared first), logging out deletes the row, and
setting a password or deactivating a user deletes all of that user's rows: a copied
cookie stops working at once, on every worker and host.
"""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app, session
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, login_user, logout_user
from sqlalchemy import bindparam, delete, select, update

from marketplace.accounts.models import LoginSession, User
from marketplace.db_types import utcnow
from marketplace.extensions import db


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


#: The user and the session's expiry for a cookie's key hash: built once, not per request.
#: Building it (and its cache key) anew cost about 0.1 ms of every request.
_USER_OF_SESSION = (
    select(User, LoginSession.expires_at)
    .join(LoginSession, LoginSession.user_id == User.id)
    .where(LoginSession.key_hash == bindparam("key_hash"))
)


def configure_login_manager(manager: LoginManager) -> None:
    manager.login_view = "accounts.login"
    manager.login_message = _l("Log in to see this page.")
    manager.login_message_category = "info"
    manager.session_protection = "basic"

    @manager.user_loader
    def _load_user(key: str) -> User | None:
        # Every request, against the database: a deleted row logs out at once. The user
        # and the session's expiry only, not the session as an object of its own.
        found = db.session.execute(_USER_OF_SESSION, {"key_hash": _hash_key(key)}).first()
        if found is None:
            return None
        user, expires_at = found
        if expires_at < utcnow() or not user.is_active:
            return None
        user.login_session_key = key
        return user


def start_login_session(user: User) -> None:
    """Log ``user`` in with a fresh session key (nothing of the old session survives)."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    key = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(
        LoginSession(
            key_hash=_hash_key(key),
            user_id=user.id,
            created_at=now,
            expires_at=now + current_app.config["PERMANENT_SESSION_LIFETIME"],
        )
    )
    session.permanent = True
    user.login_session_key = key
    # A plain UPDATE, not a versioned change of the user: two logins to one account at
    # the same moment must not collide on the optimistic lock that guards admin edits.
    db.session.execute(
        update(User).where(User.id == user.id).values(last_login_at=now),
        execution_options={"synchronize_session": "fetch"},
    )
    login_user(user)


def end_login_session(user: User) -> None:
    """Log out this browser: its session row is deleted, its cookie emptied but for
    the language, so the pages after logging out stay in the language the user reads."""
    locale = user.locale or session.get("locale")
    if user.login_session_key:
        db.session.execute(
            delete(LoginSession).where(LoginSession.key_hash == _hash_key(user.login_session_key))
        )
    logout_user()
    session.clear()
    if locale:
        session["locale"] = locale


def end_all_login_sessions(user: User) -> None:
    """Log ``user`` out everywhere (after a password change, role change or deactivation)."""
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
