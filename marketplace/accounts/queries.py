"""Select builders and lookups for accounts. Only admins manage accounts, and they see
every organisation; a missing id is a 404."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from marketplace.accounts.models import Organisation, User
from marketplace.extensions import db
from marketplace.taxonomy.models import NaceSection, Postcode


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


@dataclass(frozen=True)
class OrganisationCard:
    """What a home page shows of the reader's own organisation beside its name: its
    sector (NACE code and labels), its place and its active users as (name, role)."""

    sector_code: str | None
    sector_nl: str | None
    sector_en: str | None
    place: str | None
    colleagues: list[tuple[str, str]]


def organisation_card(organisation_id: int) -> OrganisationCard:
    """The card of ``organisation_id`` in one statement (a row per active user; the
    reader is one of them), instead of a lazy load each for sector, place and users."""
    rows = db.session.execute(
        select(User.name, User.role, NaceSection.code, NaceSection.label_nl,
               NaceSection.label_en, Postcode.code, Postcode.municipality)
        .join(Organisation, Organisation.id == User.organisation_id)
        .outerjoin(NaceSection, NaceSection.code == Organisation.sector)
        .outerjoin(Postcode, Postcode.code == Organisation.postcode)
        .where(User.organisation_id == organisation_id, User.active)
        .order_by(User.id)
    ).all()
    first = rows[0] if rows else (None,) * 7
    return OrganisationCard(
        sector_code=first[2], sector_nl=first[3], sector_en=first[4],
        place=f"{first[5]} {first[6]}" if first[5] else None,
        colleagues=[(row[0], row[1]) for row in rows],
    )
