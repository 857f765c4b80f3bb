"""Demo API keys: the port employer's ATS has one (made by the partnership's admin),
VDAB's case file system one (made by Jonas De Smet, who manages VDAB's keys), and an
older one of the hospital was revoked. (The other demo users keep the usual rights:
the browser tests walk the site as them.)

The secrets are random on every load (a key is a secret even in a demo); the loader
prints the working ones so the API can be tried at once.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.accounts.models import Organisation, User
from marketplace.apitokens.operations import create_token, revoke_token
from marketplace.db_types import utcnow
from marketplace.extensions import db

ADMIN = "admin@werkbrug.demo"
#: The demo user who manages VDAB's keys ("beheert API-sleutels").
VDAB_KEY_MANAGER = "coach2@werkbrug.demo"
#: (organisation key, maker's e-mail, key name, scopes, days valid)
DEMO_TOKENS = (
    ("port", ADMIN, "ATS Scheldepoort (aanbod)",
     ("opportunities:read", "opportunities:write", "proposals:read"), 180),
    ("vdab", VDAB_KEY_MANAGER, "VDAB dossiersysteem",
     ("candidates:read", "candidates:write", "proposals:read", "opportunities:read"), 365),
)
#: The hospital's first ATS key, replaced: revoked by the partnership's admin.
REVOKED_TOKEN = ("hospital", ADMIN, "Oud ATS-koppeling", ("opportunities:read",), 90)


def _user(email: str) -> User:
    return db.session.scalars(select(User).where(User.email == email)).one()


def load_demo_api_tokens(organisations: dict[str, Organisation]) -> dict[str, str]:
    """Make the demo keys; returns the working keys' bearer strings by name."""
    _user(VDAB_KEY_MANAGER).manages_api_tokens = True
    secrets = {}
    for key, email, name, scopes, days in (*DEMO_TOKENS, REVOKED_TOKEN):
        token, secret = create_token(organisations[key], name=name, scopes=scopes,
                                     expires_at=utcnow() + timedelta(days=days),
                                     created_by=_user(email))
        if key == REVOKED_TOKEN[0]:
            revoke_token(token, revoked_by=_user(ADMIN))
        else:
            secrets[name] = secret
    db.session.flush()
    return secrets
