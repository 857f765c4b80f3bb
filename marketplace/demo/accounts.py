"""Demo organisations and one or more users per role."""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.accounts.models import Organisation, User
from marketplace.accounts.passwords import hash_password
from marketplace.accounts.roles import OrganisationKind, Role
from marketplace.extensions import db

#: Demo only: printed by the loader and listed in the README.
DEMO_PASSWORD = "werkbrug-demo-2026"  # noqa: S105


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    kind: OrganisationKind
    sector: str | None
    postcode: str


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    organisation: str
    role: Role


ORGANISATIONS = (
    DemoOrganisation(
        "admin", "Werkbrug Partnerschap Antwerpen", OrganisationKind.ADMIN_BODY, None, "2000"
    ),
    DemoOrganisation("port", "Scheldepoort Logistics", OrganisationKind.EMPLOYER, "H", "2030"),
    DemoOrganisation(
        "hospital", "Ziekenhuis Aan de Stroom", OrganisationKind.EMPLOYER, "Q", "2020"
    ),
    DemoOrganisation("cleaning", "Glansrijk Schoonmaak", OrganisationKind.EMPLOYER, "N", "2100"),
    DemoOrganisation("volunteering", "Buurtwerk Samen vzw", OrganisationKind.EMPLOYER, "S", "2140"),
    DemoOrganisation("bakery", "Bakkerij De Zuidpool", OrganisationKind.EMPLOYER, "C", "2018"),
    DemoOrganisation("vdab", "VDAB Antwerpen", OrganisationKind.PARTNER, None, "2000"),
    DemoOrganisation("atlas", "Atlas Antwerpen", OrganisationKind.PARTNER, None, "2060"),
    DemoOrganisation("intro", "Groep INTRO Antwerpen", OrganisationKind.PARTNER, None, "2018"),
    DemoOrganisation(
        "federation", "Federatie Haven & Logistiek", OrganisationKind.FEDERATION, "H", "2030"
    ),
    DemoOrganisation(
        "training", "VDAB Competentiecentrum Antwerpen", OrganisationKind.TRAINING_PROVIDER,
        None, "2030",
    ),
)

USERS = (
    DemoUser("admin@werkbrug.demo", "Anouk Peeters", "admin", Role.ADMIN),
    DemoUser("werkgever@werkbrug.demo", "Tom Janssens", "port", Role.EMPLOYER),
    DemoUser("ziekenhuis@werkbrug.demo", "Sara El Amrani", "hospital", Role.EMPLOYER),
    DemoUser("schoonmaak@werkbrug.demo", "Kevin Wouters", "cleaning", Role.EMPLOYER),
    DemoUser("buurtwerk@werkbrug.demo", "Lies Vermeulen", "volunteering", Role.EMPLOYER),
    DemoUser("bakkerij@werkbrug.demo", "Pieter Claes", "bakery", Role.EMPLOYER),
    DemoUser("coach@werkbrug.demo", "Fatima Benali", "vdab", Role.COACH),
    DemoUser("coach2@werkbrug.demo", "Jonas De Smet", "vdab", Role.COACH),
    DemoUser("coach3@werkbrug.demo", "Hanna Goossens", "atlas", Role.COACH),
    DemoUser("coach4@werkbrug.demo", "Yusuf Demir", "atlas", Role.COACH),
    DemoUser("analist@werkbrug.demo", "Eva Maes", "federation", Role.ANALYST),
    DemoUser("opleiding@werkbrug.demo", "Bram Verbeke", "training", Role.EMPLOYER),
)


def load_demo_accounts() -> dict[str, Organisation]:
    """Create the demo organisations and users; returns organisations by key."""
    organisations: dict[str, Organisation] = {}
    for spec in ORGANISATIONS:
        organisation = Organisation(
            name=spec.name, kind=spec.kind, sector=spec.sector, postcode=spec.postcode
        )
        db.session.add(organisation)
        organisations[spec.key] = organisation
    db.session.flush()
    password_hash = hash_password(DEMO_PASSWORD)
    for spec in USERS:
        db.session.add(
            User(
                email=spec.email,
                name=spec.name,
                role=spec.role,
                organisation=organisations[spec.organisation],
                password_hash=password_hash,
                locale="nl",
            )
        )
    db.session.flush()
    return organisations
