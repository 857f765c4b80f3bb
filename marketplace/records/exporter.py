"""Writing the database back in the interchange format (see ``schema.py``).

Records made on the site have no ``ref``; they get a stable one from their id
(``opportunity-12``), so an exported file imports back onto the same rows only where
refs exist, and as new rows elsewhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy import select

from marketplace.accounts.models import Organisation, User
from marketplace.candidates.models import Candidate
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.security import OrganisationKind, Role

ROLE_OF_KIND = {
    OrganisationKind.EMPLOYER: "employer",
    OrganisationKind.PARTNER: "partner",
    OrganisationKind.FEDERATION: "federation",
    OrganisationKind.ADMIN_BODY: "admin",
}


def _ref(ref: str | None, kind: str, id_: int) -> str:
    return ref or f"{kind}-{id_}"


def export_lines() -> Iterator[str]:
    """One JSON line per organisation, coach, opportunity and active candidate."""
    for record in export_records():
        yield json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def export_records() -> Iterator[dict]:
    organisations = {}
    for org in db.session.scalars(select(Organisation).order_by(Organisation.id)):
        organisations[org.id] = _ref(org.ref, "organisation", org.id)
        record = {"type": "organisation", "ref": organisations[org.id], "name": org.name,
                  "role": ROLE_OF_KIND[OrganisationKind(org.kind)]}
        if org.sector:
            record["sector"] = org.sector
        if org.postcode:
            record["postcode"] = org.postcode
        yield record
    coaches = {}
    for user in db.session.scalars(
            select(User).where(User.role == Role.COACH).order_by(User.id)):
        coaches[user.id] = user.email
        yield {"type": "coach", "email": user.email, "name": user.name,
               "organisation": organisations[user.organisation_id]}
    for o in db.session.scalars(select(Opportunity).order_by(Opportunity.id)):
        record = {
            "type": "opportunity", "ref": _ref(o.ref, "opportunity", o.id),
            "organisation": organisations[o.organisation_id], "kind": o.kind,
            "title": o.title, "description": o.description, "occupation": o.occupation.uri,
            "postcode": o.postcode, "hours_per_week": o.hours_per_week,
            "dutch_level": o.dutch_level, "language_support": o.language_support,
            "places": o.places, "status": o.status,
            "languages": [{"code": lang.language_code, "level": lang.level,
                           "required": lang.required} for lang in o.languages],
            "skills": [{"uri": s.skill.uri, "required": s.required} for s in o.skills],
        }
        if o.starts_on:
            record["starts_on"] = o.starts_on.isoformat()
        else:  # "as soon as possible": the format needs a date
            record["starts_on"] = (o.published_at or o.created_at).date().isoformat()
        if o.closes_on:
            record["closes_on"] = o.closes_on.isoformat()
        yield record
    for c in db.session.scalars(
            select(Candidate).where(Candidate.status == "active").order_by(Candidate.id)):
        kinds = [kind for kind in ("job", "internship", "volunteering")
                 if getattr(c, f"wishes_{kind}")]
        wishes = {"occupations": [w.occupation.uri for w in c.wished_occupations]}
        if kinds:
            wishes["kinds"] = kinds
        if c.hours_per_week:
            wishes["hours_per_week"] = c.hours_per_week
        if c.max_commute_km is not None:
            wishes["max_commute_km"] = c.max_commute_km
        yield {
            "type": "candidate", "ref": _ref(c.ref, "candidate", c.id),
            "coach": coaches[c.coach_id], "pseudonym": c.pseudonym, "postcode": c.postcode,
            "dutch_level": c.dutch_level,
            "languages": [{"code": lang.language_code, "level": lang.level}
                          for lang in c.languages],
            "experience": [{"title": e.title_as_said or e.occupation.label_nl,
                            "occupation": e.occupation.uri, "years": e.years}
                           for e in c.experiences],
            "skills": [{"uri": s.skill.uri} for s in c.skills],
            "wishes": wishes,
            "available_from": (c.available_from or c.created_at.date()).isoformat(),
            "allowed_to_work": c.allowed_to_work,
            "consent": bool(c.has_active_consent),
        }
