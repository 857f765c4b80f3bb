"""Signed, expiring, single-use links for invitations and password resets.

A link carries the user's id and their current *security stamp*. Setting a password
replaces the stamp, so a link works once: afterwards its stamp no longer matches.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from marketplace.accounts.models import User
from marketplace.extensions import db

SALT = "werkbrug.account-link"


class LinkProblem(enum.StrEnum):
    EXPIRED = "expired"
    USED = "used"
    INVALID = "invalid"


@dataclass
class LinkCheck:
    user: User | None
    problem: LinkProblem | None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_account_link_token(user: User) -> str:
    return _serializer().dumps({"u": user.id, "s": user.security_stamp})


def check_account_link_token(token: str) -> LinkCheck:
    """Who the link is for, or why it cannot be used."""
    max_age = int(current_app.config["INVITATION_MAX_AGE"].total_seconds())
    try:
        payload = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        return LinkCheck(None, LinkProblem.EXPIRED)
    except BadSignature:
        return LinkCheck(None, LinkProblem.INVALID)
    if not isinstance(payload, dict):
        return LinkCheck(None, LinkProblem.INVALID)
    user = db.session.get(User, payload.get("u"))
    if user is None or not user.is_active:
        return LinkCheck(None, LinkProblem.INVALID)
    if user.security_stamp != payload.get("s"):
        return LinkCheck(None, LinkProblem.USED)
    return LinkCheck(user, None)
