"""Throttling of logins and reset requests: slow a guesser down, never lock a person out.

Failed logins and reset requests are ``login_attempt`` rows, so every worker and host
sees the same counts. Within ``LOGIN_THROTTLE_WINDOW`` (15 minutes), the first few per
account and per address are free (``*_MAX_*``); after them the next one must wait
``LOGIN_FIRST_DELAY`` (1 minute) after the latest, and each further one twice as long
as the one before, at most the window. A request that must wait is answered at once
with 429 and how long (Retry-After): no worker sleeps, and a refused request is not
counted, so hammering does not make the wait longer.

A stranger's failures must not keep the real person out: from an address the account
logged in from within ``LOGIN_USUAL_ADDRESS_DAYS`` (its usual address) only that
address's own failures for the account count. The addresses are kept as keyed hashes
(HMAC with the SECRET_KEY): the table holds no readable address.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select, text

from marketplace.accounts.models import AttemptKind, LoginAddress, LoginAttempt, User
from marketplace.db_types import utcnow
from marketplace.extensions import db

#: The first key of the PostgreSQL advisory locks that serialise logins per account.
LOGIN_LOCK_SPACE = 0x57424C47  # "WBLG"


def one_attempt_at_a_time(email: str) -> None:
    """Make simultaneous logins (or reset requests) for one account wait for each other
    until the request's transaction ends, so that each one counts every earlier
    failure and the limit holds in total, whichever worker or host serves the attempts
    (without this, attempts arriving together all read the same count and all get
    checked).

    PostgreSQL: a transaction-level advisory lock on the account. SQLite: the database's
    single write lock, taken by the transaction's first statement (forgetting the
    account's attempts that fell out of the window), before anything is read: a SQLite
    transaction that read first may not write after another one's commit.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:space, hashtext(:email))"),
                           {"space": LOGIN_LOCK_SPACE, "email": email})
    else:
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email,
                                                      LoginAttempt.attempted_at < _since()))


def _since() -> datetime:
    return utcnow() - current_app.config["LOGIN_THROTTLE_WINDOW"]


def _wait(kind: str, free: int, *conditions) -> int:
    """Seconds to wait before the next attempt matching ``conditions`` is handled."""
    count, latest = db.session.execute(
        select(func.count(), func.max(LoginAttempt.attempted_at)).where(
            LoginAttempt.kind == kind, LoginAttempt.attempted_at >= _since(), *conditions
        )
    ).one()
    if count < free:
        return 0
    config = current_app.config
    delay = min(config["LOGIN_FIRST_DELAY"] * 2 ** (count - free),
                config["LOGIN_THROTTLE_WINDOW"])
    remaining = (latest + delay - utcnow()).total_seconds()
    return max(0, math.ceil(remaining))


def address_hash(remote_address: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, remote_address.encode(), hashlib.sha256).hexdigest()


def is_usual_address(user: User | None, remote_address: str) -> bool:
    """Did ``user`` log in from ``remote_address`` within LOGIN_USUAL_ADDRESS_DAYS?"""
    if user is None:
        return False
    since = utcnow() - timedelta(days=current_app.config["LOGIN_USUAL_ADDRESS_DAYS"])
    return db.session.scalar(
        select(LoginAddress.id).where(LoginAddress.user_id == user.id,
                                      LoginAddress.address_hash == address_hash(remote_address),
                                      LoginAddress.last_login_at >= since)
    ) is not None


def login_wait(email: str, remote_address: str, user: User | None) -> int:
    """Seconds before a login for ``email`` from ``remote_address`` is checked (0: now)."""
    config = current_app.config
    account = [LoginAttempt.email == email]
    if is_usual_address(user, remote_address):
        account.append(LoginAttempt.remote_address == remote_address)
    return max(
        _wait(AttemptKind.LOGIN, config["LOGIN_MAX_FAILURES_PER_ACCOUNT"], *account),
        _wait(AttemptKind.LOGIN, config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
              LoginAttempt.remote_address == remote_address),
    )


def reset_wait(email: str, remote_address: str) -> int:
    """Seconds before a reset request for ``email`` from ``remote_address`` is handled.
    The same for every address, with or without an account: the answer tells nothing."""
    config = current_app.config
    return max(
        _wait(AttemptKind.RESET_REQUEST, config["PASSWORD_RESET_MAX_PER_ACCOUNT"],
              LoginAttempt.email == email),
        _wait(AttemptKind.RESET_REQUEST, config["PASSWORD_RESET_MAX_PER_ADDRESS"],
              LoginAttempt.remote_address == remote_address),
    )


def record_attempt(kind: str, email: str, remote_address: str) -> None:
    db.session.add(LoginAttempt(attempted_at=utcnow(), email=email,
                                remote_address=remote_address, kind=kind))


def remember_login(user: User, remote_address: str) -> None:
    """A successful login: the address becomes (or stays) usual for the account, and
    the account's failures from this address (the person's own typos) are forgotten.
    Failures from elsewhere stay: a stranger's wait keeps growing."""
    db.session.execute(delete(LoginAttempt).where(
        LoginAttempt.kind == AttemptKind.LOGIN, LoginAttempt.email == user.email,
        LoginAttempt.remote_address == remote_address))
    digest = address_hash(remote_address)
    known = db.session.scalar(select(LoginAddress).where(LoginAddress.user_id == user.id,
                                                         LoginAddress.address_hash == digest))
    if known is None:
        db.session.add(LoginAddress(user_id=user.id, address_hash=digest,
                                    last_login_at=utcnow()))
    else:
        known.last_login_at = utcnow()


def prune_login_records() -> int:
    """Forget attempts older than the window and addresses no longer usual; returns
    how many rows went."""
    usual_since = utcnow() - timedelta(days=current_app.config["LOGIN_USUAL_ADDRESS_DAYS"])
    attempts = db.session.execute(delete(LoginAttempt).where(
        LoginAttempt.attempted_at < _since()))
    addresses = db.session.execute(delete(LoginAddress).where(
        LoginAddress.last_login_at < usual_since))
    return (attempts.rowcount or 0) + (addresses.rowcount or 0)
