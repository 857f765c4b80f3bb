"""Select builders and lookups for accounts. Only admins manage accounts, and they see
every organisation; a missing id is a 404."""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from marketplace.accounts.models import Organisation, User
from marketplace.extensions import db


def users_matching(search: str | None = None, organisation_id: int | None = None) -> Select:
    """Users by name, optionally filtered by a piece of name or e-mail and organisation."""
    query = select(User).order_by(func.lower(User.name), User.id)
    if search:
        like = f"%{search.strip().lower()}%"
        query = query.where(or_(func.lower(User.name).like(like), User.email.like(like)))
    if organisation_id:
        query = query.where(User.organisation_id == organisation_id)
    return query


def organisations_matching(search: str | None = None, kind: str | None = None) -> Select:
    # The admin list shows each organisation's place: one statement for the page.
    query = select(Organisation).order_by(func.lower(Organisation.name)).options(
        selectinload(Organisation.place))
    if search:
        query = query.where(func.lower(Organisation.name).like(f"%{search.strip().lower()}%"))
    if kind:
        query = query.where(Organisation.kind == kind)
    return query


def all_organisations() -> list[Organisation]:
    return list(db.session.scalars(organisations_matching()))


def user_or_404(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


def organisation_or_404(organisation_id: int) -> Organisation:
    return db.session.get(Organisation, organisation_id) or abort(404)
