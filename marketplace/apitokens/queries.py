"""Which tokens and organisations a user may manage: the partnership's admins every
organisation's, a user with ``manages_api_tokens`` only their own organisation's.
Anything else is a 404, as in the rest of the site."""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, select

from marketplace.accounts.models import Organisation
from marketplace.accounts.roles import Role
from marketplace.apitokens.models import ApiToken
from marketplace.extensions import db


def manages_every_organisation(user) -> bool:
    return user.role == Role.ADMIN


def managed_tokens(user) -> Select:
    """The tokens ``user`` may see and revoke, newest first."""
    query = select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    if manages_every_organisation(user):
        return query
    return query.where(ApiToken.organisation_id == user.organisation_id)


def managed_token_or_404(token_id: int, user) -> ApiToken:
    query = managed_tokens(user).where(ApiToken.id == token_id)
    return db.session.scalars(query).one_or_none() or abort(404)


def managed_organisations(user) -> list[Organisation]:
    """The organisations ``user`` may make tokens for (active ones), by name."""
    query = select(Organisation).where(Organisation.is_active.is_(True)).order_by(
        Organisation.name)
    if not manages_every_organisation(user):
        query = query.where(Organisation.id == user.organisation_id)
    return list(db.session.scalars(query))


def managed_organisation_or_404(organisation_id: int | None, user) -> Organisation:
    """The organisation a new token is for: ``organisation_id`` (admins), else the
    user's own; one the user may not manage is a 404."""
    if organisation_id is None:
        organisation_id = user.organisation_id
    found = next((org for org in managed_organisations(user) if org.id == organisation_id),
                 None)
    return found or abort(404)
