"""Barriers (drempels) on the demo candidates, so that profiles show them and the
barriers report shows real numbers.

About seven in ten candidates have one to three barriers, drawn with the weights the
Antwerp projects saw: childcare and mobility most often, then housing, Dutch, permits
and digital skills. Each is noted on a day since the person was registered; a good part
is solved by now, after a time typical of its kind (a bike course takes weeks, a
residence permit months), the others are open or being worked on. The support texts
name real kinds of help in Antwerp (Atlas, a bike course, childcare through Kind en
Gezin, ...), and some barriers are referred to a demo partner organisation. Seeded, so
every load gives the same data.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from marketplace.accounts.models import Organisation
from marketplace.barriers.operations import BarrierData, add_barrier, registered_on
from marketplace.barriers.vocab import BarrierKind, BarrierStatus
from marketplace.candidates.models import Candidate
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.db_types import local_today
from marketplace.demo.candidates import date_the_record
from marketplace.extensions import db

SEED = 20261218

#: How often each kind comes up (relative weights), and the days solving it usually
#: takes (fewest, most).
KINDS: dict[BarrierKind, tuple[int, tuple[int, int]]] = {
    BarrierKind.CHILDCARE: (24, (14, 120)),
    BarrierKind.NO_BIKE: (16, (10, 45)),
    BarrierKind.NO_DRIVING_LICENCE: (11, (60, 240)),
    BarrierKind.NO_TRANSPORT_MONEY: (10, (7, 40)),
    BarrierKind.HOUSING: (9, (30, 240)),
    BarrierKind.DUTCH: (8, (60, 200)),
    BarrierKind.RESIDENCE_PERMIT: (7, (45, 220)),
    BarrierKind.DIGITAL_SKILLS: (7, (14, 70)),
    BarrierKind.DIPLOMA_RECOGNITION: (6, (60, 200)),
    BarrierKind.HEALTH: (5, (20, 150)),
    BarrierKind.CARING_DUTIES: (4, (30, 150)),
    BarrierKind.DISCRIMINATION: (3, (14, 90)),
    BarrierKind.OTHER: (2, (7, 60)),
}

#: What a coach writes about the support arranged, per kind; the demo partner
#: organisation the person was referred to, by its short name (None: nobody).
SUPPORT: dict[BarrierKind, list[tuple[str, str | None]]] = {
    BarrierKind.CHILDCARE: [
        ("Kinderopvang gezocht via het Loket Kinderopvang Antwerpen.", None),
        ("Plaats in een kinderdagverblijf via Kind en Gezin aangevraagd.", None),
        ("Voor- en naschoolse opvang geregeld bij de school.", None),
    ],
    BarrierKind.NO_BIKE: [
        ("Ingeschreven voor een fietscursus voor volwassenen.", None),
        ("Tweedehands fiets via het fietsatelier in de buurt.", None),
    ],
    BarrierKind.NO_DRIVING_LICENCE: [
        ("Rijbewijs B: theorie-examen gepland, lessen via de rijschool.", None),
        ("Doorverwezen naar VDAB voor een opleiding rijbewijs C.", "vdab"),
    ],
    BarrierKind.NO_TRANSPORT_MONEY: [
        ("Verminderd tarief De Lijn aangevraagd via het OCMW.", None),
        ("Vervoerskosten voor de opleiding terugbetaald via VDAB.", "vdab"),
    ],
    BarrierKind.HOUSING: [
        ("Samen ingeschreven bij sociale huisvesting.", None),
        ("Doorverwezen naar het Woonloket voor een huurpremie.", None),
    ],
    BarrierKind.DUTCH: [
        ("Ingeschreven voor NT2 bij het Huis van het Nederlands.", "atlas"),
        ("Conversatiegroep op woensdag, naast de cursus.", "intro"),
    ],
    BarrierKind.RESIDENCE_PERMIT: [
        ("Doorverwezen naar Atlas voor juridische vragen over het verblijf.", "atlas"),
        ("Arbeidskaart: vraag aan de werkgever uitgelegd, dossier loopt.", "atlas"),
    ],
    BarrierKind.DIGITAL_SKILLS: [
        ("Cursus werken met smartphone en e-mail bij de Digipunt.", None),
        ("Hulp bij Mijn Loopbaan en solliciteren online.", "vdab"),
    ],
    BarrierKind.DIPLOMA_RECOGNITION: [
        ("Aanvraag gelijkwaardigheid diploma bij NARIC-Vlaanderen, met Atlas.", "atlas"),
    ],
    BarrierKind.HEALTH: [
        ("Afspraak bij de huisarts en het wijkgezondheidscentrum.", None),
        ("Doorverwezen naar een psycholoog via het CAW.", None),
    ],
    BarrierKind.CARING_DUTIES: [
        ("Thuiszorg voor de moeder aangevraagd, werkuren afgestemd.", None),
    ],
    BarrierKind.DISCRIMINATION: [
        ("Melding gedaan bij Unia; gesprek over hoe je reageert.", None),
    ],
    BarrierKind.OTHER: [
        ("Schuldbemiddeling via het OCMW gestart.", None),
    ],
}

#: Demo partner organisations by short name (see ``demo/accounts.py``).
PARTNER_NAMES = {"vdab": "VDAB Antwerpen", "atlas": "Atlas Antwerpen",
                 "intro": "Groep INTRO Antwerpen"}


def _draw_kinds(rng: random.Random, count: int) -> list[BarrierKind]:
    kinds = list(KINDS)
    weights = [KINDS[kind][0] for kind in kinds]
    chosen: list[BarrierKind] = []
    while len(chosen) < count:
        kind = rng.choices(kinds, weights)[0]
        if kind not in chosen:
            chosen.append(kind)
    return chosen


def load_demo_barriers() -> int:
    """Add barriers to the demo candidates; returns how many."""
    rng = random.Random(SEED)
    today = local_today()
    partners = dict(db.session.execute(
        select(Organisation.name, Organisation.id)
        .where(Organisation.name.in_(PARTNER_NAMES.values()))).all())
    candidates = db.session.scalars(
        select(Candidate).where(Candidate.status != CandidateStatus.ERASED)
        .order_by(Candidate.id)).all()
    made = 0
    for candidate in candidates:
        if rng.random() >= 0.7:
            continue
        registered = registered_on(candidate)
        settling = min(20, (today - registered).days)  # noted in the first weeks
        for kind in _draw_kinds(rng, rng.choice((1, 1, 2, 2, 3))):
            noted_on = registered + timedelta(days=rng.randint(0, settling))
            fewest, most = KINDS[kind][1]
            solved_on = noted_on + timedelta(days=rng.randint(fewest, most))
            if solved_on <= today and rng.random() < 0.75:
                status = BarrierStatus.SOLVED
            else:
                solved_on = None
                status = rng.choice((BarrierStatus.OPEN, BarrierStatus.IN_PROGRESS))
            support, partner = rng.choice(SUPPORT[kind])
            if status == BarrierStatus.OPEN and rng.random() < 0.5:
                support, partner = None, None  # noted, nothing arranged yet
            barrier = add_barrier(candidate, BarrierData(
                kind=kind, status=status, noted_on=noted_on, solved_on=solved_on,
                support=support,
                referral_organisation_id=partners.get(PARTNER_NAMES[partner]) if partner else None,
            ), recorded_by=candidate.coach)
            date_the_record(barrier, noted_on, solved_on)
            made += 1
    return made
