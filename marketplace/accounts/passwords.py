"""Password hashing with Argon2id (argon2-cffi), the current OWASP recommendation."""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_PASSWORD_LENGTH = 10


@cache
def _hasher(fast: bool) -> PasswordHasher:
    if fast:  # tests only: the same algorithm with tiny costs
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


def _current_hasher() -> PasswordHasher:
    return _hasher(bool(current_app.config.get("PASSWORD_HASH_FAST")))


def hash_password(password: str) -> str:
    return _current_hasher().hash(password)


@cache
def _stand_in_hash(fast: bool) -> str:
    """A hash no password matches, made with the current costs: verified in place of a
    missing one, so that an unknown address or an account without a password costs as
    much as a wrong password (the answer time then says nothing)."""
    return _hasher(fast).hash(secrets.token_urlsafe(32))


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash, verify a stand-in so timing says nothing."""
    fast = bool(current_app.config.get("PASSWORD_HASH_FAST"))
    try:
        matches = _hasher(fast).verify(password_hash or _stand_in_hash(fast), password)
    except (VerificationError, InvalidHashError):
        return False
    return matches and password_hash is not None


def needs_rehash(password_hash: str) -> bool:
    return _current_hasher().check_needs_rehash(password_hash)
