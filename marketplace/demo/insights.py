"""A year of opportunity history, so that the insights dashboards show something.

The demo opportunities of ``demo/opportunity_data.py`` are few and one per occupation:
most figures would be "<5". This adds six more employers (three in transport and
logistics, the demo federation's sector; one each in care, hospitality and cleaning)
and about three hundred opportunities of the last twelve months, most of them filled or
closed by now, a good part still open. Each is a variation of a demo opportunity of
the same sector (title, description, occupation, skills), at another Antwerp postcode,
with other places and dates. Seeded, so every load gives the same data.

The extra employers have no users: nobody logs in for them, and their history events
have no actor, as an import would leave them.
"""

from __future__ import annotations

import random
from dataclasses import replace

from marketplace.accounts.models import Organisation
from marketplace.accounts.roles import OrganisationKind
from marketplace.demo.accounts import ORGANISATIONS, DemoOrganisation
from marketplace.demo.opportunities import load_demo_opportunities
from marketplace.demo.opportunity_data import OPPORTUNITIES
from marketplace.extensions import db
from marketplace.opportunities.vocab import OpportunityStatus

SEED = 2027
HISTORY = 320
OLDEST_DAYS, NEWEST_DAYS = 375, 8

EXTRA_EMPLOYERS = (
    DemoOrganisation("dock", "Kaaien Noord Stevedoring", OrganisationKind.EMPLOYER, "H", "2030"),
    DemoOrganisation("depot", "Distributiecentrum Ekeren", OrganisationKind.EMPLOYER, "H", "2180"),
    DemoOrganisation("haulier", "Transport Zuidrand", OrganisationKind.EMPLOYER, "H", "2610"),
    DemoOrganisation(
        "care_home", "Woonzorgcentrum De Linde", OrganisationKind.EMPLOYER, "Q", "2660"
    ),
    DemoOrganisation("brasserie", "Brasserie Groenplaats", OrganisationKind.EMPLOYER, "I", "2000"),
    DemoOrganisation(
        "facility", "Netjes Facility Services", OrganisationKind.EMPLOYER, "N", "2140"
    ),
)

#: Where the extra opportunities are: the city's districts and the towns around it.
POSTCODES = (
    "2000",
    "2018",
    "2020",
    "2030",
    "2040",
    "2050",
    "2060",
    "2100",
    "2140",
    "2150",
    "2170",
    "2180",
    "2600",
    "2610",
    "2660",
    "2800",
    "2900",
    "2640",
    "2630",
)

#: Which employers (by key) offer variations of which demo employer's opportunities,
#: and how often: logistics most, the federation's sector.
FAMILIES: dict[str, tuple[tuple[str, ...], int]] = {
    "port": (("port", "dock", "depot", "haulier"), 5),
    "hospital": (("hospital", "care_home"), 2),
    "cleaning": (("cleaning", "facility"), 2),
    "bakery": (("bakery", "brasserie"), 1),
    "volunteering": (("volunteering",), 1),
}


def _status(rng: random.Random, days_ago: int) -> str:
    """Older ones are mostly filled or closed; recent ones mostly still open."""
    if days_ago < 80:  # too recent to be filled after 12 to 70 days in the past
        return rng.choices([OpportunityStatus.PUBLISHED, OpportunityStatus.PAUSED], [9, 1])[0]
    weights = [2, 1, 6, 3] if days_ago > 150 else [5, 1, 3, 1]
    return rng.choices(
        [
            OpportunityStatus.PUBLISHED,
            OpportunityStatus.PAUSED,
            OpportunityStatus.FILLED,
            OpportunityStatus.CLOSED,
        ],
        weights,
    )[0]


def history_specs(seed: int = SEED, count: int = HISTORY):
    """The extra opportunities as ``DemoOpportunity`` specs (pure: no database)."""
    rng = random.Random(seed)
    templates = {
        family: [spec for spec in OPPORTUNITIES if spec.employer == family] for family in FAMILIES
    }
    families = [family for family, (_keys, weight) in FAMILIES.items() for _ in range(weight)]
    specs = []
    for _ in range(count):
        family = rng.choice(families)
        template = rng.choice(templates[family])
        days_ago = rng.randint(NEWEST_DAYS, OLDEST_DAYS)
        specs.append(
            replace(
                template,
                employer=rng.choice(FAMILIES[family][0]),
                postcode=rng.choice(POSTCODES),
                places=rng.choices([1, 2, 3, 4, 6], [5, 4, 2, 1, 1])[0],
                language_support=template.language_support or rng.random() < 0.25,
                status=_status(rng, days_ago),
                created_days_ago=days_ago,
            )
        )
    return tuple(specs)


def load_demo_history(organisations: dict[str, Organisation]) -> int:
    """Add the extra employers and their year of opportunities; returns how many."""
    known = {spec.key for spec in ORGANISATIONS}
    for spec in EXTRA_EMPLOYERS:
        assert spec.key not in known, spec.key
        organisation = Organisation(
            name=spec.name, kind=spec.kind, sector=spec.sector, postcode=spec.postcode
        )
        db.session.add(organisation)
        organisations = {**organisations, spec.key: organisation}
    db.session.flush()
    return load_demo_opportunities(organisations, seed=SEED, specs=history_specs())
